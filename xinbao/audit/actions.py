"""Writing audit rows. Every app's actions call ``record`` inside their transaction."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.core.audit import changed, snapshot  # noqa: F401 - re-exported for apps above audit
from xinbao.core.context import client_ip
from xinbao.core.plain import plain

from . import chain
from .models import AuditRecord

if TYPE_CHECKING:
    from xinbao.orgs.models import User


def _actor_columns(actor: User | None) -> dict[str, Any]:
    unit = getattr(actor, "unit", None) if actor is not None else None
    return {
        "actor": actor if actor is not None and actor.pk else None,
        "actor_name": (str(actor) if actor is not None else _("系统"))[:80],
        "unit_name": (str(unit) if unit else "")[:100],
        "ip": client_ip.get() or "",
    }


def record(
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    *,
    object_type: str | None = None,
    object_id: Any = "",
    object_repr: str = "",
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
    actor_name: str | None = None,
) -> AuditRecord:
    """One audit row. ``actor_name`` names an actor without an account (a failed sign-in)."""
    who = _actor_columns(actor)
    if actor_name is not None:
        who["actor_name"] = actor_name[:80]
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        # A model may name itself for the log without business content (items: no sensitive title).
        object_repr = object_repr or str(getattr(obj, "audit_label", None) or obj)
    row = AuditRecord(
        **who,
        at=timezone.now(),
        action=action,
        object_type=object_type or "",
        object_id=str(object_id or "")[:40],
        object_repr=object_repr[:200],
        old_values=plain(dict(old)) if old else None,
        new_values=plain(dict(new)) if new else None,
    )
    # Inside a transaction (every action's): the chain lock is held until its commit. Outside one
    # (a sign-in), a transaction of its own, so that the lock still spans the read and the insert.
    with _transaction():
        chain.seal([row], chain.lock_and_get_head())
        row.save(force_insert=True)
    return row


def record_each(
    actor: User | None,
    action: str,
    entries: Sequence[tuple[models.Model, Mapping[str, Any]]],
    *,
    olds: Sequence[Mapping[str, Any] | None] | None = None,
) -> None:
    """One audit row per ``(object, new values)`` (and ``olds[i]``, the old values of entry i), as ``record``
    writes them, sealed and inserted together (the reminder worker's batch, publishing's adoptions: one
    chain lock and one insert instead of three queries a row)."""
    if not entries:
        return
    who, at = _actor_columns(actor), timezone.now()
    old_values = list(olds) if olds is not None else [None] * len(entries)
    rows = [
        AuditRecord(
            **who,
            at=at,
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk)[:40],
            object_repr=str(getattr(obj, "audit_label", None) or obj)[:200],
            old_values=plain(dict(old)) if old else None,
            new_values=plain(dict(new)) if new else None,
        )
        for (obj, new), old in zip(entries, old_values, strict=True)
    ]
    with _transaction():
        chain.seal(rows, chain.lock_and_get_head())
        AuditRecord.objects.bulk_create(rows)


def _transaction() -> Any:
    return contextlib.nullcontext() if transaction.get_connection().in_atomic_block else transaction.atomic()


def bulk_record(actor: User | None, action: str, objects: list[models.Model], fields: tuple[str, ...]) -> None:
    """One audit row per created object, inserted in bulk (imports, generated data), chained in order."""
    who = _actor_columns(actor)
    at = timezone.now()
    rows = [
        AuditRecord(
            **who,
            at=at,
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            object_repr=str(getattr(obj, "audit_label", None) or obj)[:200],
            new_values=snapshot(obj, fields),
        )
        for obj in objects
    ]
    with _transaction():
        chain.seal(rows, chain.lock_and_get_head())
        # One batch at a time, in order: ids follow the chain order.
        AuditRecord.objects.bulk_create(rows, batch_size=2000)
