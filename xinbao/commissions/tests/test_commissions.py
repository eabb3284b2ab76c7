"""约稿: issuing to chosen units, a class or all; answers through the normal items flow; who answered,
who is late; reminders; the scoring facts under both example rule sets."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from xinbao.commissions import actions, facts, queries
from xinbao.commissions.models import CommissionKind
from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.instructions.actions import record_instruction
from xinbao.items import actions as item_actions
from xinbao.notify.models import Notification, Reminder
from xinbao.notify.reminders import send_due
from xinbao.orgs.models import AssessmentClass, Unit

TZ = ZoneInfo("Asia/Shanghai")
D = datetime.date


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=TZ)


def _issue(city, **kw):
    kw.setdefault("units", [city.township, city.township2])
    kw.setdefault("due_at", at(5, 8, 17))
    return actions.issue(
        city.county_editor,
        hub=city.county_hub,
        channel=city.channels["party"],
        title="一季度经济运行亮点",
        requirements="每单位一篇，800字以内。",
        **kw,
    )


def _answer(city, commission, officer, signer, title="城关镇一季度经济亮点"):
    item = actions.start_answer(
        officer, commission, category="economy", title=title, body="正文……", writer_name="王", writer_phone="123"
    )
    item_actions.submit(officer, item, [city.channels["party"]])
    item_actions.sign_off(signer, item)
    item.refresh_from_db()
    return item


def test_issue_to_chosen_units_a_class_or_all(city):
    with time_machine.travel(at(5, 1), tick=False):
        chosen = _issue(city, units=[city.township])
        assert list(chosen.targets.values_list("unit", flat=True)) == [city.township.pk]
        klass = AssessmentClass.objects.create(name="一类")
        Unit.objects.filter(pk=city.township2.pk).update(assessment_class=klass)
        by_class = _issue(city, rule="class", unit_class=klass, units=[])
        assert list(by_class.targets.values_list("unit", flat=True)) == [city.township2.pk]
        everyone = _issue(city, rule="all", units=[], lead_unit=city.township)
        assert set(everyone.targets.values_list("unit", flat=True)) == {city.township.pk, city.township2.pk}
        assert everyone.targets.get(unit=city.township).is_lead
    assert Notification.objects.filter(recipient=city.officer2, kind="commissions.commission").count() == 2


def test_bad_commissions_are_refused_and_change_nothing(city):
    with time_machine.travel(at(5, 1), tick=False):
        with pytest.raises(DomainError, match="只能向本信息科的报送单位约稿"):
            _issue(city, units=[city.township3])  # another county's township
        with pytest.raises(DomainError, match="截止时间须晚于现在"):
            _issue(city, due_at=at(4, 30))
        with pytest.raises(DomainError, match="牵头单位须是约稿对象之一"):
            _issue(city, units=[city.township], lead_unit=city.township2)
        with pytest.raises(PermissionRefused):
            actions.issue(city.officer, hub=city.county_hub, channel=city.channels["party"], title="x", due_at=at(5, 8))
        with pytest.raises(PermissionRefused):
            actions.issue(
                city.county2_editor, hub=city.county_hub, channel=city.channels["party"], title="x", due_at=at(5, 8)
            )
    from xinbao.commissions.models import Commission

    assert not Commission.objects.exists() and not Reminder.objects.exists()


def test_who_answered_who_is_late_and_what_was_adopted(city):
    with time_machine.travel(at(5, 1), tick=False):
        commission = _issue(city)
    with time_machine.travel(at(5, 6), tick=False):
        on_time = _answer(city, commission, city.officer, city.signer)
        sub = on_time.submissions.get(hub=city.county_hub)
        item_actions.adopt(city.county_editor, sub)
    with time_machine.travel(at(5, 9), tick=False):  # after the 8 May 17:00 deadline
        assert queries.summary(commission) == {"on_time": 1, "late": 0, "pending": 0, "missed": 1}
        _answer(city, commission, city.officer2, city.signer2, title="新华镇一季度经济亮点")
        rows = {r.target.unit_id: r for r in queries.rows_with_status(commission, queries.target_rows(commission))}
        assert queries.summary(commission) == {"on_time": 1, "late": 1, "pending": 0, "missed": 0}
    assert rows[city.township.pk].status == "on_time" and rows[city.township.pk].n_adopted == 1
    assert rows[city.township2.pk].status == "late" and rows[city.township2.pk].n_items == 1
    # a unit outside the commission cannot answer it
    with pytest.raises(DomainError, match="不在该约稿的约稿对象中"):
        actions.start_answer(city.officer3, commission, category="news", title="x")


def _sent_keys(now):
    with time_machine.travel(now, tick=False):
        send_due()
    return sorted(Reminder.objects.filter(sent_at__isnull=False).values_list("key", flat=True))


def test_reminders_before_and_after_the_deadline_skip_units_that_answered(city):
    with time_machine.travel(at(5, 1), tick=False):
        commission = _issue(city)  # due Friday 8 May 17:00
    c, t1, t2 = commission.pk, city.township.pk, city.township2.pk
    assert _sent_keys(at(5, 6, 8, 59)) == []
    assert _sent_keys(at(5, 6, 9)) == [f"commissions:c{c}:u{t1}:soon2", f"commissions:c{c}:u{t2}:soon2"]
    with time_machine.travel(at(5, 7), tick=False):
        _answer(city, commission, city.officer, city.signer)  # 城关镇 answers on the 7th
    keys = _sent_keys(at(5, 9, 9))
    # 新华镇 gets the last-day reminder and the late one; 城关镇 nothing more; each once
    assert keys == sorted(
        [
            f"commissions:c{c}:u{t1}:soon2",
            f"commissions:c{c}:u{t2}:soon2",
            f"commissions:c{c}:u{t2}:soon0",
            f"commissions:c{c}:u{t2}:late",
        ]
    )
    assert _sent_keys(at(5, 20)) == keys
    late = Notification.objects.get(recipient=city.officer2, kind="commissions.late")
    assert "已于2026-05-08 17:00截止" in late.text


def test_cancelling_stops_reminders_and_keeps_answers(city):
    with time_machine.travel(at(5, 1), tick=False):
        commission = _issue(city)
        with pytest.raises(DomainError, match="请说明撤销理由"):
            actions.cancel(city.county_editor, commission, " ")
        actions.cancel(city.county_editor, commission, "与上周约稿重复")
        with pytest.raises(DomainError, match="已撤销"):
            actions.cancel(city.county_editor, commission, "再撤")
    assert _sent_keys(at(5, 20)) == []
    assert Notification.objects.filter(recipient=city.officer, kind="commissions.cancelled").exists()
    assert list(facts.commission_fact_rows([city.township.pk], D(2026, 1, 1), D(2026, 12, 31))) == []


def test_guidance_has_no_deadline_and_shows_on_the_home_page(city, login):
    with time_machine.travel(at(5, 1), tick=False):
        actions.issue(
            city.county_editor,
            hub=city.county_hub,
            channel=city.channels["party"],
            kind=CommissionKind.TOPICS,
            title="乡村振兴中的新做法",
            rule="all",
            due_at=at(5, 8),
        )
    topics = queries.guidance_for_unit(city.officer).get()
    assert topics.due_at is None and not Reminder.objects.exists()
    assert "乡村振兴中的新做法" in login(city.officer).get("/").content.decode()


def test_facts_completed_and_missed_once_due(city):
    with time_machine.travel(at(5, 1), tick=False):
        commission = _issue(city)
    with time_machine.travel(at(5, 6), tick=False):
        _answer(city, commission, city.officer, city.signer)
        # not yet due: nothing decided
        assert (
            list(facts.commission_fact_rows([city.township.pk, city.township2.pk], D(2026, 5, 1), D(2026, 5, 31))) == []
        )
    with time_machine.travel(at(5, 10), tick=False):
        rows = list(facts.commission_fact_rows([city.township.pk, city.township2.pk], D(2026, 5, 1), D(2026, 5, 31)))
    assert [(r["kind"], r["unit_id"], r["on"]) for r in rows] == [
        ("commission.completed", city.township.pk, D(2026, 5, 8)),
        ("commission.missed", city.township2.pk, D(2026, 5, 8)),
    ]


# --- Scoring under the example rule sets ---------------------------------------------------------------


@pytest.fixture
def commission_source() -> Iterator[None]:
    """Scoring registers the commissions' facts itself (scoring/sources.py): nothing to wire here."""
    yield


def _entries(rule_set, unit, start, end):
    from xinbao.scoring import queries as scoring_queries

    return [(e.rule_key, e.points) for e in scoring_queries.unit_entries(rule_set, unit, start, end)]


def test_district_example_credits_a_completed_commission(city, commission_source):
    from xinbao.scoring import actions as scoring_actions
    from xinbao.scoring.tests.factories import example, rule_set

    rs = rule_set(city.county_hub, city.channels["party"], example("district_quarterly.yaml"), D(2026, 1, 1))
    with time_machine.travel(at(5, 1), tick=False):
        commission = _issue(city)
    with time_machine.travel(at(5, 6), tick=False):
        _answer(city, commission, city.officer, city.signer)
    with time_machine.travel(at(7, 2), tick=False):
        scoring_actions.recompute(city.county_editor, rs, D(2026, 4, 1), D(2026, 6, 30))
    # 城关镇, Q2: "按要求完成约稿" +2; 新华镇 missed it: the district rules name no deduction for that
    assert ("commission", Decimal("2")) in [
        (k, Decimal(p)) for k, p in _entries(rs, city.township, D(2026, 4, 1), D(2026, 6, 30))
    ]
    assert "commission" not in [k for k, _p in _entries(rs, city.township2, D(2026, 4, 1), D(2026, 6, 30))]


def test_county_example_two_misses_make_the_year_zero(city, commission_source):
    from xinbao.scoring import actions as scoring_actions
    from xinbao.scoring.tests.factories import example, rule_set

    # The county example has no commission rule of its own; its office adds the one docs/rules.md names.
    text = (
        example("county_yearly.yaml")
        + "\nzero_if:\n  - {key: zero, label: 全年两次未完成约稿, fact: commission.missed, at_least: 2}\n"
    )
    rs = rule_set(city.county_hub, city.channels["party"], text, D(2026, 1, 1))
    with time_machine.travel(at(5, 1), tick=False):
        first = _issue(city)
        second = _issue(city, due_at=at(6, 8, 17))
    with time_machine.travel(at(5, 6), tick=False):
        _answer(city, first, city.officer, city.signer)
        _answer(city, first, city.officer2, city.signer2, title="新华镇亮点")
        # both answers get a county leader's 批示 (+10 each under the county rules): points to lose
        for unit in (city.township, city.township2):
            record_instruction(city.county_leader, text="阅。", item=first.items.get(unit=unit))
    with time_machine.travel(at(6, 1), tick=False):
        _answer(city, second, city.officer, city.signer, title="城关镇二季度")
    with time_machine.travel(at(12, 31, 18), tick=False):
        scoring_actions.recompute(city.county_editor, rs, D(2026, 1, 1), D(2026, 12, 31))
    # 新华镇 answered the first and missed the second: one miss, no zeroing; its 批示 counts
    assert ("ins_county", Decimal("10")) in [
        (k, Decimal(p)) for k, p in _entries(rs, city.township2, D(2026, 1, 1), D(2026, 12, 31))
    ]
    assert "zero" not in [k for k, _p in _entries(rs, city.township2, D(2026, 1, 1), D(2026, 12, 31))]
    # a third commission both miss: 新华镇 now has two misses, its year is zeroed; 城关镇 one miss
    with time_machine.travel(at(7, 1), tick=False):
        _issue(city, due_at=at(7, 8, 17))
    with time_machine.travel(at(12, 31, 18), tick=False):
        scoring_actions.recompute(city.county_editor, rs, D(2026, 1, 1), D(2026, 12, 31))
    zeroed = dict(_entries(rs, city.township2, D(2026, 1, 1), D(2026, 12, 31)))
    assert Decimal(zeroed["zero"]) == Decimal("-10")  # the year's 10 points taken back
    assert "zero" not in [k for k, _p in _entries(rs, city.township, D(2026, 1, 1), D(2026, 12, 31))]
