"""Pages of notices (通报): the list, generating a draft, the notice with its preview and its steps,
the editor's edit page, the decisions (送审, 审核, 退回, 发布, 撤回), and the Word file.

Reads go through ``notices.queries`` (scoped with the user), writes through ``notice_actions``; the
buttons shown are ``queries.allowed_actions`` — the same duties the actions check.
"""

from __future__ import annotations

import datetime
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinbao.core.errors import DomainError
from xinbao.core.http import AuthedRequest, int_param
from xinbao.core.pagination import paginate
from xinbao.core.views import domain_errors_as_messages, show_refusal
from xinbao.orgs import duties
from xinbao.orgs.models import User

from . import notice_actions as actions
from . import periods, queries
from .models import Notice, NoticeState, RuleSet
from .notices import content, data
from .notices import queries as notice_queries
from .notices.forms import CommentForm, NoticeEditForm
from .periods import Period
from .states import EDITABLE, NoticeAction

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _notice(request: AuthedRequest, pk: int) -> Notice:
    notice = notice_queries.notice_for(request.user, pk)
    if notice is None:
        raise Http404
    return notice


def _managed_rule_sets(user: User) -> list[RuleSet]:
    return [rs for rs in queries.visible_rule_sets(user) if duties.can_manage_rules(user, rs.hub_id)]


def _recent_periods(today: datetime.date) -> list[Period]:
    """Months, quarters and years that ended in the last two years, the latest first (the default)."""
    found: set[Period] = set()
    start = datetime.date(today.year - 1, 1, 1)
    for kind in actions.NOTICE_KINDS:
        found.update(p for p in periods.between(kind, start, today) if p.end < today)
    return sorted(found, key=lambda p: (p.end, -(p.end - p.start).days), reverse=True)


@login_required
def notice_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    notices = notice_queries.notices_for(user)
    state = request.GET.get("state", "")
    if state in NoticeState.values:
        notices = notices.filter(state=state)
    managed = _managed_rule_sets(user)
    context = {
        "page_obj": paginate(request, notices, 20),
        "managed": managed,
        "states": NoticeState.choices,
        "state": state,
        "period_choices": _recent_periods(timezone.localdate()) if managed else [],
    }
    return render(request, "scoring/notices.html", context)


@login_required
@require_POST
@domain_errors_as_messages()
def notice_generate(request: AuthedRequest) -> HttpResponse:
    rule_set = queries.visible_rule_sets(request.user).filter(pk=int_param(request.POST.get("rule_set")) or 0).first()
    if rule_set is None:
        raise Http404
    period = periods.parse(request.POST.get("period", ""))
    if period is None or period.kind not in actions.NOTICE_KINDS:
        raise DomainError(_("请选择月份、季度或年度（如 2026-03、2026Q1、2026）。"))
    notice = actions.create_notice(request.user, rule_set, period)
    messages.success(request, _("已生成通报草稿：%(t)s") % {"t": notice.title})
    return redirect("scoring:notice", notice.pk)


def _document(notice: Notice) -> content.NoticeDocument | None:
    """The notice as it reads (None for a notice made before figures were kept: regenerate it)."""
    if not notice.figures:
        return None
    return content.build(notice, data.from_json(notice.figures))


@login_required
def notice_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    notice = _notice(request, pk)
    manage = notice_queries.can_manage(user, notice)
    if notice.state == NoticeState.PUBLISHED and notice_queries.is_addressed(user, notice) and not manage:
        actions.mark_read(user, notice)
    allowed = notice_queries.allowed_actions(user, notice)
    hub_side = manage or notice_queries.can_approve(user, notice)
    shows_content = notice.state == NoticeState.PUBLISHED or hub_side
    context = {
        "notice": notice,
        "manage": manage,
        "hub_side": hub_side,
        "allowed": allowed,
        "doc": _document(notice) if shows_content else None,
        "shows_content": shows_content,
        "steps": list(notice_queries.steps(notice)) if hub_side else [],
        "receipts": list(notice_queries.receipts(notice)) if hub_side else [],
        "returned": notice_queries.last_comment(notice, NoticeAction.RETURN)
        if notice.state == NoticeState.RETURNED
        else None,
        "withdrawn": notice_queries.last_comment(notice, NoticeAction.WITHDRAW)
        if notice.state == NoticeState.WITHDRAWN
        else None,
        "comment_form": CommentForm(),
    }
    return render(request, "scoring/notice_detail.html", context)


@login_required
def notice_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """The editor's words: title, lead paragraph (导语), remarks (有关要求)."""
    notice = _notice(request, pk)
    if not notice_queries.can_manage(request.user, notice):
        raise Http404
    if notice.state not in EDITABLE:
        messages.error(request, _("通报已送审或已发布，不能再修改；如需修改，请先退回或撤回。"))
        return redirect("scoring:notice", pk)
    initial = {"title": notice.title, "lead": notice.lead, "remarks": notice.remarks}
    form = NoticeEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_notice(request.user, notice, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("已保存。"))
            return redirect("scoring:notice", pk)
    return render(request, "scoring/notice_edit.html", {"notice": notice, "form": form})


TRANSITIONS = (
    "regenerate",
    "submit",
    "recall",
    "approve",
    "approve_publish",
    "return",
    "publish",
    "withdraw",
    "redraft",
)


def _decide(user: User, notice: Notice, action: str, comment: str) -> str:
    """Run the decision posted from the notice page; the message to show."""
    if action == "regenerate":
        actions.regenerate_notice(user, notice)
        return _("已按最新得分重新生成通报数据。")
    if action == "submit":
        actions.submit_notice(user, notice)
        return _("已送审。")
    if action == "recall":
        actions.recall_notice(user, notice)
        return _("已撤回送审。")
    if action in ("approve", "approve_publish"):
        actions.approve_notice(user, notice, comment, publish=action == "approve_publish")
        return _("已审核通过并发布。") if action == "approve_publish" else _("已审核通过。")
    if action == "return":
        actions.return_notice(user, notice, comment)
        return _("已退回修改。")
    if action == "publish":
        count = actions.publish_notice(user, notice)
        return _("通报已发布至%(n)s个单位。") % {"n": count}
    if action == "withdraw":
        actions.withdraw_notice(user, notice, comment)
        return _("通报已撤回。")
    actions.redraft_notice(user, notice)
    return _("通报已转为草稿，可修改后重新送审。")


@login_required
@require_POST
@domain_errors_as_messages(lambda request, kwargs: f"/scoring/notices/{kwargs['pk']}/")
def notice_transition(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    notice = _notice(request, pk)
    if action not in TRANSITIONS:
        raise Http404
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    messages.success(request, _decide(request.user, notice, action, comment))
    return redirect("scoring:notice", pk)


@login_required
def notice_download(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """The Word file: as published; for the hub, a draft's file as it stands (marked 草稿)."""
    user = request.user
    notice = _notice(request, pk)
    hub_side = notice_queries.can_manage(user, notice) or notice_queries.can_approve(user, notice)
    if notice.state == NoticeState.PUBLISHED or (hub_side and notice.state == NoticeState.WITHDRAWN):
        if not notice.document:
            raise Http404
        if notice.state == NoticeState.PUBLISHED and notice_queries.is_addressed(user, notice) and not hub_side:
            actions.mark_read(user, notice)
        return FileResponse(notice.document.open("rb"), as_attachment=True, filename=f"{notice.title}.docx")
    if not hub_side or not notice.figures:
        raise Http404
    name = _("%(t)s（草稿）.docx") % {"t": notice.title}
    return FileResponse(
        io.BytesIO(actions.document_bytes(notice)), as_attachment=True, filename=name, content_type=DOCX
    )
