"""The form-based rule-set editor in a real browser: a hub editor fills the form (first with a limit naming a
rule that does not exist: the engine's message beside the field), saves, and adoptions then score under it."""

from __future__ import annotations

import datetime

import pytest

from tests.e2e.conftest import sign_in
from xinbao.scoring.models import RuleSet
from xinbao.scoring.tests.factories import adopt, make_item

pytestmark = pytest.mark.e2e

D = datetime.date


def test_form_editor_writes_a_rule_set_that_scores(page, city, password) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "county_editor", password)
    page.goto(page.base_url + "/scoring/")
    page.click("[data-testid=rule-set-form-new]")
    page.fill("#id_valid_from", "2026-01-01")
    page.fill("#id_name", "表单考核办法")
    page.select_option("#id_period", "year")
    page.fill("#id_base", "10")
    page.fill("#id_quotas-0-label", "报送任务")
    page.fill("#id_quotas-0-target", "3")
    page.fill("#id_quotas-0-met", "5")
    page.fill("#id_quotas-0-per_missing", "-2")
    page.fill("#id_adoptions-0-key", "county")
    page.fill("#id_adoptions-0-label", "县级采用")
    page.check("input[name='adoptions-0-levels'][value=county]")
    page.fill("#id_adoptions-0-points", "4")
    page.fill("#id_limits-0-label", "采用分最多6分")
    page.fill("#id_limits-0-keys", "countyy")  # a typo: no rule has this key
    page.fill("#id_limits-0-max", "6")
    page.click("[data-testid=editor-save]")
    # The engine's message, beside the limit's keys; nothing saved.
    error = page.locator("[data-testid=section-limits] [data-testid=field-error]").first.inner_text()
    assert "不存在的规则键“countyy”" in error
    assert not RuleSet.objects.exists()

    page.fill("#id_limits-0-keys", "county")
    page.click("[data-testid=editor-save]")
    assert "考核办法已建立并启用第1版" in page.locator("body").inner_text()
    assert "levels: [county]" in page.locator("[data-testid=shown-text]").inner_text()
    rule_set = RuleSet.objects.get()

    for i in range(2):  # adopted after the rule set exists: scored at once
        item = make_item(city.township, city.officer, D(2026, 1, 5), title=f"城关镇信息{i}")
        adopt(item, D(2026, 2, 1), "county", adopter=city.county_hub)
    page.goto(f"{page.base_url}/scoring/{rule_set.pk}/units/{city.township.pk}/?period=2026")
    # base 10; 2 of 3 submitted → -2; two county adoptions 2 × 4 = 8, capped at 6 (-2) → 14.
    assert "14分" in page.locator("[data-testid=ledger-total]").inner_text()
    assert "县级采用" in page.locator("[data-testid=ledger-entries]").inner_text()
