"""Urgent pages of a hub: findings (认定), policies (报送时限) and the duty roster (值班表)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinbao.core.errors import DomainError
from xinbao.core.http import AuthedRequest
from xinbao.core.pagination import paginate, query_without_page
from xinbao.core.views import show_refusal
from xinbao.orgs import duties
from xinbao.orgs.models import Unit, User
from xinbao.orgs.roles import LeaderLevel

from . import actions, queries
from . import policies as policy_rules
from .forms import CirculationForm, FindingForm, HandoverForm, PolicyForm, ReasonForm, ResponseForm, ShiftForm
from .models import Event, Finding, FindingKind, Policy, Shift
from .views import _call_units, _fail

T = TypeVar("T")


def _business(request: AuthedRequest) -> User:
    if not duties.is_business_user(request.user):
        raise PermissionDenied(_("管理员账号不能查阅业务内容。"))
    return request.user


def _post(request: AuthedRequest, call: Callable[[], object], done: str, to: str) -> HttpResponse:
    """A button's action: a refusal is a 403, another domain error a message (nothing changed)."""
    try:
        call()
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, done)
    return redirect(to)


def _submit(
    request: AuthedRequest,
    form: forms.Form,
    call: Callable[[], T],
    done: Callable[[T], str],
    to: str,
    *,
    field: str | None = None,
) -> HttpResponse | None:
    """A valid form's action: on success a message and the redirect; a refusal is a 403; another domain
    error goes on the form (on ``field`` if given), the page is shown again and nothing changed."""
    try:
        result = call()
    except DomainError as exc:
        _fail(request, form, exc, field=field)
        return None
    messages.success(request, done(result))
    return redirect(to)


# --- Findings ----------------------------------------------------------------------------------------


@login_required
def findings(request: AuthedRequest) -> HttpResponse:
    user = _business(request)
    rows = queries.visible_findings(user)
    kind = request.GET.get("kind", "")
    if kind in FindingKind.values:
        rows = rows.filter(kind=kind)
    if request.GET.get("live") == "1":
        rows = rows.filter(withdrawn_at__isnull=True)
    hub = queries.watched_hub(user)
    context = {
        "page_obj": paginate(request, rows.order_by("-found_on", "-id")),
        "query": query_without_page(request),
        "kinds": FindingKind.choices,
        "kind": kind,
        "can_judge": hub is not None and duties.can_judge_urgent(user, hub),
        "hub": hub,
        "response_form": ResponseForm(),
        "reason_form": ReasonForm(),
        "levels": LeaderLevel.choices,
    }
    return render(request, "urgent/findings.html", context)


@login_required
def new_finding(request: AuthedRequest) -> HttpResponse:
    user = _business(request)
    hub = user.unit
    if hub is None or not duties.can_judge_urgent(user, hub):
        raise PermissionDenied(_("只有接报单位信息科或值班人员可以认定漏报、瞒报、误报。"))
    units = _call_units(hub.pk)
    events = [
        (str(e.pk), f"{e.title}（{e.unit.name}）")
        for e in queries.visible_events(user).filter(legs__hub=hub).select_related("unit").distinct()[:200]
    ]
    form = FindingForm(request.POST or None, units=units, events=events)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        event = Event.objects.filter(pk=int(data["event"])).first() if data.get("event") else None
        done = _submit(
            request,
            form,
            lambda: actions.record_finding(
                user,
                hub=hub,
                unit=Unit.objects.get(pk=data["unit"]),
                kind=data["kind"],
                evidence=data["evidence"],
                event=event,
                found_on=data["found_on"],
                responsible=data["responsible"],
            ),
            lambda _finding: _("认定已登记，已告知责任单位。"),
            "urgent:findings",
        )
        if done is not None:
            return done
    return render(request, "urgent/finding_form.html", {"form": form})


def _finding(request: AuthedRequest, pk: int) -> Finding:
    finding = queries.visible_findings(request.user).filter(pk=pk).first()
    if finding is None:
        raise Http404
    return finding


@login_required
@require_POST
def respond(request: AuthedRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    text = request.POST.get("text", "")
    return _post(
        request, lambda: actions.respond_finding(request.user, finding, text), _("说明已提交。"), "urgent:findings"
    )


@login_required
@require_POST
def withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    reason = request.POST.get("reason", "")
    return _post(
        request,
        lambda: actions.withdraw_finding(request.user, finding, reason),
        _("认定已撤销，不再计入考核。"),
        "urgent:findings",
    )


@login_required
@require_POST
def circulate(request: AuthedRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    form = CirculationForm(request.POST)
    if not form.is_valid():
        errors = "；".join(str(e) for field_errors in form.errors.values() for e in field_errors)
        messages.error(request, _("通报情况未登记：%(e)s") % {"e": errors})
        return redirect("urgent:findings")
    data = form.cleaned_data
    done = _("已登记通报情况，考核将按此重新计分。") if data["by"].strip() else _("已清除通报登记。")
    return _post(
        request,
        lambda: actions.record_circulation(
            request.user, finding, by=data["by"], level=data["level"] or "", on=data["on"]
        ),
        done,
        "urgent:findings",
    )


# --- Policies ----------------------------------------------------------------------------------------


def _policy_hub(request: AuthedRequest, *, manage: bool = False) -> int:
    user = _business(request)
    hub = queries.watched_hub(user)
    if hub is None or (manage and not duties.can_manage_urgent_policy(user, hub)):
        raise PermissionDenied(_("只有接报单位可以查看、信息科科长或办公室主任可以设置报送时限。"))
    return hub


@login_required
def policies(request: AuthedRequest) -> HttpResponse:
    hub = _policy_hub(request)
    rows = [
        (
            row,
            [
                (grade, policy_rules.describe(policy_rules.rules_for(row.spec, grade, False)))
                for grade in policy_rules.GRADES
            ],
        )
        for row in queries.policies_of(hub)
    ]
    context = {
        "policies": rows,
        "can_manage": duties.can_manage_urgent_policy(request.user, hub),
        "default": policy_rules.default_spec()["name"],
        "audiences": policy_rules.AUDIENCES,
    }
    return render(request, "urgent/policies.html", context)


@login_required
def policy_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    hub = _policy_hub(request, manage=True)
    policy = None
    if pk is not None:
        policy = queries.policies_of(hub).filter(pk=pk).first()
        if policy is None:
            raise Http404
    initial = {"text": policy.text if policy else next(iter(policy_rules.example_texts().values()), "")}
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        done = _submit(
            request,
            form,
            lambda: actions.save_policy(request.user, hub=Unit.objects.get(pk=hub), text=text, policy=policy),
            lambda saved: _("已保存“%(n)s”。启用后对新登记的事件生效。") % {"n": saved.name},
            "urgent:policies",
            field="text",
        )
        if done is not None:
            return done
    return render(request, "urgent/policy_form.html", {"form": form, "policy": policy})


def _policy(request: AuthedRequest, pk: int) -> Policy:
    hub = _policy_hub(request, manage=True)
    policy = queries.policies_of(hub).filter(pk=pk).first()
    if policy is None:
        raise Http404
    return policy


@login_required
@require_POST
def policy_activate(request: AuthedRequest, pk: int) -> HttpResponse:
    policy = _policy(request, pk)
    done = _("已启用“%(n)s”，对此后登记的事件生效。") % {"n": policy.name}
    return _post(request, lambda: actions.activate_policy(request.user, policy), done, "urgent:policies")


@login_required
@require_POST
def policy_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    policy = _policy(request, pk)
    done = _("已删除“%(n)s”。") % {"n": policy.name}
    return _post(request, lambda: actions.delete_policy(request.user, policy), done, "urgent:policies")


@login_required
@require_POST
def policy_examples(request: AuthedRequest) -> HttpResponse:
    hub = _policy_hub(request, manage=True)
    made = actions.install_examples(request.user, Unit.objects.get(pk=hub))
    messages.success(request, _("已载入%(n)s项示例规则，请选择一项启用。") % {"n": len(made)})
    return redirect("urgent:policies")


# --- Duty roster -------------------------------------------------------------------------------------


def _roster_hub(request: AuthedRequest) -> int:
    user = _business(request)
    hub = queries.watched_hub(user)
    if hub is None:
        raise PermissionDenied(_("只有接报单位可以查看值班表。"))
    return hub


@login_required
def roster(request: AuthedRequest) -> HttpResponse:
    hub = _roster_hub(request)
    user = request.user
    can_manage = duties.can_manage_duty_roster(user, hub)
    people = [(p.pk, p.display_name or p.username) for p in queries.hub_people(hub) if duties.is_business_user(p)]
    form = ShiftForm(request.POST or None, people=people)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(_("只有信息科或值班人员可以排班。"))
        if form.is_valid():
            data = form.cleaned_data
            done = _submit(
                request,
                form,
                lambda: actions.add_shift(
                    user,
                    hub=Unit.objects.get(pk=hub),
                    person=User.objects.get(pk=data["person"]),
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                ),
                lambda _shift: _("已排班。"),
                "urgent:roster",
            )
            if done is not None:
                return done
    since = timezone.now() - datetime.timedelta(days=1)
    context = {
        "page_obj": paginate(request, queries.shifts_of(hub, since)),
        "form": form,
        "can_manage": can_manage,
        "handover_form": HandoverForm(),
        "now": timezone.now(),
    }
    return render(request, "urgent/roster.html", context)


def _shift(request: AuthedRequest, pk: int) -> Shift:
    hub = _roster_hub(request)
    shift = Shift.objects.filter(pk=pk, hub_id=hub).first()
    if shift is None:
        raise Http404
    return shift


@login_required
@require_POST
def shift_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    shift = _shift(request, pk)
    return _post(request, lambda: actions.cancel_shift(request.user, shift), _("班次已取消。"), "urgent:roster")


@login_required
@require_POST
def handover(request: AuthedRequest, pk: int) -> HttpResponse:
    shift = _shift(request, pk)
    text = request.POST.get("handover", "")
    to = "urgent:duty" if request.POST.get("next") == "duty" else "urgent:roster"
    return _post(request, lambda: actions.write_handover(request.user, shift, text), _("交接班记录已保存。"), to)
