"""Findings: each level answers for its own lateness; the hub records 漏报/瞒报/误报; findings feed
scoring as urgent.* facts (through the registered source) until withdrawn."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import TestCase

from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.orgs.models import UnitChannel
from xinbao.scoring import sources
from xinbao.urgent import actions
from xinbao.urgent.models import DeadlineKind, Finding, FindingKind, Mode, Stage
from xinbao.urgent.testing import at, log, use_example

pytestmark = pytest.mark.django_db
JUNE = (datetime.date(2026, 6, 1), datetime.date(2026, 6, 30))


@pytest.fixture
def city(city):  # type: ignore[no-untyped-def]
    UnitChannel.objects.filter(unit=city.township, channel__code="gov").delete()
    return city


def _signed(writer, signer, event, unit, stage, when, data=None):  # type: ignore[no-untyped-def]
    with time_machine.travel(when, tick=False):
        report = actions.file_report(
            writer, event, unit=unit, stage=stage, mode=Mode.WRITTEN, data=data or {"nature": "火灾"}, text="情况"
        )
        return actions.sign_report(signer, report)


def test_each_level_answers_for_its_own_lateness(city):  # type: ignore[no-untyped-def]
    use_example(city.county_hub, "province_emergency.yaml")  # II: written 35 min
    use_example(city.city_hub, "city_government.yaml")  # II: written 2 h
    event = log(city.officer, city.township, when=at(1, 10, 5), occurred=at(1, 10, 0))
    _signed(city.officer, city.signer, event, city.township, Stage.INITIAL, at(1, 10, 30))  # on time
    # The county forwards at 11:00; the city's clock for the county starts when the county got the
    # township's first report (10:05), so the county's written report is due 12:05.
    county_leg = event.legs.get(hub=city.county_hub)
    with time_machine.travel(at(1, 11, 0), tick=False):
        upper = actions.forward(city.county_editor, county_leg)
    assert (upper.unit, upper.hub, upper.clock_from) == (city.county_hub, city.city_hub, at(1, 10, 5))
    assert upper.deadlines.get(kind=DeadlineKind.WRITTEN).due_at == at(1, 12, 5)
    # The county's own report, signed by its director at 12:30: 25 minutes late — the county's finding.
    _signed(city.county_editor, city.county_director, event, city.county_hub, Stage.INITIAL, at(1, 12, 30))
    finding = Finding.objects.get()
    assert (finding.unit, finding.hub, finding.minutes_late) == (city.county_hub, city.city_hub, 25)
    # Forwarding twice is refused.
    with time_machine.travel(at(1, 12, 31), tick=False), pytest.raises(DomainError):
        actions.forward(city.county_editor, county_leg)


def test_hub_records_missed_finding_which_feeds_scoring_until_withdrawn(city):  # type: ignore[no-untyped-def]
    assert {"urgent.late", "urgent.missed", "urgent.concealed", "urgent.wrong"} <= sources.registered_kinds()
    with time_machine.travel(at(3, 9, 0), tick=False):
        finding = actions.record_finding(
            city.county_editor,
            hub=city.county_hub,
            unit=city.township,
            kind=FindingKind.MISSED,
            evidence="县领导从媒体获知城关镇6月2日发生交通事故，镇里未报告",
        )
    facts = [f for f in sources.collect([city.township.pk], *JUNE) if f.kind.startswith("urgent.")]
    assert [(f.kind, f.unit_id, f.on, f.source_id) for f in facts] == [
        ("urgent.missed", city.township.pk, datetime.date(2026, 6, 3), finding.pk)
    ]
    # The unit explains; the hub accepts and withdraws: the fact is gone.
    with time_machine.travel(at(3, 10, 0), tick=False):
        actions.respond_finding(city.signer, finding, "已于当日电话报告县委办值班室，有通话记录")
        actions.withdraw_finding(city.county_editor, finding, "核实确已电话报告")
    assert not [f for f in sources.collect([city.township.pk], *JUNE) if f.kind.startswith("urgent.")]


def test_late_finding_is_a_scoring_fact_of_the_late_unit(city):  # type: ignore[no-untyped-def]
    use_example(city.county_hub, "province_emergency.yaml")
    event = log(city.officer, city.township, when=at(1, 10, 5), occurred=at(1, 10, 0))
    _signed(city.officer, city.signer, event, city.township, Stage.INITIAL, at(1, 10, 52))
    facts = [f for f in sources.collect([city.township.pk, city.township2.pk], *JUNE) if f.kind.startswith("urgent.")]
    assert [(f.kind, f.unit_id, f.attrs["minutes_late"]) for f in facts] == [("urgent.late", city.township.pk, 17)]


def test_sensitive_event_titles_never_leave_in_facts(city):  # type: ignore[no-untyped-def]
    use_example(city.county_hub, "province_emergency.yaml")
    event = log(
        city.officer, city.township, when=at(1, 10, 5), occurred=at(1, 10, 0), sensitive=True, title="某敏感群体聚集"
    )
    _signed(city.officer, city.signer, event, city.township, Stage.INITIAL, at(1, 10, 52))
    (fact,) = [f for f in sources.collect([city.township.pk], *JUNE) if f.kind == "urgent.late"]
    assert "某敏感群体" not in fact.title and f"编号{event.pk}" in fact.title


def test_findings_only_by_the_hub_and_only_on_its_own_units(city):  # type: ignore[no-untyped-def]
    values = {"kind": FindingKind.CONCEALED, "evidence": "核实"}
    with pytest.raises(PermissionRefused):
        actions.record_finding(city.officer, hub=city.county_hub, unit=city.township, **values)
    with pytest.raises(PermissionRefused):
        actions.record_finding(city.county2_editor, hub=city.county_hub, unit=city.township, **values)
    with pytest.raises(DomainError) as refused:
        actions.record_finding(city.county_editor, hub=city.county_hub, unit=city.township3, **values)
    assert refused.value.message == "白石石桥镇不向本单位报送，不能认定。"
    with pytest.raises(DomainError) as refused:
        actions.record_finding(
            city.county_editor, hub=city.county_hub, unit=city.township, kind=FindingKind.LATE, evidence="x"
        )
    assert "迟报由系统" in refused.value.message
    with pytest.raises(DomainError):
        actions.record_finding(city.county_editor, hub=city.county_hub, unit=city.township, kind="missed", evidence=" ")
    assert not Finding.objects.exists()
    # Only the responsible unit explains; only the finding hub withdraws.
    finding = actions.record_finding(city.county_editor, hub=city.county_hub, unit=city.township, **values)
    with pytest.raises(PermissionRefused):
        actions.respond_finding(city.officer2, finding, "不是我们")
    with pytest.raises(PermissionRefused):
        actions.withdraw_finding(city.signer, finding, "我们觉得不对")


def test_findings_are_scored_live_and_listed_in_the_notice(city):  # type: ignore[no-untyped-def]
    from xinbao.scoring import actions as scoring_actions
    from xinbao.scoring import periods
    from xinbao.scoring import queries as scoring_queries
    from xinbao.scoring.notices.data import notice_data
    from xinbao.scoring.tests.factories import example

    # 例B: 迟报 -1 per fact, quarterly, the hub's member units.
    rule_set = scoring_actions.create_rule_set(
        None,
        hub=city.county_hub,
        channel=city.channels["party"],
        text=example("district_quarterly.yaml"),
        valid_from=datetime.date(2026, 1, 1),
    )
    use_example(city.county_hub, "province_emergency.yaml")
    event = log(city.officer, city.township, when=at(1, 10, 5), occurred=at(1, 10, 0))
    with TestCase.captureOnCommitCallbacks(execute=True):  # findings are scored after commit (scoring.tasks)
        _signed(city.officer, city.signer, event, city.township, Stage.INITIAL, at(1, 10, 52))  # 17 min late
    q2 = periods.containing("quarter", datetime.date(2026, 6, 1))
    entries = scoring_queries.unit_entries(rule_set, city.township, q2.start, q2.end)
    assert [(e.rule_key, e.points) for e in entries if e.rule_key == "late"] == [("late", -1)]
    section = {s.key: s for s in notice_data(rule_set, q2).sections}["urgent"]
    assert [(r.unit, r.label, r.count) for r in section.rows] == [("清河城关镇", "紧急信息迟报", 1)]
    # Withdrawn: the deduction goes at once.
    with time_machine.travel(at(2, 9, 0), tick=False), TestCase.captureOnCommitCallbacks(execute=True):
        actions.withdraw_finding(city.county_editor, Finding.objects.get(), "系统故障，经核实按时报送")
    entries = scoring_queries.unit_entries(rule_set, city.township, q2.start, q2.end)
    assert not [e for e in entries if e.rule_key == "late"]


def test_circulation_by_a_higher_office_weighs_the_finding_heavier(city):  # type: ignore[no-untyped-def]
    """Issue 15, pattern 13: who circulated (通报) a lapse is part of its fact; example L worked by hand."""
    from xinbao.scoring import actions as scoring_actions
    from xinbao.scoring import periods
    from xinbao.scoring import queries as scoring_queries
    from xinbao.scoring.tests.factories import example

    rule_set = scoring_actions.create_rule_set(
        None,
        hub=city.county_hub,
        channel=city.channels["party"],
        text=example("circulated.yaml"),
        valid_from=datetime.date(2026, 1, 1),
    )
    use_example(city.county_hub, "province_emergency.yaml")
    with TestCase.captureOnCommitCallbacks(execute=True):
        first = log(city.officer, city.township, when=at(1, 10, 5), occurred=at(1, 10, 0))
        _signed(city.officer, city.signer, first, city.township, Stage.INITIAL, at(1, 10, 52))  # late
        second = log(city.officer, city.township, when=at(2, 10, 5), occurred=at(2, 10, 0), title="城关镇车祸")
        _signed(city.officer, city.signer, second, city.township, Stage.INITIAL, at(2, 10, 50))  # late
        third = log(city.officer2, city.township2, when=at(3, 10, 5), occurred=at(3, 10, 0), title="新华镇山火")
        _signed(city.officer2, city.signer2, third, city.township2, Stage.INITIAL, at(3, 10, 55))  # late
    late = {f.event_id: f for f in Finding.objects.filter(kind=FindingKind.LATE)}
    assert set(late) == {first.pk, second.pk, third.pk}
    with time_machine.travel(at(10, 9, 0), tick=False), TestCase.captureOnCommitCallbacks(execute=True):
        # 中办 is an alias of 中共中央办公厅 in the register: the rule naming the full name matches.
        actions.record_circulation(city.county_editor, late[first.pk], by="中办", level="central")
        actions.record_circulation(
            city.county_editor, late[third.pk], by="江南省委办公厅", level="province", on=datetime.date(2026, 6, 8)
        )
    q2 = periods.containing("quarter", datetime.date(2026, 6, 1))

    def points(unit):  # type: ignore[no-untyped-def]
        return sorted((e.rule_key, e.points) for e in scoring_queries.unit_entries(rule_set, unit, q2.start, q2.end))

    # 城关镇: the first late report circulated by 中办 -10, the second not circulated -1 → -11.
    assert points(city.township) == [("late", -1), ("late_central", -10)]
    # 新华镇: circulated by the provincial office -5.
    assert points(city.township2) == [("late_province", -5)]
    finding = Finding.objects.get(pk=late[third.pk].pk)
    assert (finding.circulated_by, finding.circulated_level, finding.circulated_on) == (
        "江南省委办公厅",
        "province",
        datetime.date(2026, 6, 8),
    )
    # Recorded by mistake: cleared, the ordinary deduction comes back.
    with time_machine.travel(at(11, 9, 0), tick=False), TestCase.captureOnCommitCallbacks(execute=True):
        actions.record_circulation(city.county_editor, finding, by="", level="")
    assert points(city.township2) == [("late", -1)]


def test_circulation_is_recorded_only_by_the_finding_hub_with_clear_refusals(city, login):  # type: ignore[no-untyped-def]
    from xinbao.audit.models import AuditRecord

    with time_machine.travel(at(3, 9, 0), tick=False):
        finding = actions.record_finding(
            city.county_editor, hub=city.county_hub, unit=city.township, kind=FindingKind.MISSED, evidence="媒体报道"
        )
        with pytest.raises(PermissionRefused):
            actions.record_circulation(city.signer, finding, by="省委办公厅", level="province")
        with pytest.raises(DomainError, match="请选择通报机关的级别"):
            actions.record_circulation(city.county_editor, finding, by="省委办公厅", level="")
        with pytest.raises(DomainError, match="通报日期不能晚于今天"):
            actions.record_circulation(
                city.county_editor, finding, by="省委办公厅", level="province", on=datetime.date(2026, 6, 4)
            )
        finding.refresh_from_db()
        assert finding.circulated_by == "" and not AuditRecord.objects.filter(action="urgent.record_circulation")
        # Through the page: saved, shown, audited; a bad date is a message and changes nothing.
        client = login(city.county_editor)
        url = f"/urgent/findings/{finding.pk}/circulate/"
        bad = client.post(url, {"by": "省委办公厅", "level": "province", "on": "六月"}, follow=True)
        assert "请按“年-月-日”填写日期" in bad.content.decode()
        page = client.post(url, {"by": "省委办公厅", "level": "province", "on": "2026-06-03"}, follow=True)
        html = page.content.decode()
        assert "已登记通报情况" in html and "已被省委办公厅通报（省级，2026-06-03）" in html
        assert AuditRecord.objects.filter(action="urgent.record_circulation").count() == 1
        actions.withdraw_finding(city.county_editor, finding, "核实已报")
        with pytest.raises(DomainError, match="该认定已撤销"):
            actions.record_circulation(city.county_editor, finding, by="省委办公厅", level="province")
