"""A writer's own page (``member``): this year's quota, progress and 稿酬, and the 履职档案 (Word export)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from xinbao.core.http import AuthedRequest, int_param
from xinbao.core.pagination import paginate
from xinbao.orgs import duties
from xinbao.orgs.roles import WRITERS

from . import member


def _writer(request: AuthedRequest) -> None:
    if not request.user.has_role(*WRITERS) or not duties.is_business_user(request.user):
        raise PermissionDenied(_("只有信息员、政协委员和特邀信息员有个人履职页面。"))


def _year(request: AuthedRequest) -> int:
    today = timezone.localdate()
    year = int_param(request.GET.get("year"))
    return year if year is not None and 2000 <= year <= today.year else today.year


@login_required
def my_record(request: AuthedRequest) -> HttpResponse:
    """The writer's own figures this year and their 履职档案 of the chosen year (their own items only)."""
    _writer(request)
    person = request.user
    year = _year(request)
    page = paginate(request, member.own_items(person, year), 50)
    today = timezone.localdate()
    context = {
        "person": person,
        "year": year,
        "years": list(range(today.year, today.year - 5, -1)),
        "summary": member.summary(person),
        "page_obj": page,
        "rows": member.record_rows(person, list(page.object_list)),
    }
    return render(request, "scoring/my_record.html", context)


@login_required
def my_record_docx(request: AuthedRequest) -> HttpResponse:
    _writer(request)
    year = _year(request)
    content = member.record_docx(request.user, year)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    name = _("%(y)s年度社情民意履职档案.docx") % {"y": year}
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    return response
