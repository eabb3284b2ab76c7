"""The 信息决策循环 in a real browser: the county leader writes a 批示 on an item of a published issue;
the hub assigns it to two townships; both report; the hub accepts and closes it; the writer's inbox
shows the outcome. Then a commission: the hub issues it to a class of units; one answers through the
normal items flow, the other is late and reminded; the commission page shows both."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from tests.e2e.conftest import sign_in, sign_out
from xinbao.items import actions as item_actions
from xinbao.items.testing import make_submitted_item
from xinbao.notify.reminders import send_due
from xinbao.orgs.models import AssessmentClass, Unit
from xinbao.publications import actions as pub

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def leave(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_load_state("networkidle")
    sign_out(page)


def _published_issue(city):  # type: ignore[no-untyped-def]
    paper = pub.create_periodical(
        city.county_editor,
        hub=city.county_hub,
        channel=city.channels["party"],
        name="清河信息",
        distribution={"report_to": [city.city_hub], "issue_to": [city.township]},
    )
    sub = make_submitted_item(city, title="城关镇山塘隐患排查发现三处险情")
    issue = pub.create_issue(city.county_editor, paper)
    pub.add_entry(city.county_editor, issue, sub)
    pub.submit_issue(city.county_editor, issue)
    pub.review_issue(city.county_chief, issue, approve=True)
    pub.sign_issue(city.county_director, issue)
    pub.publish_issue(city.county_editor, issue)
    return issue, sub.item


def test_instruction_loop_from_the_leader_to_the_writers_inbox(page, city, password, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.XINBAO_ISSUE_PDF = False
    page.on("dialog", lambda dialog: dialog.accept())
    issue, item = _published_issue(city)

    sign_in(page, "county_leader", password)
    page.goto(page.base_url + f"/instructions/new/?issue={issue.pk}")
    page.select_option("#id_item", str(item.pk))
    page.select_option("#id_kind", "action")
    page.fill("#id_text", "请各镇汛前完成山塘整改，县水利局督导。")
    page.click("[data-testid=save-instruction]")
    page.wait_for_load_state("networkidle")
    leave(page)

    sign_in(page, "county_editor", password)
    page.goto(page.base_url + "/instructions/")
    page.locator("[data-testid=instruction-index] a", has_text="请各镇汛前完成山塘整改").click()
    page.select_option("#id_units", [str(city.township.pk), str(city.township2.pk)])
    page.fill("#id_due_on", (timezone.localdate() + datetime.timedelta(days=10)).isoformat())
    page.fill("#id_expectation", "报送整改清单和完成时间。")
    page.click("[data-testid=assign]")
    assert page.locator("[data-testid=assignment-QH-T01] [data-testid=assignment-state]").inner_text() == "待受理"
    leave(page)

    for account, code, text in (("officer", "QH-T01", "3处险情已整改完毕。"), ("officer2", "QH-T02", "辖区无险情。")):
        sign_in(page, account, password)
        page.goto(page.base_url + "/instructions/tasks/")
        page.locator("[data-testid=task-list] a").first.click()
        page.fill(f"[data-testid=report-text-{code}]", text)
        page.click(f"[data-testid=report-{code}]")
        assert (
            page.locator(f"[data-testid=assignment-{code}] [data-testid=assignment-state]").inner_text() == "已反馈待审"
        )
        leave(page)

    sign_in(page, "county_editor", password)
    page.goto(page.base_url + "/instructions/")
    page.locator("[data-testid=instruction-index] a").first.click()
    for code in ("QH-T01", "QH-T02"):
        page.click(f"[data-testid=review-{code}]")
        assert page.locator(f"[data-testid=assignment-{code}] [data-testid=assignment-state]").inner_text() == "已落实"
    page.fill("[data-testid=outcome]", "两镇山塘全部排查，3处险情整改完毕。")
    page.click("[data-testid=close]")
    assert page.locator("[data-testid=instruction-state]").inner_text() == "已办结"
    leave(page)

    sign_in(page, "officer", password)
    page.goto(page.base_url + "/inbox/")
    inbox = page.content()
    assert "城关镇山塘隐患排查发现三处险情" in inbox and "3处险情整改完毕" in inbox


@pytest.fixture
def commission_source():  # type: ignore[no-untyped-def]
    """Scoring registers the commissions' facts itself (scoring/sources.py)."""
    yield


# The district example (a commission completed +2) with the deduction some offices add for a missed one.
MISSED_RULE = "  - key: commission_missed\n    label: 未完成约稿\n    fact: commission.missed\n    points: -1\n"


def test_commission_to_a_class_one_answers_one_is_late_and_reminded(page, city, password, commission_source) -> None:
    klass = AssessmentClass.objects.create(name="一类")
    Unit.objects.filter(pk__in=[city.township.pk, city.township2.pk]).update(assessment_class=klass)
    due = timezone.localtime() + datetime.timedelta(days=3)

    sign_in(page, "county_editor", password)
    page.goto(page.base_url + "/commissions/new/")
    page.select_option("#id_kind", "commission")
    page.fill("#id_title", "基层治理新做法")
    page.fill("#id_due_at", due.strftime("%Y-%m-%dT%H:%M"))
    page.check("input[name=rule][value=class]")
    page.select_option("#id_unit_class", str(klass.pk))
    page.click("[data-testid=issue-commission]")
    page.wait_for_selector("[data-testid=commission-targets]")
    leave(page)

    # 城关镇 answers through the normal items flow: a linked draft, then 送签 and 签发 as any item.
    sign_in(page, "officer", password)
    page.goto(page.base_url + "/commissions/mine/")
    page.locator("[data-testid=commission-mine] a", has_text="基层治理新做法").click()
    page.click("[data-testid=answer]")
    page.fill("#id_title", "城关镇网格化治理见成效")
    page.fill("#id_body", "城关镇划分网格42个，群众诉求平均两天办结。")
    page.fill("#id_writer_phone", "0571-88886666")
    page.click("[data-testid=save-answer]")
    page.wait_for_load_state("networkidle")
    leave(page)
    from xinbao.items.models import Item

    answer = Item.objects.get(title="城关镇网格化治理见成效")
    item_actions.submit(city.officer, answer, [city.channels["party"]])
    item_actions.sign_off(city.signer, answer)

    # 新华镇 is late: the worker reminds it the morning after the deadline.
    with time_machine.travel(due + datetime.timedelta(days=1, hours=12), tick=False):
        send_due()
    from xinbao.notify.models import Notification

    assert Notification.objects.filter(recipient=city.officer2, kind="commissions.late").exists()
    assert not Notification.objects.filter(recipient=city.officer, kind="commissions.late").exists()

    from xinbao.scoring import actions as scoring_actions
    from xinbao.scoring import periods
    from xinbao.scoring.tests.factories import example, rule_set

    text = example("district_quarterly.yaml").replace("rates:\n", MISSED_RULE + "rates:\n", 1)
    rs = rule_set(city.county_hub, city.channels["party"], text, datetime.date(due.year, 1, 1))
    quarter = periods.containing("quarter", due.date())
    with time_machine.travel(due + datetime.timedelta(days=1, hours=13), tick=True):  # the server's clock too
        scoring_actions.recompute(city.county_editor, rs, quarter.start, quarter.end)
        sign_in(page, "county_editor", password)
        page.goto(page.base_url + "/commissions/")
        page.locator("[data-testid=commission-index] a", has_text="基层治理新做法").click()
        assert "按时报送" in page.locator("[data-testid=target-QH-T01]").inner_text()
        assert "未报送" in page.locator("[data-testid=target-QH-T02]").inner_text()
        assert "城关镇网格化治理见成效" in page.locator("[data-testid=commission-answers]").inner_text()
        # the ledger: the credit for 城关镇, the miss for 新华镇
        page.goto(page.base_url + f"/scoring/{rs.pk}/units/{city.township.pk}/?period={quarter.code}")
        assert "按要求完成约稿" in page.locator("[data-testid=ledger-entries]").inner_text()
        page.goto(page.base_url + f"/scoring/{rs.pk}/units/{city.township2.pk}/?period={quarter.code}")
        assert "未完成约稿" in page.locator("[data-testid=ledger-entries]").inner_text()
