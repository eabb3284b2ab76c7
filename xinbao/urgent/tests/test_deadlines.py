"""Deadlines, 迟报 findings and escalation under the shipped example policies, with frozen time.

Times are local (Asia/Shanghai). Each example's limits come from ../shared/rules/urgent-examples.md."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.management import call_command

from xinbao.core.errors import DomainError, InvalidTransition
from xinbao.notify.models import Notification, Reminder
from xinbao.urgent import actions
from xinbao.urgent.models import Deadline, DeadlineKind, DeadlineState, Finding, FindingKind, Mode, Stage
from xinbao.urgent.testing import FINAL_FULL, INITIAL_FULL, at, log, use_example

pytestmark = pytest.mark.django_db
MIN = datetime.timedelta(minutes=1)


@pytest.fixture
def city(city):  # type: ignore[no-untyped-def]
    """The small city with 城关镇 reporting to the county party hub only (its government channel is
    tested on its own below), so each test follows one leg."""
    from xinbao.orgs.models import UnitChannel

    UnitChannel.objects.filter(unit=city.township, channel__code="gov").delete()
    return city


def _deadlines(event, hub):  # type: ignore[no-untyped-def]
    leg = event.legs.get(hub=hub)
    return {(d.kind, d.number): d for d in leg.deadlines.all()}


def _write(user, event, stage, when, *, sign_by=None, data=None):  # type: ignore[no-untyped-def]
    with time_machine.travel(when, tick=False):
        report = actions.file_report(
            user, event, unit=user.unit, stage=stage, mode=Mode.WRITTEN, data=data or {"nature": "火灾"}, text="进展"
        )
    if sign_by is not None:
        return report
    return report


def _sign(user, report, when):  # type: ignore[no-untyped-def]
    with time_machine.travel(when, tick=False):
        return actions.sign_report(user, report)


@pytest.mark.parametrize(
    ("example", "severity", "phone", "written"),
    [
        # 省应急厅: 特别重大/重大 15 min by phone, 35 written; 较大 written 1 h; 一般 written 6 h
        ("province_emergency.yaml", "I", 15, 35),
        ("province_emergency.yaml", "II", 15, 35),
        ("province_emergency.yaml", "III", None, 60),
        ("province_emergency.yaml", "IV", None, 360),
        # 企业: 15/30 for I and II, 30/60 for III, nothing set for IV
        ("company.yaml", "II", 15, 30),
        ("company.yaml", "III", 30, 60),
        ("company.yaml", "IV", None, None),
        # 县委办: any grade 20/40
        ("county_office.yaml", "IV", 20, 40),
        ("county_office.yaml", "I", 20, 40),
        # 市政府: 较大 and above in writing within 2 h
        ("city_government.yaml", "III", None, 120),
        ("city_government.yaml", "IV", None, None),
    ],
)
def test_each_example_policy_gives_its_limits(city, example, severity, phone, written):  # type: ignore[no-untyped-def]
    use_example(city.county_hub, example)
    event = log(
        city.officer, city.township, when=at(1, 10, 5), occurred=at(1, 10, 0), known_at=at(1, 10, 0), severity=severity
    )
    found = _deadlines(event, city.county_hub)
    base = at(1, 10, 0)  # occurred-at and known-at coincide here
    if phone:
        assert found[(DeadlineKind.PHONE, 0)].due_at == base + phone * MIN
    else:
        assert (DeadlineKind.PHONE, 0) not in found
    if written:
        assert found[(DeadlineKind.WRITTEN, 0)].due_at == base + written * MIN
    else:
        assert (DeadlineKind.WRITTEN, 0) not in found


def test_clock_counts_from_known_at_when_the_policy_says_so(city):  # type: ignore[no-untyped-def]
    use_example(city.county_hub, "county_office.yaml")  # clock: known
    event = log(city.officer, city.township, when=at(1, 11, 0), occurred=at(1, 9, 0), known_at=at(1, 10, 50))
    found = _deadlines(event, city.county_hub)
    # 10:50 + 40 min = 11:30 (not 09:40, which counting from the event would give)
    assert found[(DeadlineKind.WRITTEN, 0)].due_at == at(1, 11, 30)


def test_sensitive_event_of_a_low_grade_takes_the_stricter_limits(city):  # type: ignore[no-untyped-def]
    use_example(city.county_hub, "province_emergency.yaml")  # sensitive: II
    event = log(city.officer, city.township, when=at(1, 10, 5), occurred=at(1, 10, 0), severity="IV", sensitive=True)
    found = _deadlines(event, city.county_hub)
    assert found[(DeadlineKind.WRITTEN, 0)].due_at == at(1, 10, 35)  # II's 35 minutes, not IV's 6 hours


def test_late_written_report_yields_exactly_one_finding_with_minutes(city):  # type: ignore[no-untyped-def]
    use_example(city.county_hub, "province_emergency.yaml")
    event = log(city.officer, city.township, when=at(1, 10, 5), occurred=at(1, 10, 0), known_at=at(1, 10, 2))
    found = _deadlines(event, city.county_hub)
    # The quick log at 10:05 is the phone report: due 10:15, on time.
    assert found[(DeadlineKind.PHONE, 0)].state == DeadlineState.MET
    draft = _write(city.officer, event, Stage.INITIAL, at(1, 10, 40))
    # Signed at 10:52:00; due 10:00 + 35 min = 10:35 → 17 minutes late.
    _sign(city.signer, draft, at(1, 10, 52))
    finding = Finding.objects.get()
    assert (finding.kind, finding.unit, finding.hub, finding.minutes_late) == (
        FindingKind.LATE,
        city.township,
        city.county_hub,
        17,
    )
    assert finding.found_on == datetime.date(2026, 6, 1)
    # A second written report (a 续报) meets the follow-up deadline, not the written one again.
    report = _write(city.officer, event, Stage.FOLLOWUP, at(1, 11, 0))
    _sign(city.signer, report, at(1, 11, 5))
    assert Finding.objects.count() == 1
    # The signer's inbox says so.
    assert Notification.objects.filter(recipient=city.signer, kind="urgent.finding").count() == 1


def test_seconds_late_round_up_to_a_minute(city):  # type: ignore[no-untyped-def]
    use_example(city.county_hub, "province_emergency.yaml")
    event = log(city.officer, city.township, when=at(1, 10, 5), occurred=at(1, 10, 0))
    draft = _write(city.officer, event, Stage.INITIAL, at(1, 10, 30))
    _sign(city.signer, draft, at(1, 10, 35, 20))  # 20 seconds after 10:35
    assert Finding.objects.get().minutes_late == 1


def test_on_time_report_yields_no_finding(city):  # type: ignore[no-untyped-def]
    use_example(city.county_hub, "province_emergency.yaml")
    event = log(city.officer, city.township, when=at(1, 10, 5), occurred=at(1, 10, 0))
    draft = _write(city.officer, event, Stage.INITIAL, at(1, 10, 20))
    _sign(city.signer, draft, at(1, 10, 35))  # exactly at the limit
    assert not Finding.objects.exists()


def test_phone_call_logged_by_the_hub_counts_at_the_call_time(city):  # type: ignore[no-untyped-def]
    use_example(city.county_hub, "province_emergency.yaml")
    # The county editor takes the township's call at 10:20 and logs it at 10:23: phone due 10:15 → 5 min late.
    event = log(city.county_editor, city.township, when=at(1, 10, 23), occurred=at(1, 10, 0), called_at=at(1, 10, 20))
    finding = Finding.objects.get()
    assert finding.deadline.kind == DeadlineKind.PHONE and finding.minutes_late == 5
    assert finding.unit == city.township and event.reports.get().caller == ""


def _worker(when):  # type: ignore[no-untyped-def]
    with time_machine.travel(when, tick=False):
        call_command("worker", "--once", "--no-tasks")


def _sent():  # type: ignore[no-untyped-def]
    return list(Reminder.objects.filter(sent_at__isnull=False).order_by("sent_at", "id").values_list("key", "sent_to"))


def test_escalation_steps_fire_once_each_in_order_and_stop_when_the_report_arrives(city):  # type: ignore[no-untyped-def]
    use_example(city.county_hub, "province_emergency.yaml")
    with time_machine.travel(at(1, 9, 0), tick=False):
        actions.add_shift(None, hub=city.county_hub, person=city.county_editor2, starts_at=at(1, 8), ends_at=at(1, 20))
    event = log(city.officer, city.township, when=at(1, 10, 5), occurred=at(1, 10, 0))
    written = event.legs.get().deadlines.get(kind=DeadlineKind.WRITTEN)
    prefix = f"urgent:d{written.pk}:"
    # 10:30 = 5 minutes before the 10:35 limit: the township's reporters are reminded.
    _worker(at(1, 10, 30))
    assert _sent() == [(f"{prefix}pre", sorted([city.officer.pk, city.signer.pk]))]
    # 10:35: step 1, the unit's signer. A restarted worker in the same minute sends nothing again.
    _worker(at(1, 10, 35))
    _worker(at(1, 10, 35, 30))
    assert _sent()[1:] == [(f"{prefix}esc0", [city.signer.pk])]
    # 10:50: step 2, whoever is on the county's duty roster (not every editor).
    _worker(at(1, 10, 50))
    assert _sent()[2:] == [(f"{prefix}esc1", [city.county_editor2.pk])]
    assert Notification.objects.filter(recipient=city.county_editor2, kind="urgent.escalation").count() == 1
    # The written report arrives at 10:58: step 3 (the director at 11:05) never fires.
    draft = _write(city.officer, event, Stage.INITIAL, at(1, 10, 55))
    _sign(city.signer, draft, at(1, 10, 58))
    _worker(at(1, 11, 5))
    _worker(at(1, 12, 0))
    assert len(_sent()) == 3
    assert not Notification.objects.filter(recipient=city.county_director, kind="urgent.escalation").exists()
    assert Reminder.objects.get(key=f"{prefix}esc2").cancelled_at is not None


def test_worker_restarted_midway_sends_nothing_twice(city):  # type: ignore[no-untyped-def]
    use_example(city.county_hub, "province_emergency.yaml")
    log(city.officer, city.township, when=at(1, 10, 5), occurred=at(1, 10, 0))
    # The worker was down from 10:20 to 11:10: on its return every due step goes once.
    _worker(at(1, 10, 20))
    _worker(at(1, 11, 10))
    first = _sent()
    assert [k.rsplit(":", 1)[1] for k, _to in first] == ["pre", "esc0", "esc1", "esc2"]
    for minute in (11, 12, 40):
        _worker(at(1, 11, minute))
    assert _sent() == first
    # Each escalation is one inbox row per recipient, never two.
    steps = sum(len(to) for key, to in first if ":esc" in key)
    assert Notification.objects.filter(kind="urgent.escalation").count() == steps


def test_a_failing_channel_does_not_stop_reminders(city, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    from xinbao.notify import actions as notify_actions
    from xinbao.notify.models import Delivery

    # The township's IM robot is down (nothing listens on port 9).
    notify_actions.save_endpoint(
        city.sysadmin, unit=city.township, name="机器人", url="http://127.0.0.1:9/hook", kinds="urgent."
    )
    use_example(city.county_hub, "province_emergency.yaml")
    log(city.officer, city.township, when=at(1, 10, 5), occurred=at(1, 10, 0))
    with django_capture_on_commit_callbacks(execute=True):  # the webhook copy is sent after commit
        _worker(at(1, 10, 36))
    assert Notification.objects.filter(recipient=city.signer, kind="urgent.escalation").count() == 1
    failed = Delivery.objects.filter(channel="webhook", kind="urgent.escalation", text__contains="第1级")
    assert failed.exists() and all(d.state in ("retrying", "failed") and d.last_error for d in failed)
    # The next step goes out on time all the same.
    _worker(at(1, 10, 51))
    assert Reminder.objects.filter(key__endswith=":esc1", sent_at__isnull=False).count() == 1
    assert Notification.objects.filter(kind="urgent.escalation", text__contains="第2级").exists()


def test_fixed_time_follow_ups_across_midnight(city):  # type: ignore[no-untyped-def]
    use_example(city.county_hub, "province_emergency.yaml")  # 续报 before 08:00 and before 17:00
    event = log(city.officer, city.township, when=at(1, 16, 5), occurred=at(1, 16, 0))
    _sign(city.signer, _write(city.officer, event, Stage.INITIAL, at(1, 16, 20)), at(1, 16, 30))
    leg = event.legs.get()
    # After the 16:30 report the next is due 17:00 the same day.
    assert leg.deadlines.get(kind=DeadlineKind.FOLLOWUP, number=1).due_at == at(1, 17, 0)
    # A 续报 at 17:30 is 30 minutes late; the next is due 08:00 the following morning.
    _sign(city.signer, _write(city.officer, event, Stage.FOLLOWUP, at(1, 17, 25)), at(1, 17, 30))
    assert leg.deadlines.get(kind=DeadlineKind.FOLLOWUP, number=1).finding.minutes_late == 30
    assert leg.deadlines.get(kind=DeadlineKind.FOLLOWUP, number=2).due_at == at(2, 8, 0)
    # A 续报 at 07:55 answers the 08:00 one; the next is 17:00.
    _sign(city.signer, _write(city.officer, event, Stage.FOLLOWUP, at(2, 7, 50)), at(2, 7, 55))
    assert leg.deadlines.get(kind=DeadlineKind.FOLLOWUP, number=3).due_at == at(2, 17, 0)
    assert Finding.objects.count() == 1
    # The 续报 are numbered 续报一, 续报二.
    labels = [r.stage_label for r in event.reports.filter(stage=Stage.FOLLOWUP).order_by("number")]
    assert labels == ["续报一", "续报二"]


def test_every_n_hours_follow_ups(city):  # type: ignore[no-untyped-def]
    use_example(city.county_hub, "county_office.yaml")  # every 4 hours
    event = log(city.officer, city.township, when=at(1, 22, 5), occurred=at(1, 22, 0), known_at=at(1, 22, 0))
    _sign(city.signer, _write(city.officer, event, Stage.INITIAL, at(1, 22, 20)), at(1, 22, 30))
    assert event.legs.get().deadlines.get(kind=DeadlineKind.FOLLOWUP).due_at == at(2, 2, 30)


def test_handled_stops_follow_ups_and_the_final_report_must_be_complete(city):  # type: ignore[no-untyped-def]
    use_example(city.county_hub, "province_emergency.yaml")  # final: 24 h after handled
    event = log(city.officer, city.township, when=at(1, 10, 5), occurred=at(1, 10, 0))
    _sign(city.signer, _write(city.officer, event, Stage.INITIAL, at(1, 10, 20)), at(1, 10, 30))
    with time_machine.travel(at(1, 15, 0), tick=False):
        actions.mark_handled(city.officer, event)
    leg = event.legs.get()
    assert leg.deadlines.get(kind=DeadlineKind.FOLLOWUP).state == DeadlineState.WAIVED
    assert leg.deadlines.get(kind=DeadlineKind.FINAL).due_at == at(2, 15, 0)
    # The 终报 without the initial elements nobody reported is refused, naming what is missing.
    draft = _write(city.officer, event, Stage.FINAL, at(1, 16, 0), data=FINAL_FULL)
    with time_machine.travel(at(1, 16, 5), tick=False), pytest.raises(DomainError) as refused:
        actions.sign_report(city.signer, draft)
    assert "影响范围" in refused.value.message and "事件经过" not in refused.value.message
    # A 续报 that completes the initial elements, then the 终报.
    complete = _write(city.officer, event, Stage.FINAL, at(1, 16, 10), data={**FINAL_FULL})
    complete.elements = {**complete.elements}
    draft2 = None
    with time_machine.travel(at(1, 16, 10), tick=False):
        draft2 = actions.file_report(
            city.officer, event, unit=city.township, stage=Stage.FINAL, mode=Mode.WRITTEN, data=FINAL_FULL, text="终报"
        )
        # the initial elements go into an earlier report (a 续报 that fills the gaps is enough)
    event.reports.filter(stage=Stage.INITIAL, mode=Mode.WRITTEN).update(elements=INITIAL_FULL)
    _sign(city.signer, draft2, at(1, 16, 20))
    event.refresh_from_db()
    leg.refresh_from_db()
    assert event.state == "closed" and leg.closed_at is not None
    assert leg.deadlines.get(kind=DeadlineKind.FINAL).state == DeadlineState.MET
    assert not Deadline.objects.filter(state=DeadlineState.OPEN).exists()


def test_invalid_transitions_are_refused_in_chinese(city):  # type: ignore[no-untyped-def]
    use_example(city.county_hub, "province_emergency.yaml")
    event = log(city.officer, city.township, when=at(1, 10, 5), occurred=at(1, 10, 0))
    draft = _write(city.officer, event, Stage.INITIAL, at(1, 10, 20))
    _sign(city.signer, draft, at(1, 10, 30))
    with time_machine.travel(at(1, 10, 31), tick=False), pytest.raises(InvalidTransition) as refused:
        actions.sign_report(city.signer, draft)
    assert refused.value.message == "当前状态“已报送”下不能执行“签发”。"
    with time_machine.travel(at(1, 10, 40), tick=False):
        actions.cancel_event(city.signer, event, "重复登记")
    with time_machine.travel(at(1, 10, 41), tick=False), pytest.raises(InvalidTransition):
        actions.file_report(
            city.officer, event, unit=city.township, stage=Stage.FOLLOWUP, mode=Mode.WRITTEN, data={}, text="x"
        )
    # Cancelling stops every reminder.
    assert not Reminder.objects.filter(
        key__startswith="urgent:", sent_at__isnull=True, cancelled_at__isnull=True
    ).exists()


def test_follow_up_before_a_written_initial_report_is_refused(city):  # type: ignore[no-untyped-def]
    event = log(city.officer, city.township, when=at(1, 10, 5), occurred=at(1, 10, 0))
    with time_machine.travel(at(1, 10, 6), tick=False), pytest.raises(DomainError) as refused:
        actions.file_report(
            city.officer, event, unit=city.township, stage=Stage.FOLLOWUP, mode=Mode.WRITTEN, data={}, text="x"
        )
    assert refused.value.message == "请先报送书面初报，再报续报或终报。"


def test_quick_log_refuses_bad_times(city):  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as refused:
        log(city.officer, city.township, when=at(1, 10, 5), occurred=at(1, 11, 0))
    assert refused.value.message == "事发时间不能晚于现在。"
    with pytest.raises(DomainError) as refused:
        log(city.officer, city.township, when=at(1, 10, 5), occurred=at(1, 10, 0), known_at=at(1, 9, 0))
    assert refused.value.message == "获知时间不能早于事发时间。"


def test_a_unit_in_two_channels_reports_to_both_hubs_each_under_its_policy(city):  # type: ignore[no-untyped-def]
    from xinbao.orgs import actions as org_actions

    org_actions.set_unit_channel(None, city.township, city.channels["gov"], hub=city.county_gov_hub)
    use_example(city.county_hub, "province_emergency.yaml")  # the gov hub has none: the default (20/40 from known-at)
    event = log(city.officer, city.township, when=at(1, 10, 5), occurred=at(1, 10, 0), known_at=at(1, 10, 2))
    assert _deadlines(event, city.county_hub)[(DeadlineKind.WRITTEN, 0)].due_at == at(1, 10, 35)
    assert _deadlines(event, city.county_gov_hub)[(DeadlineKind.WRITTEN, 0)].due_at == at(1, 10, 42)
    _sign(city.signer, _write(city.officer, event, Stage.INITIAL, at(1, 10, 40)), at(1, 10, 52))
    late = dict(Finding.objects.values_list("hub_id", "minutes_late"))
    assert late == {city.county_hub.pk: 17, city.county_gov_hub.pk: 10}
