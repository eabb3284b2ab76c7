"""The audit log page and its Excel export (read only: no view here writes anything)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from xinbao.core.http import AuthedRequest, date_errors, date_param
from xinbao.core.pagination import paginate
from xinbao.core.views import domain_errors_as_messages

from . import excel, queries
from .labels import action_label, object_type_label, values_lines


def _filtered(request: AuthedRequest) -> Any:
    get = request.GET
    return queries.audit_records(
        request.user,
        actor=get.get("actor", "").strip(),
        unit=get.get("unit", "").strip(),
        action=get.get("action", "").strip(),
        object_type=get.get("type", "").strip(),
        date_from=date_param(get.get("from")),
        date_to=date_param(get.get("to")),
    )


def _row(record: Any) -> dict[str, Any]:
    return {
        "record": record,
        "action": action_label(record.action),
        "object_type": object_type_label(record.object_type),
        "old": values_lines(record.object_type, record.old_values),
        "new": values_lines(record.object_type, record.new_values),
    }


@login_required
@require_GET
@domain_errors_as_messages()
def log(request: AuthedRequest) -> HttpResponse:
    records = _filtered(request)
    bad_dates = date_errors({_("开始日期"): request.GET.get("from", ""), _("结束日期"): request.GET.get("to", "")})
    if bad_dates:
        messages.error(request, _("%(f)s不是有效日期，已忽略。") % {"f": "、".join(bad_dates)})
    page = paginate(request, records, per_page=50)
    types = [(t, object_type_label(t)) for t in queries.object_types(request.user)]
    context = {"page_obj": page, "rows": [_row(r) for r in page], "object_types": types}
    return render(request, "audit/log.html", context)


@login_required
@require_GET
@domain_errors_as_messages()
def export(request: AuthedRequest) -> HttpResponse:
    response = HttpResponse(excel.export(_filtered(request)), content_type=excel.XLSX_MIME)
    response["Content-Disposition"] = "attachment; filename=audit.xlsx"
    return response
