"""Reminders: messages due at a moment, sent once by the worker to whoever the audience is *then*.

Other apps schedule them inside their own actions (a deadline's reminder, each step of an escalation
chain, a 催办) and cancel them when the condition is met::

    reminders.schedule(f"urgent:{event.pk}:written:0", due, kind="urgent.deadline", text=…,
                       audience="role", params={"role": "signer", "unit": unit.pk})
    reminders.cancel(f"urgent:{event.pk}:written:")   # the written report arrived

Audiences are resolved when the reminder is sent (``register_audience``: the urgent app adds "the
person on duty"). A guard (``register_guard``) may veto a due reminder whose condition has passed —
a second safety beside cancelling.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from xinbao.audit.actions import record_each
from xinbao.orgs import queries as org_queries
from xinbao.orgs.models import User

from .models import Reminder

Audience = Callable[[dict[str, Any]], Iterable[User]]
Guard = Callable[[Reminder], bool]
BatchGuard = Callable[[list[Reminder]], set[int]]

_audiences: dict[str, Audience] = {}
_guards: dict[str, Guard] = {}
_batch_guards: dict[str, BatchGuard] = {}


def register_audience(name: str, resolve: Audience) -> None:
    _audiences[name] = resolve


def register_guard(kind_prefix: str, still_due: Guard) -> None:
    """``still_due(reminder)`` is asked just before sending reminders whose kind starts with the prefix."""
    _guards[kind_prefix] = still_due


def register_batch_guard(kind_prefix: str, no_longer_due: BatchGuard) -> None:
    """A guard asked once per batch: ``no_longer_due(reminders)`` (those whose kind starts with the prefix)
    returns the ids to drop — one query for the worker's whole batch instead of one per reminder."""
    _batch_guards[kind_prefix] = no_longer_due


def _users(params: dict[str, Any]) -> Iterable[User]:
    return User.objects.filter(pk__in=params.get("ids", []), is_active=True)


def _role(params: dict[str, Any]) -> Iterable[User]:
    unit = params.get("unit")
    people = org_queries.users_with_role(params["role"])
    return people.filter(unit_id=unit) if unit is not None else people.none()


register_audience("users", _users)
register_audience("role", _role)


def users(people: Iterable[User | None]) -> tuple[str, dict[str, Any]]:
    """Audience helper: these people."""
    return "users", {"ids": sorted({p.pk for p in people if p is not None})}


def role(role: str, unit: Any) -> tuple[str, dict[str, Any]]:
    """Audience helper: whoever holds ``role`` at ``unit`` when the reminder is sent."""
    return "role", {"role": str(role), "unit": unit if isinstance(unit, int) else unit.pk}


def schedule(
    key: str,
    due_at: datetime.datetime,
    *,
    kind: str,
    text: str,
    audience: tuple[str, dict[str, Any]],
    url: str = "",
    email_text: str | None = None,
) -> Reminder:
    """Schedule (or move) the reminder ``key``. Idempotent: an unsent reminder is updated and revived;
    one already sent stays as it was (it is never sent twice)."""
    name, params = audience
    if name not in _audiences:
        raise ValueError(f"unknown audience {name!r}")
    values = {
        "due_at": due_at,
        "kind": kind,
        "text": text[:500],
        "email_text": (email_text if email_text is not None else text)[:500],
        "url": url,
        "audience": name,
        "params": params,
    }
    existing = Reminder.objects.select_for_update().filter(key=key).first()
    if existing is None:
        return Reminder.objects.create(key=key, **values)
    if existing.sent_at is None:
        for attr, value in values.items():
            setattr(existing, attr, value)
        existing.cancelled_at = None
        existing.save()
    return existing


@dataclass
class Step:
    """One step of an escalation chain: ``after`` the chain's start, tell ``audience``."""

    after: datetime.timedelta
    audience: tuple[str, dict[str, Any]]
    text: str
    kind: str
    email_text: str | None = None
    url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def schedule_chain(prefix: str, start: datetime.datetime, steps: Sequence[Step]) -> list[Reminder]:
    """Each step as its own reminder ``{prefix}{n}`` (cancel them all with ``cancel(prefix)``)."""
    return [
        schedule(
            f"{prefix}{n}",
            start + step.after,
            kind=step.kind,
            text=step.text,
            audience=step.audience,
            url=step.url,
            email_text=step.email_text,
        )
        for n, step in enumerate(steps)
    ]


def cancel(prefix: str, *, at: datetime.datetime | None = None) -> int:
    """Cancel every unsent reminder whose key starts with ``prefix``."""
    pending = Reminder.objects.filter(key__startswith=prefix, sent_at__isnull=True, cancelled_at__isnull=True)
    return pending.update(cancelled_at=at or timezone.now())


def pending(prefix: str) -> list[Reminder]:
    return list(
        Reminder.objects.filter(key__startswith=prefix, sent_at__isnull=True, cancelled_at__isnull=True).order_by(
            "due_at", "id"
        )
    )


def _still_due(reminder: Reminder) -> bool:
    guards = [guard for prefix, guard in _guards.items() if reminder.kind.startswith(prefix)]
    return all(guard(reminder) for guard in guards)


def _vetoed(batch: list[Reminder]) -> set[int]:
    dropped: set[int] = set()
    for prefix, guard in _batch_guards.items():
        mine = [r for r in batch if r.kind.startswith(prefix)]
        if mine:
            dropped |= guard(mine)
    return dropped


BATCH = 200


def send_due(now: datetime.datetime | None = None) -> int:
    """Send every reminder due at ``now`` exactly once (the worker's job, every minute).

    Each batch is locked (SKIP LOCKED: several workers share the work) and marked sent in the same
    transaction that writes the inbox rows, so a crash or restart never sends one twice."""
    from .actions import notify

    now = now or timezone.now()
    sent = 0
    while True:
        with transaction.atomic():
            batch = list(
                Reminder.objects.select_for_update(skip_locked=True)
                .filter(due_at__lte=now, sent_at__isnull=True, cancelled_at__isnull=True)
                .order_by("due_at", "id")[:BATCH]
            )
            if not batch:
                return sent
            vetoed = _vetoed(batch)
            # Reminders of one batch often go to the same audience (a unit's signers): resolved once.
            audiences: dict[str, list[User]] = {}
            done = []
            for reminder in batch:
                if reminder.pk in vetoed or not _still_due(reminder):
                    reminder.cancelled_at = now
                    reminder.save(update_fields=["cancelled_at"])
                    continue
                key = f"{reminder.audience}:{json.dumps(reminder.params, sort_keys=True)}"
                if key not in audiences:
                    audiences[key] = list(_audiences[reminder.audience](reminder.params))
                people = audiences[key]
                notify(people, reminder.kind, reminder.text, url=reminder.url, email_text=reminder.email_text)
                reminder.sent_at, reminder.sent_to = now, [p.pk for p in people]
                done.append(reminder)
                sent += 1
            Reminder.objects.bulk_update(done, ["sent_at", "sent_to"])
            record_each(None, "notify.send_reminder", [(r, {"kind": r.kind, "to": r.sent_to}) for r in done])
