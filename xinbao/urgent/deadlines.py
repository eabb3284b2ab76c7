"""Deadlines of a leg: opening them from the frozen rules, their reminders and escalation chains (sent
once each by the worker through notify.reminders), meeting them when a report arrives, and the 迟报
finding a late report yields. Called only from actions (inside their transaction)."""

from __future__ import annotations

import datetime
import math
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.audit.actions import record
from xinbao.notify import reminders
from xinbao.notify.actions import notify

from . import audiences
from .models import Deadline, DeadlineKind, DeadlineState, Finding, FindingKind, Leg, Mode, Report, Stage
from .policies import next_followup
from .signals import finding_changed


def _hhmm(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%m-%d %H:%M")


def _prefix(deadline: Deadline) -> str:
    return f"urgent:d{deadline.pk}:"


def _schedule_reminders(deadline: Deadline, now: datetime.datetime) -> None:
    leg = deadline.leg
    event = leg.event
    rules = leg.rules
    url = reverse("urgent:event", args=[event.pk])
    values = {
        "unit": leg.unit.name,
        "hub": leg.hub.name,
        "label": deadline.label,
        "due": _hhmm(deadline.due_at),
    }
    before = rules.get("remind_before") or 0
    pre_at = deadline.due_at - datetime.timedelta(minutes=before)
    if before and pre_at > now:
        text = _("紧急信息提醒：%(unit)s《%(title)s》的%(label)s将于%(due)s到期（向%(hub)s报告）。")
        reminders.schedule(
            f"{_prefix(deadline)}pre",
            pre_at,
            kind="urgent.reminder",
            text=text % {**values, "title": event.title},
            email_text=text % {**values, "title": event.public_title},
            audience=("urgent.reporters", {"unit": leg.unit_id}),
            url=url,
        )
    steps = []
    for n, step in enumerate(rules.get("escalation") or [], start=1):
        text = _(
            "紧急信息催报（第%(n)s级）：%(unit)s《%(title)s》的%(label)s已于%(due)s到期，尚未报告（接报单位：%(hub)s）。"
        )
        steps.append(
            reminders.Step(
                after=datetime.timedelta(minutes=step["after"]),
                audience=audiences.TARGETS[step["to"]](leg),
                text=text % {**values, "n": n, "title": event.title},
                email_text=text % {**values, "n": n, "title": event.public_title},
                kind="urgent.escalation",
                url=url,
            )
        )
    reminders.schedule_chain(f"{_prefix(deadline)}esc", deadline.due_at, steps)


def open_deadline(leg: Leg, kind: str, due_at: datetime.datetime, number: int = 0, now: Any = None) -> Deadline:
    deadline, _created = Deadline.objects.get_or_create(leg=leg, kind=kind, number=number, defaults={"due_at": due_at})
    _schedule_reminders(deadline, now or timezone.now())
    return deadline


def open_first(leg: Leg, now: datetime.datetime) -> None:
    """The phone and written limits of a leg, counted from its clock."""
    rules = leg.rules
    if rules.get("phone"):
        open_deadline(leg, DeadlineKind.PHONE, leg.clock_from + datetime.timedelta(minutes=rules["phone"]), now=now)
    if rules.get("written"):
        open_deadline(leg, DeadlineKind.WRITTEN, leg.clock_from + datetime.timedelta(minutes=rules["written"]), now=now)


def close(deadline: Deadline, state: str, at: datetime.datetime, report: Report | None = None) -> None:
    deadline.state, deadline.met_at, deadline.report = state, at, report
    deadline.save(update_fields=["state", "met_at", "report"])
    reminders.cancel(_prefix(deadline), at=timezone.now())


def minutes_late(due_at: datetime.datetime, at: datetime.datetime) -> int:
    """Whole minutes, rounded up: 10:35 due, 10:52:00 reported → 17; 10:52:30 → 18."""
    return math.ceil((at - due_at).total_seconds() / 60)


def _late_finding(deadline: Deadline, at: datetime.datetime) -> Finding:
    leg = deadline.leg
    late = minutes_late(deadline.due_at, at)
    names = "、".join(p.display_name or p.username for p in audiences.signers(leg.unit_id))
    finding = Finding.objects.create(
        kind=FindingKind.LATE,
        unit_id=leg.unit_id,
        hub_id=leg.hub_id,
        event=leg.event,
        deadline=deadline,
        minutes_late=late,
        found_on=timezone.localdate(at),
        evidence=_("%(label)s应于%(due)s前报告，实际%(at)s报告，迟报%(m)s分钟（%(policy)s）。")
        % {
            "label": deadline.label,
            "due": _hhmm(deadline.due_at),
            "at": _hhmm(at),
            "m": late,
            "policy": leg.rules.get("policy_name", ""),
        },
        responsible=names[:200],
    )
    record(None, "urgent.late_finding", finding, new={"minutes_late": late, "deadline": deadline.pk})
    finding_changed.send(sender=Finding, finding=finding)
    text = _("紧急信息迟报：%(unit)s《%(title)s》的%(label)s迟报%(m)s分钟，已记入考核，可在“认定记录”中说明情况。")
    values = {"unit": leg.unit.name, "label": deadline.label, "m": late}
    notify(
        audiences.signers(leg.unit_id),
        "urgent.finding",
        text % {**values, "title": leg.event.title},
        url=reverse("urgent:findings"),
        email_text=text % {**values, "title": leg.event.public_title},
    )
    return finding


def _meets(deadline: Deadline, report: Report) -> bool:
    if deadline.kind == DeadlineKind.PHONE:
        return True  # any report, phoned or written, answers the phone limit
    if report.mode != Mode.WRITTEN:
        return False
    if deadline.kind == DeadlineKind.WRITTEN:
        return True
    if deadline.kind == DeadlineKind.FOLLOWUP:
        return report.stage in (Stage.FOLLOWUP, Stage.FINAL)
    return report.stage == Stage.FINAL


def report_arrived(report: Report) -> list[Deadline]:
    """Meet the open deadlines of every live leg the report's unit reports on; a late one yields its
    迟报 finding (exactly one per deadline); a written report opens the next 续报 deadline."""
    at = report.reported_at
    assert at is not None
    met = []
    legs = Leg.objects.filter(event=report.event, unit=report.unit, closed_at__isnull=True).select_related(
        "event", "unit", "hub"
    )
    for leg in legs:
        answered = None
        for deadline in leg.deadlines.filter(state=DeadlineState.OPEN):
            deadline.leg = leg
            if not _meets(deadline, report):
                continue
            close(deadline, DeadlineState.MET, at, report)
            met.append(deadline)
            if deadline.kind == DeadlineKind.FOLLOWUP:
                answered = deadline.due_at
            if at > deadline.due_at and not Finding.objects.filter(deadline=deadline).exists():
                _late_finding(deadline, at)
        if report.mode == Mode.WRITTEN and report.stage != Stage.FINAL and leg.event.handled_at is None:
            _next_followup(leg, at, answered)
    return met


def _next_followup(leg: Leg, after: datetime.datetime, answered: datetime.datetime | None) -> None:
    due = next_followup(leg.rules, after, answered)
    if due is None or leg.deadlines.filter(kind=DeadlineKind.FOLLOWUP, state=DeadlineState.OPEN).exists():
        return
    number = leg.deadlines.filter(kind=DeadlineKind.FOLLOWUP).count() + 1
    open_deadline(leg, DeadlineKind.FOLLOWUP, due, number=number)


def handled(leg: Leg, handled_at: datetime.datetime) -> None:
    """处置结束: no more 续报 are due; the 终报 is due ``final`` hours later."""
    now = timezone.now()
    for deadline in leg.deadlines.filter(kind=DeadlineKind.FOLLOWUP, state=DeadlineState.OPEN):
        close(deadline, DeadlineState.WAIVED, now)
    if leg.rules.get("final"):
        deadline = open_deadline(
            leg, DeadlineKind.FINAL, handled_at + datetime.timedelta(hours=leg.rules["final"]), now=now
        )
        deadline.leg = leg


def waive_all(leg: Leg) -> None:
    now = timezone.now()
    for deadline in leg.deadlines.filter(state=DeadlineState.OPEN):
        close(deadline, DeadlineState.WAIVED, now)
