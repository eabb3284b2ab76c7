"""Scoring in a real browser: a hub writes a rule set (bad line first), reads rankings and a unit's
ledger, previews a changed version side by side and applies it (notices: test_notices.py)."""

from __future__ import annotations

import datetime

import pytest

from tests.e2e.conftest import sign_in
from xinbao.scoring.tests.factories import adopt, example, make_item

pytestmark = pytest.mark.e2e

D = datetime.date


def _data(city) -> None:  # type: ignore[no-untyped-def]
    for i in range(2):
        item = make_item(city.township, city.officer, D(2026, 1, 5 + i), title=f"城关镇信息{i}")
        adopt(item, D(2026, 2, 1), "county", adopter=city.county_hub)


def test_hub_writes_rules_reads_rankings_previews_and_publishes(page, city, password, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, "county_editor", password)
    page.goto(page.base_url + "/scoring/new/")
    page.fill("#id_valid_from", "2026-01-01")
    page.fill("[data-testid=rules-text]", "name: 测试\nperiod: quarter\nbase: 六\n")
    page.click("[data-testid=rule-set-save]")
    assert "第3行：“base”应为数字，而不是“六”。" in page.locator(".invalid-feedback").first.inner_text()

    page.fill("[data-testid=rules-text]", example("district_quarterly.yaml"))
    page.click("[data-testid=rule-set-save]")
    assert "考核办法已建立并启用第1版" in page.locator("body").inner_text()
    rule_set_url = page.url

    _data(city)  # adopted after the rule set exists: scored at once
    page.goto(rule_set_url + "rankings/?period=2026Q1")
    rows = page.locator("[data-testid=unit-ranking] tbody tr")
    # 城关镇: base 6, 2 of 3 submitted (-1), two district adoptions (+20) → 25 (live scoring).
    assert rows.nth(0).inner_text().split("\t")[:3] == ["1", "清河城关镇", "25"]

    rows.nth(0).locator("a").click()
    assert "25分" in page.locator("[data-testid=ledger-total]").inner_text()
    entries = page.locator("[data-testid=ledger-entries]").inner_text()
    assert "县委办公室采用《城关镇信息0》（区级采用（政务/新闻/党建）），+10分" in entries

    page.goto(rule_set_url)
    page.fill("[data-testid=rules-text]", example("district_quarterly.yaml").replace("base: 6", "base: 8"))
    page.click("[data-testid=save-version]")
    page.click("[data-testid=preview-2]")
    page.select_option("[data-testid=period-picker] select", "2026Q1")
    page.click("[data-testid=period-picker] button")
    preview = page.locator("[data-testid=preview-table] tbody tr").first.inner_text().split("\t")
    assert preview == ["清河城关镇", "1", "25", "1", "27", "+2"]
    page.click("[data-testid=apply]")
    assert "已启用第2版并重新计算2026年第1季度" in page.locator("body").inner_text()
    assert page.locator("[data-testid=unit-ranking] tbody tr").nth(0).inner_text().split("\t")[:3] == [
        "1",
        "清河城关镇",
        "27",
    ]
