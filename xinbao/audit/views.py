"""The audit log page and its Excel export (read only: no view here writes anything)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_GET

from xinbao.core.pagination import paginate
from xinbao.core.views import domain_errors_as_messages

from . import excel, queries


def _filtered(request: HttpRequest) -> Any:
    get = request.GET
    return queries.audit_records(
        request.user,
        actor=get.get("actor", "").strip(),
        unit=get.get("unit", "").strip(),
        action=get.get("action", "").strip(),
        object_type=get.get("type", "").strip(),
        date_from=parse_date(get.get("from", "") or ""),
        date_to=parse_date(get.get("to", "") or ""),
    )


@login_required
@require_GET
@domain_errors_as_messages()
def log(request: HttpRequest) -> HttpResponse:
    records = _filtered(request)
    context = {"page_obj": paginate(request, records, per_page=50), "object_types": queries.object_types(request.user)}
    return render(request, "audit/log.html", context)


@login_required
@require_GET
@domain_errors_as_messages()
def export(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(excel.export(_filtered(request)), content_type=excel.XLSX_MIME)
    response["Content-Disposition"] = "attachment; filename=audit.xlsx"
    return response
