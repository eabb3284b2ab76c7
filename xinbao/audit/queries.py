"""Reading the audit log: only the audit admin, with filters."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from xinbao.orgs.permissions import require_audit_reader

from .labels import ACTION_LABELS
from .models import AuditRecord

if TYPE_CHECKING:
    from xinbao.orgs.models import User


def audit_records(
    user: User | None,
    *,
    actor: str = "",
    unit: str = "",
    action: str = "",
    object_type: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditRecord]:
    """Filtered audit rows, newest first. ``actor``/``unit``/``action`` match parts of the text."""
    require_audit_reader(user)
    records = AuditRecord.objects.all()
    if actor:
        records = records.filter(actor_name__contains=actor)
    if unit:
        records = records.filter(unit_name__contains=unit)
    if action:
        # By code ("orgs.grant") or by the label the page shows ("分配角色").
        codes = [code for code, label in ACTION_LABELS.items() if action in str(label)]
        records = records.filter(Q(action__contains=action) | Q(action__in=codes))
    if object_type:
        records = records.filter(object_type=object_type)
    if date_from:
        records = records.filter(at__date__gte=date_from)
    if date_to:
        records = records.filter(at__date__lte=date_to)
    return records.order_by("-at", "-id")


def object_types(user: User | None) -> list[str]:
    """The object types present in the log, for the filter's drop-down."""
    require_audit_reader(user)
    return list(AuditRecord.objects.order_by("object_type").values_list("object_type", flat=True).distinct())
