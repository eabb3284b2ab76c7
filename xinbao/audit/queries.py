"""Reading the audit log: only the audit admin, with filters."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet

from xinbao.orgs.permissions import require_audit_reader

from .models import AuditRecord


def audit_records(
    user: Any,
    *,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditRecord]:
    require_audit_reader(user)
    records = AuditRecord.objects.all()
    if actor:
        records = records.filter(actor_name__contains=actor)
    if action:
        records = records.filter(action__contains=action)
    if object_type:
        records = records.filter(object_type=object_type)
    if date_from:
        records = records.filter(at__date__gte=date_from)
    if date_to:
        records = records.filter(at__date__lte=date_to)
    return records.order_by("-at", "-id")
