"""批示 pages: write one; the hub's list, the 督办 lists, a unit's 承办事项, and an instruction's page
where the hub assigns, reviews and closes and the units accept, report and ask for more time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinbao.core.errors import DomainError
from xinbao.core.files import serve_protected
from xinbao.core.http import AuthedRequest, int_param
from xinbao.core.pagination import paginate, query_without_page
from xinbao.core.views import show_refusal
from xinbao.items import policy
from xinbao.items import queries as items_queries
from xinbao.items.models import Item
from xinbao.items.titles import title_of
from xinbao.orgs import duties
from xinbao.orgs import queries as org_queries
from xinbao.orgs.models import Unit, User
from xinbao.orgs.roles import HUB_STAFF, LeaderLevel, Role
from xinbao.publications import queries as publication_queries
from xinbao.publications.models import Issue

from . import actions, followup, queries, stats
from .forms import (
    AssignForm,
    CloseForm,
    DecisionForm,
    ExtensionForm,
    InstructionForm,
    PlanForm,
    RateForm,
    ReasonForm,
    ReportForm,
    ReviewForm,
)
from .models import (
    Assignment,
    AssignmentState,
    Extension,
    Feedback,
    FollowUpTrack,
    Instruction,
    InstructionState,
)


def _target(request: AuthedRequest) -> tuple[Issue | None, Item | None]:
    """The issue (publications) and/or item the 批示 is about, as the user may see them."""
    source = request.POST if request.method == "POST" else request.GET
    issue = item = None
    issue_id, item_id = int_param(source.get("issue")), int_param(source.get("item"))
    if issue_id is not None:
        issue = publication_queries.issue_for(request.user, issue_id)
        if issue is None:
            raise Http404
    elif item_id is not None:
        item = items_queries.visible_items(request.user).filter(pk=item_id).first()
        if item is None:
            raise Http404
    else:
        raise Http404
    return issue, item


@login_required
def new(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not user.has_role(Role.LEADER, *HUB_STAFF):
        raise PermissionDenied(_("只有领导或信息科人员可以登记批示。"))
    issue, item = _target(request)
    if issue is not None:
        entries = publication_queries.entries(issue)
        choices = [(e.submission.item_id, e.title or e.submission.title) for e in entries]
    else:
        assert item is not None
        choices = [(item.pk, title_of(item))]
    on_behalf = not user.has_role(Role.LEADER)
    form = InstructionForm(
        request.POST or None, request.FILES or None, items=choices, on_behalf=on_behalf, whole_issue=issue is not None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target_item = Item.objects.get(pk=data["item"]) if data.get("item") else item
        try:
            instruction = actions.record_instruction(
                user,
                text=data["text"],
                item=target_item,
                issue_id=issue.pk if issue is not None else None,
                kind=data["kind"],
                leader_name=data.get("leader_name", ""),
                leader_level=data.get("leader_level", ""),
                leader_post=data.get("leader_post", ""),
                instructed_on=data.get("instructed_on"),
                scan=data.get("scan"),
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("批示已登记，已告知撰稿人。"))
            if duties.can_assign_instruction(user, instruction.hub_id):
                return redirect("instructions:detail", instruction.pk)
            if issue is not None:
                return redirect("publications:issue_detail", issue.pk)
            return redirect("instructions:for_item", target_item.pk if target_item else 0)
    item_title = choices[0][1] if item is not None else ""
    return render(
        request, "instructions/form.html", {"form": form, "issue": issue, "item": item, "item_title": item_title}
    )


@login_required
def for_issue(request: AuthedRequest, issue_id: int) -> HttpResponse:
    issue = publication_queries.issue_for(request.user, issue_id)
    if issue is None:
        raise Http404
    rows = list(queries.for_issue_display(issue.pk))
    return render(request, "instructions/list.html", _with_titles(request, rows, issue=issue, item=None))


@login_required
def for_item(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = items_queries.visible_items(request.user).filter(pk=item_id).first()
    if item is None:
        raise Http404
    rows = list(queries.for_item_display(item.pk))
    context = _with_titles(request, rows, issue=None, item=item, item_title=title_of(item))
    return render(request, "instructions/list.html", context)


def _with_titles(request: AuthedRequest, rows: list[Instruction], **context: Any) -> dict[str, Any]:
    return {**context, "instructions": queries.titled(request.user, rows)}


# --- The hub's list and the 督办 lists ------------------------------------------------------------


def _hub_reader(user: User) -> None:
    if not (duties.is_hub_staff(user, user.unit_id) or duties.is_leader(user, user.unit_id)):
        raise PermissionDenied(_("只有信息科人员和领导可以查看批示督办。"))


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    """The hub's instructions, filtered by state, leader level and words."""
    _hub_reader(request.user)
    state = request.GET.get("state", "")
    level = request.GET.get("level", "")
    q = request.GET.get("q", "").strip()[:50]
    page = paginate(request, queries.hub_list(request.user, state=state, level=level, q=q))
    return render(
        request,
        "instructions/index.html",
        {
            "page_obj": page,
            "rows": queries.hub_rows(request.user, list(page)),
            "states": InstructionState.choices,
            "levels": LeaderLevel.choices,
            "state": state,
            "level": level,
            "q": q,
            "query": query_without_page(request),
            "can_assign": duties.can_assign_instruction(request.user, request.user.unit_id),
        },
    )


@login_required
def due(request: AuthedRequest) -> HttpResponse:
    """逾期与即将到期: the hub's (every unit it chases) or the unit's own."""
    user = request.user
    hub_side = duties.is_hub_staff(user, user.unit_id) or duties.is_leader(user, user.unit_id)
    unit_side = duties.can_handle_assignment(user, user.unit_id)
    if not (hub_side or unit_side):
        raise PermissionDenied(_("没有需要督办的事项。"))
    scope = request.GET.get("scope", "hub" if hub_side else "unit")
    if scope not in ("hub", "unit") or (scope == "hub" and not hub_side) or (scope == "unit" and not unit_side):
        scope = "hub" if hub_side else "unit"
    lists = queries.due_lists(user, scope)
    return render(
        request,
        "instructions/due.html",
        {"lists": lists, "scope": scope, "hub_side": hub_side, "unit_side": unit_side, "today": timezone.localdate()},
    )


@login_required
def plan(request: AuthedRequest) -> HttpResponse:
    """督办提醒方案: hub staff and leaders see the plan; the chief or director sets it."""
    user = request.user
    hub = user.unit
    if hub is None or not (duties.is_hub_staff(user, hub.pk) or duties.is_leader(user, hub.pk)):
        raise PermissionDenied(_("只有信息科人员可以查看督办提醒方案。"))
    can_edit = duties.is_hub_senior(user, hub.pk)
    current = followup.plan_for(hub.pk)
    initial = {
        "remind_before": followup.days_text(current.before),
        "chase_after": followup.days_text(current.after),
        "chief_after": current.chief,
        "director_after": current.director,
    }
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("只有信息科科长或办公室主任可以设置督办提醒方案。"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.save_followup_plan(
                    user,
                    hub,
                    remind_before=data["remind_before"],
                    chase_after=data["chase_after"],
                    chief_after=data["chief_after"],
                    director_after=data["director_after"],
                )
            except DomainError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("督办提醒方案已保存，未到期事项的提醒已按新方案重新安排。"))
                return redirect("instructions:plan")
    context = {"form": form, "can_edit": can_edit, "described": followup.describe(current), "hub": hub}
    return render(request, "instructions/plan.html", context)


@login_required
def tasks(request: AuthedRequest) -> HttpResponse:
    """承办事项 of the user's unit."""
    if not duties.can_handle_assignment(request.user, request.user.unit_id):
        raise PermissionDenied(_("只有承办单位的人员可以查看承办事项。"))
    state = request.GET.get("state", "")
    page = paginate(request, queries.unit_tasks(request.user, state=state))
    return render(
        request,
        "instructions/tasks.html",
        {
            "page_obj": page,
            "states": [(v, label) for v, label in AssignmentState.choices if v != AssignmentState.WITHDRAWN],
            "state": state,
            "query": query_without_page(request),
            "today": timezone.localdate(),
        },
    )


# --- One instruction ------------------------------------------------------------------------------


def _instruction_or_404(request: AuthedRequest, pk: int) -> Instruction:
    instruction = queries.instruction_for(request.user, pk)
    if instruction is None:
        raise Http404
    return instruction


def _candidate_units(instruction: Instruction) -> list[tuple[int, str]]:
    """Units the hub may assign to: those of its own region (the hub's parent's subtree)."""
    hub = instruction.hub
    if hub is None:
        return []
    root = hub.parent or hub
    taken = set(instruction.assignments.exclude(state=AssignmentState.WITHDRAWN).values_list("unit_id", flat=True))
    units = org_queries.subtree(root).exclude(kind="region").order_by("path")[:2000]
    return [(u.pk, u.name) for u in units if u.pk not in taken]


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    instruction = _instruction_or_404(request, pk)
    user = request.user
    hub_side = queries.is_hub_side(user, instruction)
    can_assign = duties.can_assign_instruction(user, instruction.hub_id)
    item = instruction.item
    title = queries.item_titles(user, [instruction]).get(item.pk, "") if item is not None else ""
    rows = queries.assignments_for(user, instruction)
    today = timezone.localdate()
    return render(
        request,
        "instructions/detail.html",
        {
            "ins": instruction,
            "item_title": title,
            "item_link": item is not None and policy.may_read(user, item),
            "assignments": rows,
            "hub_side": hub_side,
            "can_assign": can_assign and instruction.state != InstructionState.CLOSED,
            "can_approve": duties.can_approve_extension(user, instruction.hub_id),
            "can_handle": {a.pk for a in rows if duties.can_handle_assignment(user, a.unit_id)},
            "can_rate": queries.is_opinion_author(user, instruction),
            "is_opinion": instruction.track == FollowUpTrack.OPINION,
            "may_see_scan": queries.may_see_scan(user, instruction),
            "can_confirm": instruction.confirmed_at is None and duties.is_hub_senior(user, instruction.hub_id),
            "assign_form": AssignForm(units=_candidate_units(instruction)) if can_assign else None,
            "today": today,
        },
    )


@login_required
def scan(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """The scanned original, to the hub's staff and the leader only (everyone else: 404)."""
    instruction = _instruction_or_404(request, pk)
    if not queries.may_see_scan(request.user, instruction):
        raise Http404
    return serve_protected(instruction.scan, instruction.scan_name or "scan", inline=True)


def _run(request: AuthedRequest, back: str, do: Callable[[], Any], success: str) -> HttpResponse:
    """Run an action from a posted form; show its refusal as a message, never a 500."""
    try:
        do()
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, success)
    return redirect(back)


def _form_error(request: AuthedRequest, form: Any, back: str) -> HttpResponse:
    errors = [str(e) for field in form.errors.values() for e in field]
    messages.error(request, "；".join(errors) or _("请检查填写的内容。"))
    return redirect(back)


@login_required
@require_POST
def assign(request: AuthedRequest, pk: int) -> HttpResponse:
    instruction = _instruction_or_404(request, pk)
    if not duties.can_assign_instruction(request.user, instruction.hub_id):
        raise PermissionDenied(_("只有督办该批示的信息科人员可以交办。"))
    back = reverse("instructions:detail", args=[pk])
    form = AssignForm(request.POST, units=_candidate_units(instruction))
    if not form.is_valid():
        return _form_error(request, form, back)
    data = form.cleaned_data
    hub = instruction.hub
    if hub is None:
        raise Http404
    units = list(org_queries.subtree(hub.parent or hub).filter(pk__in=data["units"]))
    return _run(
        request,
        back,
        lambda: actions.assign(
            request.user, instruction, units, due_on=data["due_on"], expectation=data["expectation"]
        ),
        _("已交办，承办单位已收到通知。"),
    )


def _assignment_or_404(request: AuthedRequest, pk: int) -> Assignment:
    row = Assignment.objects.select_related("instruction", "unit").filter(pk=pk).first()
    if row is None or queries.instruction_for(request.user, row.instruction_id) is None:
        raise Http404
    if row not in queries.assignments_for(request.user, row.instruction):
        raise Http404
    return row


def _feedback_or_404(request: AuthedRequest, pk: int) -> tuple[Feedback, str]:
    """A round of feedback on an assignment the user may see, and the instruction's page to go back to."""
    row = Feedback.objects.select_related("assignment").filter(pk=pk).first()
    if row is None:
        raise Http404
    assignment = _assignment_or_404(request, row.assignment_id)
    return row, reverse("instructions:detail", args=[assignment.instruction_id])


@login_required
@require_POST
def accept(request: AuthedRequest, pk: int) -> HttpResponse:
    row = _assignment_or_404(request, pk)
    back = reverse("instructions:detail", args=[row.instruction_id])
    return _run(request, back, lambda: actions.accept(request.user, row), _("已受理。"))


@login_required
@require_POST
def report(request: AuthedRequest, pk: int) -> HttpResponse:
    row = _assignment_or_404(request, pk)
    back = reverse("instructions:detail", args=[row.instruction_id])
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _form_error(request, form, back)
    return _run(
        request, back, lambda: actions.report(request.user, row, form.cleaned_data["text"]), _("落实情况已反馈。")
    )


@login_required
@require_POST
def extension(request: AuthedRequest, pk: int) -> HttpResponse:
    row = _assignment_or_404(request, pk)
    back = reverse("instructions:detail", args=[row.instruction_id])
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        return _form_error(request, form, back)
    data = form.cleaned_data
    return _run(
        request,
        back,
        lambda: actions.request_extension(request.user, row, data["until"], data["reason"]),
        _("延期申请已提交，等待审批。"),
    )


@login_required
@require_POST
def withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    row = _assignment_or_404(request, pk)
    back = reverse("instructions:detail", args=[row.instruction_id])
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _form_error(request, form, back)
    return _run(
        request, back, lambda: actions.withdraw(request.user, row, form.cleaned_data["reason"]), _("已撤回交办。")
    )


@login_required
@require_POST
def review(request: AuthedRequest, pk: int) -> HttpResponse:
    row, back = _feedback_or_404(request, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _form_error(request, form, back)
    data = form.cleaned_data
    return _run(
        request,
        back,
        lambda: actions.review(request.user, row, data["decision"], data["note"]),
        _("审核意见已告知承办单位。"),
    )


@login_required
@require_POST
def decide_extension(request: AuthedRequest, pk: int) -> HttpResponse:
    row = Extension.objects.filter(pk=pk).first()
    if row is None:
        raise Http404
    assignment = _assignment_or_404(request, row.assignment_id)
    back = reverse("instructions:detail", args=[assignment.instruction_id])
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _form_error(request, form, back)
    return _run(
        request,
        back,
        lambda: actions.decide_extension(request.user, row, form.cleaned_data["approve"]),
        _("延期申请已审批。"),
    )


@login_required
@require_POST
def close(request: AuthedRequest, pk: int) -> HttpResponse:
    instruction = _instruction_or_404(request, pk)
    back = reverse("instructions:detail", args=[pk])
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _form_error(request, form, back)
    return _run(
        request,
        back,
        lambda: actions.close(request.user, instruction, form.cleaned_data["outcome"]),
        _("批示已办结，撰稿人和承办单位已收到通知。"),
    )


@login_required
@require_POST
def confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    """The chief or director confirms a 批示 an editor recorded on a leader's behalf (then it scores)."""
    instruction = _instruction_or_404(request, pk)
    back = reverse("instructions:detail", args=[pk])
    return _run(
        request, back, lambda: actions.confirm_instruction(request.user, instruction), _("已确认，该批示计入考核。")
    )


# --- 社情民意办理 ------------------------------------------------------------------------------------


@login_required
def opinion_new(request: AuthedRequest, submission_id: int) -> HttpResponse:
    """The CPPCC office sends an adopted 社情民意 to departments for handling (办理)."""
    user = request.user
    from xinbao.items.models import Submission

    sub = Submission.objects.filter(pk=submission_id).select_related("item", "hub", "channel").first()
    if sub is None or sub not in queries.adopted_cppcc_submissions(user, sub.item_id):
        raise Http404
    hub = sub.hub
    root = hub.parent or hub
    choices = [(u.pk, u.name) for u in org_queries.subtree(root).exclude(kind="region").order_by("path")[:2000]]
    form = AssignForm(request.POST or None, units=choices)
    form.fields["expectation"].required = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        units = list(org_queries.subtree(root).filter(pk__in=data["units"]))
        try:
            instruction = actions.send_for_handling(
                user, sub, units, due_on=data["due_on"], expectation=data["expectation"]
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("已交有关部门办理，委员已收到通知。"))
            return redirect("instructions:detail", instruction.pk)
    title = policy.title_for(user, sub.item, title_of(sub.item))
    return render(request, "instructions/opinion_form.html", {"form": form, "sub": sub, "title": title})


@login_required
@require_POST
def rate(request: AuthedRequest, pk: int) -> HttpResponse:
    row, back = _feedback_or_404(request, pk)
    form = RateForm(request.POST)
    if not form.is_valid():
        return _form_error(request, form, back)
    data = form.cleaned_data
    return _run(
        request,
        back,
        lambda: actions.rate_reply(request.user, row, data["rating"], data["note"]),
        _("评价已告知办理单位。"),
    )


# --- Statistics and the year-end 回头看 -------------------------------------------------------------


def _stats_year(request: AuthedRequest) -> tuple[Unit, int]:
    """The reader's hub and the year asked for (this year unless a sensible one is given)."""
    hub = request.user.unit
    if hub is None or not duties.can_read_hub_overview(request.user, hub.pk):
        raise PermissionDenied(_("只有信息科人员和领导可以查看批示统计。"))
    year = int_param(request.GET.get("year"))
    this_year = timezone.localdate().year
    return hub, year if year is not None and 2000 <= year <= this_year + 1 else this_year


@login_required
def stats_page(request: AuthedRequest) -> HttpResponse:
    hub, year = _stats_year(request)
    data = stats.year_stats(hub.pk, year)
    this_year = timezone.localdate().year
    return render(
        request,
        "instructions/stats.html",
        {"stats": data, "year": year, "years": list(range(this_year, this_year - 6, -1))},
    )


@login_required
def stats_chart(request: AuthedRequest) -> JsonResponse:
    hub, year = _stats_year(request)
    return JsonResponse(stats.chart(stats.year_stats(hub.pk, year)), json_dumps_params={"ensure_ascii": False})


@login_required
def review_docx(request: AuthedRequest) -> HttpResponse:
    """年度批示落实情况“回头看” as a Word file."""
    hub, year = _stats_year(request)
    content = stats.review_docx(stats.year_stats(hub.pk, year), hub.name)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{year}年度批示落实情况回头看.docx')}"
    return response
