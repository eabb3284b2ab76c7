"""Writing audit rows. Every app's actions call ``record`` inside their transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from xinbao.core.audit import changed, snapshot  # noqa: F401 - re-exported for apps above audit
from xinbao.core.context import client_ip
from xinbao.core.plain import plain

from .models import AuditRecord


def _actor_columns(actor: Any) -> dict[str, Any]:
    unit = getattr(actor, "unit", None) if actor is not None else None
    return {
        "actor": actor if actor is not None and actor.pk else None,
        "actor_name": (str(actor) if actor is not None else _("系统"))[:80],
        "unit_name": (str(unit) if unit else "")[:100],
        "ip": client_ip.get() or "",
    }


def record(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    object_type: str | None = None,
    object_id: Any = "",
    object_repr: str = "",
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
) -> AuditRecord:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        # A model may name itself for the log without business content (items: no sensitive title).
        object_repr = object_repr or str(getattr(obj, "audit_label", None) or obj)
    return AuditRecord.objects.create(
        **_actor_columns(actor),
        action=action,
        object_type=object_type or "",
        object_id=str(object_id or "")[:40],
        object_repr=object_repr[:200],
        old_values=plain(dict(old)) if old else None,
        new_values=plain(dict(new)) if new else None,
    )


def bulk_record(actor: Any, action: str, objects: list[models.Model], fields: tuple[str, ...]) -> None:
    """One audit row per created object, inserted in bulk (imports, generated data)."""
    who = _actor_columns(actor)
    AuditRecord.objects.bulk_create(
        [
            AuditRecord(
                **who,
                action=action,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                new_values=snapshot(obj, fields),
            )
            for obj in objects
        ],
        batch_size=2000,
    )
