"""Reminders: sent once when due (never twice, even after a restart), to whoever the audience is at
that moment, in order along an escalation chain, and never after being cancelled."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from xinbao.notify import reminders
from xinbao.notify.models import Notification, Reminder
from xinbao.orgs import actions as org_actions
from xinbao.orgs.roles import Role

NOON = datetime.datetime(2026, 6, 1, 4, 0, tzinfo=datetime.UTC)  # 12:00 in Shanghai


def _inbox(user):
    return list(Notification.objects.filter(recipient=user).values_list("text", flat=True))


def test_sent_once_when_due(city):
    reminders.schedule(
        "t:1", NOON, kind="urgent.deadline", text="初报时限已到", audience=reminders.users([city.officer])
    )
    assert reminders.send_due(NOON - datetime.timedelta(seconds=1)) == 0
    assert reminders.send_due(NOON) == 1
    assert reminders.send_due(NOON + datetime.timedelta(minutes=5)) == 0  # the next pass sends nothing
    assert _inbox(city.officer) == ["初报时限已到"]
    assert Reminder.objects.get(key="t:1").sent_to == [city.officer.pk]


def test_scheduling_twice_is_one_reminder_and_a_sent_one_is_never_revived(city):
    audience = reminders.users([city.officer])
    reminders.schedule("t:2", NOON, kind="k", text="第一次", audience=audience)
    reminders.schedule("t:2", NOON + datetime.timedelta(hours=1), kind="k", text="改期", audience=audience)
    assert Reminder.objects.filter(key="t:2").count() == 1
    assert reminders.send_due(NOON) == 0
    assert reminders.send_due(NOON + datetime.timedelta(hours=1)) == 1
    reminders.schedule("t:2", NOON + datetime.timedelta(hours=2), kind="k", text="再来", audience=audience)
    assert reminders.send_due(NOON + datetime.timedelta(hours=3)) == 0
    assert _inbox(city.officer) == ["改期"]


def test_a_crash_before_commit_sends_nothing_and_the_next_pass_sends_it_once(city, monkeypatch):
    reminders.schedule("t:3", NOON, kind="k", text="到时", audience=reminders.users([city.officer]))
    from xinbao.notify import actions

    real_notify = actions.notify

    def crash(*args, **kwargs):
        real_notify(*args, **kwargs)
        raise RuntimeError("worker killed")

    monkeypatch.setattr(actions, "notify", crash)
    with pytest.raises(RuntimeError):
        reminders.send_due(NOON)
    assert _inbox(city.officer) == []  # the inbox row rolled back with the mark
    monkeypatch.setattr(actions, "notify", real_notify)
    assert reminders.send_due(NOON) == 1
    assert reminders.send_due(NOON) == 0
    assert _inbox(city.officer) == ["到时"]


def test_audience_is_resolved_when_sent(city):
    reminders.schedule("t:4", NOON, kind="k", text="请签发", audience=reminders.role(Role.SIGNER, city.township))
    newcomer, _pw = org_actions.create_person(
        None, username="new_signer", display_name="新任签发人", unit=city.township, roles=[Role.SIGNER]
    )
    reminders.send_due(NOON)
    assert _inbox(newcomer) == ["请签发"] and _inbox(city.signer) == ["请签发"]


def test_escalation_chain_fires_in_order_and_stops_when_cancelled(city):
    steps = [
        reminders.Step(datetime.timedelta(0), reminders.users([city.signer]), "时限已到", "urgent.escalation"),
        reminders.Step(
            datetime.timedelta(minutes=15), reminders.users([city.duty]), "已超时15分钟", "urgent.escalation"
        ),
        reminders.Step(
            datetime.timedelta(minutes=30), reminders.users([city.city_director]), "已超时30分钟", "urgent.escalation"
        ),
    ]
    reminders.schedule_chain("ev:1:", NOON, steps)
    assert reminders.send_due(NOON + datetime.timedelta(minutes=1)) == 1
    assert reminders.send_due(NOON + datetime.timedelta(minutes=16)) == 1
    assert reminders.cancel("ev:1:") == 1  # the report arrived: the last step never goes
    assert reminders.send_due(NOON + datetime.timedelta(hours=1)) == 0
    assert _inbox(city.signer) == ["时限已到"] and _inbox(city.duty) == ["已超时15分钟"]
    assert _inbox(city.city_director) == []


def test_a_guard_vetoes_a_reminder_whose_condition_passed(city):
    reminders.register_guard("test.guarded", lambda r: r.params.get("still") is True)
    try:
        reminders.schedule("t:5", NOON, kind="test.guarded", text="x", audience=("users", {"ids": [city.officer.pk]}))
        assert reminders.send_due(NOON) == 0
        assert Reminder.objects.get(key="t:5").cancelled_at is not None
    finally:
        reminders._guards.pop("test.guarded", None)


def test_sending_is_audited(city):
    from xinbao.audit.models import AuditRecord

    reminders.schedule("t:6", NOON, kind="k", text="x", audience=reminders.users([city.officer]))
    reminders.send_due(NOON)
    assert AuditRecord.objects.filter(action="notify.send_reminder", object_repr="t:6").exists()


def test_unknown_audience_refused():
    with pytest.raises(ValueError):
        reminders.schedule("t:7", timezone.now(), kind="k", text="x", audience=("nobody", {}))
