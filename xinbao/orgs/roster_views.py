"""信息员名册 of a hub: its reporting units and their officers on duty, the Excel list, and 督促 of a unit
without one. The hub's information section keeps its units' roster (registering through the unit page)."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from xinbao.core.errors import DomainError
from xinbao.core.excel import safe_row
from xinbao.core.http import AuthedRequest
from xinbao.core.pagination import paginate
from xinbao.core.views import show_refusal

from . import actions, duties, queries
from .excel import XLSX_MIME
from .models import Unit


def _hub(request: AuthedRequest) -> Unit:
    user = request.user
    if not duties.is_hub_staff(user, user.unit_id) or user.unit is None:
        raise PermissionDenied(_("只有信息科人员可以查看本单位的信息员名册。"))
    return user.unit


def _units(request: AuthedRequest, hub: Unit) -> Any:
    units = queries.hub_roster(hub, vacant_only=request.GET.get("vacant") == "1")
    if q := request.GET.get("q", "").strip()[:50]:
        units = units.filter(name__icontains=q)
    return units.select_related("parent")


@login_required
def roster(request: AuthedRequest) -> HttpResponse:
    hub = _hub(request)
    page = paginate(request, _units(request, hub), per_page=50)
    context = {
        "hub": hub,
        "page_obj": page,
        "vacant": request.GET.get("vacant") == "1",
        "q": request.GET.get("q", ""),
        "vacant_count": queries.vacancies(hub).count(),
    }
    return render(request, "orgs/roster.html", context)


@login_required
def roster_xlsx(request: AuthedRequest) -> HttpResponse:
    hub = _hub(request)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("信息员名册"))
    sheet.append([_("单位"), _("类型"), _("信息员"), _("专兼职"), _("电话"), _("开始日期"), _("备案日期"), _("状态")])
    for unit in _units(request, hub):
        officers = unit.on_duty_officers
        if not officers:
            sheet.append(safe_row([unit.name, unit.get_kind_display(), "", "", "", "", "", _("缺员")]))
        for a in officers:
            row = [unit.name, unit.get_kind_display(), str(a.user), a.get_employment_display(), a.user.phone]
            sheet.append(safe_row([*row, a.start_date, a.registered_at, _("在岗")]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_MIME)
    name = f"roster-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


@login_required
@require_POST
def urge(request: AuthedRequest, unit_id: int) -> HttpResponse:
    hub = _hub(request)
    unit = queries.member_units(hub).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    try:
        actions.urge_unit(request.user, unit, request.POST.get("note", ""))
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("已督促%(u)s，其签发人会收到消息。") % {"u": unit.name})
    return redirect("orgs:roster")
