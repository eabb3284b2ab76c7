"""Reads of the urgent app, scoped by who asks.

A person sees an event when their unit reports it on some leg (any business person of that unit) or
when they watch a hub it reached (the hub's section, duty officers and leaders: duties.can_watch_urgent).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from xinbao.instructions.queries import business_unit
from xinbao.notify.models import Reminder
from xinbao.orgs import duties
from xinbao.orgs.models import User

from .elements import stage_label
from .models import (
    Deadline,
    DeadlineKind,
    DeadlineState,
    Event,
    EventState,
    Finding,
    Leg,
    Policy,
    Report,
    ReportState,
    Severity,
    Shift,
)


def watched_hub(user: User | None) -> int | None:
    """The hub whose board the person watches (their own unit), if any."""
    unit_id = business_unit(user)
    if unit_id is not None and duties.can_watch_urgent(user, unit_id):
        return unit_id
    return None


def visible_events(user: User | None) -> QuerySet[Event]:
    unit_id = business_unit(user)
    if unit_id is None:
        return Event.objects.none()
    legs = Leg.objects.filter(event=OuterRef("pk"))
    mine = Q(unit_id=unit_id)
    if watched_hub(user) is not None:
        mine |= Q(hub_id=unit_id)
    return Event.objects.filter(Exists(legs.filter(mine)))


def event_for(user: User | None, pk: int) -> Event | None:
    return visible_events(user).filter(pk=pk).select_related("unit", "created_by").first()


def event_list(user: User | None, *, state: str = "", severity: str = "", q: str = "") -> QuerySet[Event]:
    events = visible_events(user).select_related("unit")
    if state == "live":
        events = events.filter(state__in=[EventState.OPEN, EventState.HANDLED])
    elif state:
        events = events.filter(state=state)
    if severity:
        events = events.filter(severity=severity)
    if q:
        events = events.filter(Q(title__icontains=q) | Q(place__icontains=q))
    next_due = Deadline.objects.filter(leg__event=OuterRef("pk"), state=DeadlineState.OPEN).order_by("due_at")
    return events.annotate(next_due=Subquery(next_due.values("due_at")[:1])).order_by("-occurred_at", "-id")


@dataclass
class BoardRow:
    """One open event on a hub's board, as plain values (500 rows render in well under 200 ms)."""

    event_id: int
    title: str
    severity: str
    severity_label: str
    sensitive: bool
    place: str
    unit_name: str
    state_label: str
    deadline_label: str
    due_at: datetime.datetime | None
    overdue: bool

    @property
    def due_iso(self) -> str:
        return self.due_at.isoformat() if self.due_at else ""

    @property
    def due_hm(self) -> str:
        return timezone.localtime(self.due_at).strftime("%m-%d %H:%M") if self.due_at else ""


SEVERITY_ORDER = {"I": 0, "II": 1, "III": 2, "IV": 3}


def _deadline_label(kind: str, number: int, labels: dict[str, str]) -> str:
    if kind == DeadlineKind.FOLLOWUP:
        return stage_label("followup", number)
    return labels[kind]


def board(hub_id: int, now: datetime.datetime | None = None) -> list[BoardRow]:
    """The hub's open events by severity (sensitive ones first), each with its next deadline; overdue
    ones first within a grade. Two queries whatever the number of events, read as plain rows."""
    now = now or timezone.now()
    legs = list(
        Leg.objects.filter(
            hub_id=hub_id, closed_at__isnull=True, event__state__in=[EventState.OPEN, EventState.HANDLED]
        ).values_list(
            "id",
            "event_id",
            "event__title",
            "event__severity",
            "event__sensitive",
            "event__place",
            "unit__name",
            "event__state",
        )
    )
    nearest: dict[int, tuple[datetime.datetime, str, int]] = {}
    open_deadlines = Deadline.objects.filter(leg__hub_id=hub_id, leg__closed_at__isnull=True, state=DeadlineState.OPEN)
    for leg_id, due_at, kind, number in open_deadlines.order_by("due_at", "id").values_list(
        "leg_id", "due_at", "kind", "number"
    ):
        nearest.setdefault(leg_id, (due_at, kind, number))
    severities, states = dict(Severity.choices), dict(EventState.choices)
    kinds = {key: str(label) for key, label in DeadlineKind.choices}
    severity_labels = {key: str(label) for key, label in severities.items()}
    state_labels = {key: str(label) for key, label in states.items()}
    rows = []
    for leg_id, event_id, title, severity, sensitive, place, unit_name, state in legs:
        due = nearest.get(leg_id)
        rows.append(
            BoardRow(
                event_id,
                title,
                severity,
                severity_labels[severity],
                sensitive,
                place,
                unit_name,
                state_labels[state],
                _deadline_label(due[1], due[2], kinds) if due else "",
                due[0] if due else None,
                bool(due and due[0] <= now),
            )
        )
    far = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    rows.sort(
        key=lambda r: (
            0 if r.sensitive and SEVERITY_ORDER[r.severity] > 1 else SEVERITY_ORDER[r.severity],
            r.due_at or far,
            r.event_id,
        )
    )
    return rows


def legs_of(event: Event) -> list[Leg]:
    return list(
        event.legs.select_related("unit", "hub", "channel", "policy").prefetch_related(
            Prefetch("deadlines", queryset=Deadline.objects.select_related("finding").order_by("due_at", "id"))
        )
    )


def reports_of(event: Event, user: User | None) -> list[Report]:
    """Sent reports for everyone who sees the event; drafts only for their own unit."""
    reports = event.reports.select_related("unit", "created_by", "signed_by").exclude(state=ReportState.WITHDRAWN)
    unit_id = business_unit(user)
    if unit_id is not None:
        reports = reports.filter(Q(state=ReportState.SENT) | Q(unit_id=unit_id))
    return list(reports.order_by("reported_at", "created_at", "id"))


def reminders_of(event: Event) -> list[Reminder]:
    """Reminders and escalations of the event's deadlines (the timeline shows what was sent)."""
    keys = Q()
    ids = list(Deadline.objects.filter(leg__event=event).values_list("pk", flat=True))
    if not ids:
        return []
    for pk in ids:
        keys |= Q(key__startswith=f"urgent:d{pk}:")
    return list(Reminder.objects.filter(keys).order_by("due_at", "id"))


def visible_findings(user: User | None) -> QuerySet[Finding]:
    """Findings of the person's unit, and those their hub made when they watch it."""
    unit_id = business_unit(user)
    if unit_id is None:
        return Finding.objects.none()
    scope = Q(unit_id=unit_id)
    if watched_hub(user) is not None:
        scope |= Q(hub_id=unit_id)
    return Finding.objects.filter(scope).select_related("unit", "hub", "event", "deadline")


def findings_between(unit_ids: Collection[int], start: datetime.date, end: datetime.date) -> QuerySet[Finding]:
    """Live findings dated in [start, end] (the scoring source reads these)."""
    findings = Finding.objects.filter(withdrawn_at__isnull=True, found_on__gte=start, found_on__lte=end)
    if len(unit_ids) <= 500:
        findings = findings.filter(unit_id__in=list(unit_ids))
    return findings.select_related("event").order_by("found_on", "id")


def policies_of(hub_id: int) -> QuerySet[Policy]:
    return Policy.objects.filter(hub_id=hub_id, deleted_at__isnull=True)


def shifts_of(hub_id: int, start: datetime.datetime) -> QuerySet[Shift]:
    return Shift.objects.filter(hub_id=hub_id, cancelled_at__isnull=True, ends_at__gt=start).select_related("person")


def recent_handovers(hub_id: int, limit: int = 5) -> list[Shift]:
    return list(
        Shift.objects.filter(hub_id=hub_id, cancelled_at__isnull=True, starts_at__lte=timezone.now())
        .exclude(handover="")
        .select_related("person")
        .order_by("-starts_at")[:limit]
    )


def hub_people(hub_id: int) -> QuerySet[User]:
    return User.objects.filter(unit_id=hub_id, is_active=True, deleted_at__isnull=True).order_by("display_name", "id")


def my_shift(user: User | None, now: datetime.datetime | None = None) -> Shift | None:
    now = now or timezone.now()
    return Shift.objects.filter(person=user, cancelled_at__isnull=True, starts_at__lte=now, ends_at__gt=now).first()
