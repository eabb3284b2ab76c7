"""Excel export of (filtered) audit rows. Streaming write keeps memory flat for large logs."""

from __future__ import annotations

import io
import json

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .models import AuditRecord

MAX_EXPORT_ROWS = 200_000
COLUMNS = ("at", "actor_name", "unit_name", "action", "object_type", "object_id", "object_repr", "old_values")
COLUMNS = (*COLUMNS, "new_values", "ip")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value is not None else ""


def export(records: QuerySet[AuditRecord]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("审计记录"))
    headers = [
        _("时间"),
        _("操作人"),
        _("单位"),
        _("操作"),
        _("对象类型"),
        _("对象编号"),
        _("对象"),
        _("原值"),
        _("新值"),
    ]
    sheet.append([*headers, _("IP地址")])
    for r in records[:MAX_EXPORT_ROWS].iterator(chunk_size=2000):
        at = timezone.localtime(r.at).strftime("%Y-%m-%d %H:%M:%S")
        row = [at, r.actor_name, r.unit_name, r.action, r.object_type, r.object_id, r.object_repr]
        sheet.append([*row, _json(r.old_values), _json(r.new_values), r.ip])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
