"""Purging audit rows past the retention period (``manage.py audit_purge``), the one sanctioned
way past the append-only triggers.

The rows go to an Excel file first; only then, in one transaction, are they deleted, the
triggers put back, and an ``audit.purge`` row written naming the file, its SHA-256, the range
and the last purged hash (the new first row's ``prev_hash``, which ``audit_verify`` accepts as
the chain's start only because this row vouches for it).
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.core.checks import MIN_AUDIT_RETENTION_DAYS
from xinbao.core.errors import DomainError

from . import excel, triggers
from .actions import record
from .models import AuditRecord

PURGE_ACTION = "audit.purge"
MAX_PURGE_ROWS = 1_000_000  # one Excel sheet holds 1,048,576 rows


@dataclass
class PurgeResult:
    count: int
    first_id: int
    last_id: int
    file: Path
    sha256: str


def purge_anchors() -> list[str]:
    """The last hashes of purged ranges, each vouched for by an ``audit.purge`` row."""
    rows = AuditRecord.objects.filter(action=PURGE_ACTION).values_list("new_values", flat=True)
    return [values["last_hash"] for values in rows if values and values.get("last_hash")]


def latest_allowed_cutoff(now: datetime.datetime | None = None) -> datetime.date:
    days = max(settings.XINBAO_AUDIT_RETENTION_DAYS, MIN_AUDIT_RETENTION_DAYS)
    return timezone.localdate(now or timezone.now()) - datetime.timedelta(days=days)


def purge(before: datetime.date, export_to: Path) -> PurgeResult:
    """Export, then delete every row dated before ``before`` (a contiguous prefix of ids)."""
    if settings.XINBAO_AUDIT_RETENTION_DAYS < MIN_AUDIT_RETENTION_DAYS:
        raise DomainError(_("审计记录保存期限不能少于%(d)d天。") % {"d": MIN_AUDIT_RETENTION_DAYS})
    allowed = latest_allowed_cutoff()
    if before > allowed:
        raise DomainError(
            _("只能清理%(d)s之前的审计记录（保存期限%(n)d天）。")
            % {"d": allowed.isoformat(), "n": settings.XINBAO_AUDIT_RETENTION_DAYS}
        )
    if export_to.exists():
        raise DomainError(_("导出文件“%(f)s”已存在，请换一个文件名。") % {"f": export_to})
    cutoff = timezone.make_aware(datetime.datetime.combine(before, datetime.time.min))
    # Only a prefix of the chain goes (the rest must still verify): the rows before the first
    # one dated on or after the cutoff. A row out of time order keeps everything after it.
    first_kept = AuditRecord.objects.filter(at__gte=cutoff).order_by("id").values_list("id", flat=True).first()
    doomed = AuditRecord.objects.order_by("id")
    if first_kept is not None:
        doomed = doomed.filter(id__lt=first_kept)
    last_id = doomed.order_by("-id").values_list("id", flat=True).first()
    if last_id is None:
        raise DomainError(_("%(d)s之前没有可清理的审计记录。") % {"d": before.isoformat()})
    doomed = doomed.filter(id__lte=last_id)
    count = doomed.count()
    if count > MAX_PURGE_ROWS:
        raise DomainError(_("一次最多清理%(n)d条，请选择更早的日期分批清理。") % {"n": MAX_PURGE_ROWS})
    export_to.parent.mkdir(parents=True, exist_ok=True)
    export_to.write_bytes(excel.export(doomed, limit=MAX_PURGE_ROWS))
    digest = hashlib.sha256(export_to.read_bytes()).hexdigest()
    first_id = doomed.values_list("id", flat=True).first()
    last_hash = AuditRecord.objects.filter(id=last_id).values_list("hash", flat=True).get()
    with transaction.atomic():
        with connection.cursor() as cursor:
            for sql in triggers.allow_delete_sql():
                cursor.execute(sql)
            table = connection.ops.quote_name(AuditRecord._meta.db_table)
            cursor.execute(f"DELETE FROM {table} WHERE id <= %s", [last_id])
            for sql in triggers.forbid_delete_sql():
                cursor.execute(sql)
        record(
            None,
            PURGE_ACTION,
            object_type="audit.auditrecord",
            object_id=f"{first_id}-{last_id}",
            object_repr=_("清理审计记录 %(n)d 条") % {"n": count},
            new={
                "before": before.isoformat(),
                "count": count,
                "first_id": first_id,
                "last_id": last_id,
                "last_hash": last_hash,
                "file": export_to.name,
                "sha256": digest,
            },
        )
    return PurgeResult(count, first_id or 0, last_id, export_to, digest)
