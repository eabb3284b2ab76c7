"""Excel export of (filtered) audit rows. Streaming write keeps memory flat for large logs; every
cell goes through ``core.excel.safe_row`` (no formulas from audited text)."""

from __future__ import annotations

import io

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from xinbao.core.excel import safe_row

from .labels import action_label, object_type_label, values_lines
from .models import AuditRecord

MAX_EXPORT_ROWS = 200_000
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export(records: QuerySet[AuditRecord], *, limit: int = MAX_EXPORT_ROWS) -> bytes:
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
        _("IP地址"),
        _("操作代码"),
        _("记录号"),
        _("校验值"),
    ]
    sheet.append(headers)
    for r in records[:limit].iterator(chunk_size=2000):
        at = timezone.localtime(r.at).strftime("%Y-%m-%d %H:%M:%S")
        row = [at, r.actor_name, r.unit_name, action_label(r.action), object_type_label(r.object_type)]
        old = "\n".join(values_lines(r.object_type, r.old_values))
        new = "\n".join(values_lines(r.object_type, r.new_values))
        sheet.append(safe_row([*row, r.object_id, r.object_repr, old, new, r.ip, r.action, r.id, r.hash]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
