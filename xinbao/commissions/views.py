"""约稿 pages: the hub's list and issuing form; a commission's page (who answered, who is late, what
was adopted); a unit's list of commissions and guidance, and starting an answer."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinbao.core.errors import DomainError
from xinbao.core.http import AuthedRequest
from xinbao.core.pagination import paginate, query_without_page
from xinbao.core.views import show_refusal
from xinbao.items import policy
from xinbao.orgs import duties
from xinbao.orgs import queries as org_queries
from xinbao.orgs.models import AssessmentClass, Channel, Unit

from . import actions, queries
from .forms import AnswerForm, CommissionForm, ReasonForm
from .models import Commission, CommissionKind


def _hub_reader(request: AuthedRequest) -> None:
    unit_id = request.user.unit_id
    if unit_id is None or not queries.is_hub_side(request.user, unit_id):
        raise PermissionDenied(_("只有信息科人员和领导可以查看本科的约稿。"))


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    _hub_reader(request)
    kind = request.GET.get("kind", "")
    q = request.GET.get("q", "").strip()[:50]
    page = paginate(request, queries.hub_list(request.user, kind=kind, q=q))
    return render(
        request,
        "commissions/index.html",
        {
            "page_obj": page,
            "rows": queries.with_counts(list(page)),
            "kinds": CommissionKind.choices,
            "kind": kind,
            "q": q,
            "query": query_without_page(request),
            "can_issue": duties.can_issue_commission(request.user, request.user.unit_id),
        },
    )


def _choices(hub: Unit) -> dict[str, list[tuple[int, str]]]:
    channels = org_queries.hub_channels(hub)
    units = org_queries.member_units(hub).select_related("assessment_class")
    return {
        "channels": [(c.pk, c.name) for c in channels],
        "units": [(u.pk, u.name) for u in units],
        "classes": [(c.pk, c.name) for c in AssessmentClass.objects.order_by("order", "id")],
    }


@login_required
def new(request: AuthedRequest) -> HttpResponse:
    user = request.user
    hub = user.unit
    if hub is None or not duties.can_issue_commission(user, hub):
        raise PermissionDenied(_("只有信息科人员可以约稿。"))
    form = CommissionForm(request.POST or None, **_choices(hub))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            commission = actions.issue(
                user,
                hub=hub,
                channel=Channel.objects.get(pk=data["channel"]),
                kind=data["kind"],
                title=data["title"],
                requirements=data["requirements"],
                due_at=data["due_at"],
                rule=data["rule"],
                units=list(Unit.objects.filter(pk__in=data["units"])),
                unit_class=AssessmentClass.objects.filter(pk=data["unit_class"]).first()
                if data["unit_class"]
                else None,
                lead_unit=Unit.objects.filter(pk=data["lead_unit"]).first() if data["lead_unit"] else None,
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("已发布，约稿对象单位已收到通知。"))
            return redirect("commissions:detail", commission.pk)
    return render(request, "commissions/form.html", {"form": form})


def _commission_or_404(request: AuthedRequest, pk: int) -> Commission:
    commission = queries.commission_for(request.user, pk)
    if commission is None:
        raise Http404
    return commission


# The latest answers listed under the table (each unit's count is in the table itself).
ANSWERS_SHOWN = 50


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    commission = _commission_or_404(request, pk)
    user = request.user
    hub_side = queries.is_hub_side(user, commission.hub_id)
    context: dict[str, Any] = {"c": commission, "hub_side": hub_side}
    if hub_side:
        page = paginate(request, queries.target_rows(commission), per_page=50)
        context.update(
            page_obj=page,
            targets=queries.rows_with_status(commission, page),
            summary=queries.summary(commission),
            query=query_without_page(request),
            can_cancel=duties.can_issue_commission(user, commission.hub_id) and not commission.is_cancelled,
        )
    is_target = user.unit_id is not None and commission.targets.filter(unit_id=user.unit_id).exists()
    answered = queries.answers(user, commission)
    answers = list(answered[:ANSWERS_SHOWN])
    titles = policy.titles_for(user, {i.pk: i.title for i in answers})
    context.update(
        answers=[(i, titles.get(i.pk, "")) for i in answers],
        n_answers=answered.count() if len(answers) == ANSWERS_SHOWN else len(answers),
        is_target=is_target,
        can_answer=is_target
        and duties.can_write(user, user.unit_id)
        and commission.kind == CommissionKind.COMMISSION
        and not commission.is_cancelled,
    )
    return render(request, "commissions/detail.html", context)


@login_required
@require_POST
def cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    commission = _commission_or_404(request, pk)
    form = ReasonForm(request.POST)
    back = reverse("commissions:detail", args=[pk])
    if not form.is_valid():
        messages.error(request, _("请说明撤销理由。"))
        return redirect(back)
    try:
        actions.cancel(request.user, commission, form.cleaned_data["reason"])
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("已撤销，约稿对象单位已收到通知。"))
    return redirect(back)


@login_required
def answer(request: AuthedRequest, pk: int) -> HttpResponse:
    """Start an answer: a draft of the writer's unit linked to the commission, then the items flow."""
    commission = _commission_or_404(request, pk)
    user = request.user
    unit_id = user.unit_id
    if (
        unit_id is None
        or not duties.can_write(user, unit_id)
        or not commission.targets.filter(unit_id=unit_id).exists()
    ):
        raise PermissionDenied(_("只有约稿对象单位的信息员可以报送约稿。"))
    initial = {"title": commission.title, "writer_name": user.display_name, "writer_phone": user.phone}
    form = AnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = actions.start_answer(
                user,
                commission,
                category=data["category"],
                title=data["title"],
                body=data["body"],
                writer_name=data["writer_name"],
                writer_phone=data["writer_phone"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("约稿信息已存为草稿，请完善后送签报送。"))
            return redirect("items:detail", item.pk)
    return render(request, "commissions/answer.html", {"form": form, "c": commission})


@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    """约稿与选题 addressed to the user's unit."""
    if not duties.is_business_user(request.user):
        raise PermissionDenied
    kind = request.GET.get("kind", "")
    page = paginate(request, queries.for_unit(request.user, kind=kind))
    return render(
        request,
        "commissions/mine.html",
        {"page_obj": page, "kinds": CommissionKind.choices, "kind": kind, "query": query_without_page(request)},
    )
