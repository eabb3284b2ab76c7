"""Who urgent reminders go to, resolved when each is sent (notify.reminders audiences), and the guard
that drops a reminder whose deadline was met meanwhile."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from xinbao.notify import reminders
from xinbao.notify.models import Reminder
from xinbao.orgs.models import User
from xinbao.orgs.roles import HUB_STAFF, WRITERS, Role

from .models import Deadline, DeadlineState, Shift


def _people(unit_id: Any, roles: Iterable[str]) -> list[User]:
    if unit_id is None:
        return []
    return list(
        User.objects.filter(unit_id=unit_id, is_active=True, deleted_at__isnull=True, roles__role__in=list(roles))
        .distinct()
        .order_by("id")
    )


def on_duty(hub_id: int, at: Any = None) -> list[User]:
    """Who is on duty at ``hub`` now (the roster); without a shift, its duty officers; without those,
    its information section — a reminder never falls into the void."""
    at = at or timezone.now()
    shifts = Shift.objects.filter(hub_id=hub_id, cancelled_at__isnull=True, starts_at__lte=at, ends_at__gt=at)
    people = list(User.objects.filter(pk__in=shifts.values("person_id"), is_active=True).order_by("id"))
    return people or _people(hub_id, [Role.DUTY_OFFICER]) or _people(hub_id, HUB_STAFF)


def reporters(unit_id: int) -> list[User]:
    return _people(unit_id, [*WRITERS, Role.SIGNER, Role.DUTY_OFFICER])


def signers(unit_id: int) -> list[User]:
    """The unit's signers; a hub reporting upward has its chief and director instead."""
    return _people(unit_id, [Role.SIGNER]) or _people(unit_id, [Role.HUB_DIRECTOR, Role.HUB_CHIEF])


def watchers(hub_id: int) -> list[User]:
    """Who hears of a new event at the hub: whoever is on duty and the information section."""
    seen = {p.pk: p for p in [*on_duty(hub_id), *_people(hub_id, HUB_STAFF)]}
    return list(seen.values())


TARGETS = {
    "unit_signer": lambda leg: ("urgent.signers", {"unit": leg.unit_id}),
    "unit_reporters": lambda leg: ("urgent.reporters", {"unit": leg.unit_id}),
    "hub_duty": lambda leg: ("urgent.duty", {"hub": leg.hub_id}),
    "hub_staff": lambda leg: ("urgent.roles", {"unit": leg.hub_id, "roles": sorted(HUB_STAFF)}),
    "hub_chief": lambda leg: ("urgent.roles", {"unit": leg.hub_id, "roles": [Role.HUB_CHIEF]}),
    "hub_director": lambda leg: ("urgent.roles", {"unit": leg.hub_id, "roles": [Role.HUB_DIRECTOR]}),
    "hub_leader": lambda leg: ("urgent.roles", {"unit": leg.hub_id, "roles": [Role.LEADER]}),
}


def _deadline_id(reminder: Reminder) -> int | None:
    """The deadline of an urgent reminder (key ``urgent:d<pk>:…``), if it names one."""
    head = reminder.key.split(":")
    if len(head) < 2 or not head[1].startswith("d") or not head[1][1:].isdigit():
        return None
    return int(head[1][1:])


def _no_longer_due(batch: list[Reminder]) -> set[int]:
    """An urgent reminder is sent only while its deadline is open: the ids of the batch's reminders whose
    deadline was met, waived or its leg closed meanwhile (one query for the whole batch)."""
    named = {r.pk: _deadline_id(r) for r in batch}
    ids = {d for d in named.values() if d is not None}
    still_open = set(
        Deadline.objects.filter(pk__in=ids, state=DeadlineState.OPEN, leg__closed_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    return {pk for pk, deadline in named.items() if deadline is not None and deadline not in still_open}


reminders.register_audience("urgent.signers", lambda p: signers(p["unit"]))
reminders.register_audience("urgent.reporters", lambda p: reporters(p["unit"]))
reminders.register_audience("urgent.duty", lambda p: on_duty(p["hub"]))
reminders.register_audience("urgent.roles", lambda p: _people(p["unit"], p["roles"]))
reminders.register_batch_guard("urgent.", _no_longer_due)
