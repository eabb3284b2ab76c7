"""The audit log page (read only; there is no view that writes)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_date

from xinbao.core.pagination import paginate
from xinbao.core.views import domain_errors_as_messages

from . import queries


@login_required
@domain_errors_as_messages()
def log(request: HttpRequest) -> HttpResponse:
    records = queries.audit_records(
        request.user,
        actor=request.GET.get("actor", "").strip(),
        action=request.GET.get("action", "").strip(),
        date_from=parse_date(request.GET.get("from", "") or ""),
        date_to=parse_date(request.GET.get("to", "") or ""),
    )
    return render(request, "audit/log.html", {"page_obj": paginate(request, records, per_page=50)})
