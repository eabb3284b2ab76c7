"""Urgent pages for units and duty officers: the quick log, an event's record, reports and sign-off,
the hub's live board and the duty officer's desk. Views only read (queries) and call actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinbao.core import documents
from xinbao.core.errors import DomainError, status_for
from xinbao.core.http import AuthedRequest, int_param
from xinbao.core.pagination import paginate, query_without_page
from xinbao.core.views import show_refusal
from xinbao.orgs import duties
from xinbao.orgs.models import Unit, UnitChannel, User

from . import actions, elements, queries, record
from .forms import EventForm, ReasonForm, ReportForm
from .models import Event, EventState, Leg, Mode, Report, ReportState, Severity, Stage


def _event(request: AuthedRequest, pk: int) -> Event:
    event = queries.event_for(request.user, pk)
    if event is None:
        raise Http404
    return event


def _call_units(hub_id: int) -> list[tuple[int, str]]:
    """Units whose calls the hub takes: those reporting to it."""
    links = UnitChannel.objects.filter(hub_id=hub_id).select_related("unit").order_by("unit__path", "unit_id")
    seen: dict[int, str] = {}
    for link in links:
        if link.unit.deleted_at is None:
            seen.setdefault(link.unit_id, link.unit.name)
    return list(seen.items())


def _fail(request: AuthedRequest, form: forms.Form, exc: DomainError, *, field: str | None = None) -> None:
    """``core.views.show_refusal``, or on ``field`` when the page knows better which field it concerns."""
    if field is not None and status_for(exc) != 403:
        form.add_error(field, exc.message)
    else:
        show_refusal(request, exc, form)


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not duties.is_business_user(user):
        raise PermissionDenied(_("管理员账号不能查阅业务内容。"))
    state = request.GET.get("state", "live")
    state = state if state in ("live", "", *EventState.values) else "live"
    severity = request.GET.get("severity", "")
    severity = severity if severity in Severity.values else ""
    q = request.GET.get("q", "").strip()[:50]
    page_obj = paginate(request, queries.event_list(user, state=state, severity=severity, q=q))
    context = {
        "page_obj": page_obj,
        "query": query_without_page(request),
        "state": state,
        "severity": severity,
        "q": q,
        "states": EventState.choices,
        "severities": Severity.choices,
        "hub": queries.watched_hub(user),
        "can_log": _may_log(user),
        "now": timezone.now(),
    }
    return render(request, "urgent/index.html", context)


def _may_log(user: User) -> bool:
    return duties.can_report_urgent(user, user.unit_id) or queries.watched_hub(user) is not None


@login_required
def new_event(request: AuthedRequest) -> HttpResponse:
    user = request.user
    own = user.unit
    if own is None or not duties.is_business_user(user) or not _may_log(user):
        raise PermissionDenied(_("只有信息员、签发人或值班人员可以登记紧急信息。"))
    hub = queries.watched_hub(user)
    units = None
    if hub is not None:
        units = _call_units(hub)
        if duties.can_report_urgent(user, own) and actions.reporting_hubs(own):
            units = [(own.pk, _("本单位（向上级报告）")), *units]
    form = EventForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = Unit.objects.get(pk=data["unit"]) if units else own
        try:
            event = actions.log_event(
                user,
                unit=unit,
                title=data["title"],
                event_type=data["event_type"],
                severity=data["severity"],
                sensitive=data["sensitive"],
                place=data["place"],
                occurred_at=data["occurred_at"],
                known_at=data.get("known_at"),
                source=data["source"],
                summary=data["summary"],
                intake=data["intake"],
                vertical_line=data["vertical_line"],
                caller=data.get("caller", ""),
                called_at=data.get("called_at"),
            )
        except DomainError as exc:
            _fail(request, form, exc)
        else:
            messages.success(request, _("已登记，接报单位已收到。请尽快报送书面初报。"))
            return redirect("urgent:event", event.pk)
    return render(request, "urgent/new.html", {"form": form})


def _buttons(user: User, event: Event, legs: list[Leg], reports: list[Report]) -> dict[str, Any]:
    live = event.is_live
    my_legs = [leg for leg in legs if leg.unit_id == user.unit_id and leg.closed_at is None]
    hub_legs = [leg for leg in legs if leg.hub_id == user.unit_id and duties.can_watch_urgent(user, leg.hub_id)]
    written_initial = any(
        r.unit_id == user.unit_id
        and r.stage == Stage.INITIAL
        and r.mode == Mode.WRITTEN
        and r.state == ReportState.SENT
        for r in reports
    )
    forwarded = {leg.lower_id for leg in legs if leg.lower_id}
    return {
        "report": live and bool(my_legs) and duties.can_report_urgent(user, user.unit_id),
        # a forwarding hub drafts its own report from one it received (转报)
        "copy": live and any(leg.lower_id for leg in my_legs) and duties.can_report_urgent(user, user.unit_id),
        "written_initial": written_initial,
        "phone_for": [leg for leg in hub_legs if leg.closed_at is None and live],
        "sign": {r.pk for r in reports if r.state == ReportState.DRAFT and duties.can_sign_urgent(user, r.unit_id)},
        "discard": {
            r.pk for r in reports if r.state == ReportState.DRAFT and duties.can_report_urgent(user, r.unit_id)
        },
        "handle": event.state == EventState.OPEN
        and (
            duties.can_report_urgent(user, event.unit_id)
            or any(duties.can_judge_urgent(user, leg.hub_id) for leg in legs)
        ),
        "cancel": live
        and (
            duties.can_sign_urgent(user, event.unit_id)
            or any(duties.can_judge_urgent(user, leg.hub_id) for leg in legs)
        ),
        "draft_item": duties.can_write(user, user.unit_id)
        and any(r.unit_id == user.unit_id and r.state == ReportState.SENT for r in reports),
        "forward": [
            leg
            for leg in hub_legs
            if leg.pk not in forwarded
            and duties.can_judge_urgent(user, leg.hub_id)
            and event.state != EventState.CANCELLED
        ],
    }


@login_required
def event_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    user = request.user
    legs = queries.legs_of(event)
    reports = queries.reports_of(event, user)
    context = {
        "event": event,
        "legs": legs,
        "reports": reports,
        "timeline": record.timeline(event, legs, reports),
        "findings": list(event.findings.select_related("unit", "hub")),
        "items": [item for item in event.items.all() if item.unit_id == user.unit_id],
        "can": _buttons(user, event, legs, reports),
        "now": timezone.now(),
        "reason_form": ReasonForm(),
    }
    return render(request, "urgent/event.html", context)


@login_required
def new_report(request: AuthedRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    user = request.user
    source = request.POST if request.method == "POST" else request.GET
    stage = source.get("stage", Stage.INITIAL)
    stage = stage if stage in Stage.values else Stage.INITIAL
    phone = source.get("mode") == Mode.PHONE
    unit = user.unit
    if unit is None:
        raise PermissionDenied(_("只有在此事件中待报的单位人员可以起草报告。"))
    unit_id = int_param(source.get("unit"))
    if phone and unit_id is not None:
        leg = event.legs.filter(unit_id=unit_id, hub_id=user.unit_id).select_related("unit").first()
        if leg is None or not duties.can_watch_urgent(user, leg.hub_id):
            raise PermissionDenied(_("只有接报单位的值班人员可以登记来电。"))
        unit = leg.unit
    elif (
        not duties.can_report_urgent(user, unit)
        or not event.legs.filter(unit_id=unit.pk, closed_at__isnull=True).exists()
    ):
        raise PermissionDenied(_("只有在此事件中待报的单位人员可以起草报告。"))
    copied = None
    copy_id = int_param(source.get("from"))
    if copy_id is not None:
        copied = event.reports.filter(pk=copy_id, state=ReportState.SENT).first()
    initial = {f"el_{k}": v for k, v in (copied.elements if copied else {}).items()}
    if copied:
        initial["text"] = copied.text
    form = ReportForm(request.POST or None, stage=stage, phone=phone, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.file_report(
                user,
                event,
                unit=unit,
                stage=stage,
                mode=Mode.PHONE if phone else Mode.WRITTEN,
                data=form.element_values(),
                text=data["text"],
                caller=data.get("caller", ""),
                called_at=data.get("called_at"),
                sign="sign" in request.POST,
                copied_from=copied,
            )
        except DomainError as exc:
            _fail(request, form, exc)
        else:
            messages.success(request, _("报告已保存。"))
            return redirect("urgent:event", event.pk)
    context = {
        "event": event,
        "form": form,
        "stage": stage,
        "stage_label": elements.stage_label(stage),
        "phone": phone,
        "unit": unit,
        "copied": copied,
        "can_sign": duties.can_sign_urgent(user, unit.pk) and not phone,
    }
    return render(request, "urgent/report_form.html", context)


def _report(request: AuthedRequest, pk: int) -> Report:
    report = Report.objects.select_related("event", "unit").filter(pk=pk).first()
    if report is None or queries.event_for(request.user, report.event_id) is None:
        raise Http404
    return report


def _act(request: AuthedRequest, event_id: int, call: Callable[[], object], done: str) -> HttpResponse:
    try:
        call()
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, done)
    return redirect("urgent:event", event_id)


@login_required
@require_POST
def sign(request: AuthedRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return _act(request, report.event_id, lambda: actions.sign_report(request.user, report), _("已签发报送。"))


@login_required
@require_POST
def discard(request: AuthedRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return _act(request, report.event_id, lambda: actions.discard_report(request.user, report), _("草稿已删除。"))


@login_required
@require_POST
def handled(request: AuthedRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    return _act(request, pk, lambda: actions.mark_handled(request.user, event), _("已登记处置结束，请按时限报送终报。"))


@login_required
@require_POST
def cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    reason = request.POST.get("reason", "")
    return _act(request, pk, lambda: actions.cancel_event(request.user, event, reason), _("事件已撤销。"))


@login_required
@require_POST
def forward(request: AuthedRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    leg_id = int_param(request.POST.get("leg"))
    leg = event.legs.filter(pk=leg_id).select_related("event", "hub", "unit", "channel").first() if leg_id else None
    if leg is None:
        messages.error(request, _("请选择要转报的报送环节。"))
        return redirect("urgent:event", pk)
    return _act(request, pk, lambda: actions.forward(request.user, leg), _("已向上级转报，请报送本级的初报。"))


@login_required
@require_POST
def draft_item(request: AuthedRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    try:
        item = actions.draft_item(request.user, event)
    except DomainError as exc:
        show_refusal(request, exc)
        return redirect("urgent:event", pk)
    messages.success(request, _("已编成紧急信息稿，请修改后按信息报送流程签发报送。"))
    return redirect("items:edit", item.pk)


@login_required
def record_file(request: AuthedRequest, pk: int) -> HttpResponse:
    """The event's whole record for the file: Word, or PDF (``?format=pdf``, LibreOffice) when installed."""
    event = _event(request, pk)
    legs = queries.legs_of(event)
    reports = [r for r in queries.reports_of(event, request.user) if r.state == ReportState.SENT]
    body = record.docx(event, legs, reports, record.timeline(event, legs, reports))
    kind, ext = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
    if request.GET.get("format") == "pdf":
        try:
            body, kind, ext = documents.docx_to_pdf(body), "application/pdf", "pdf"
        except DomainError as exc:
            show_refusal(request, exc)
            return redirect("urgent:event", pk)
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f"attachment; filename=urgent-{event.pk}.{ext}"
    return response


def _hub_or_403(request: AuthedRequest) -> int:
    hub = queries.watched_hub(request.user)
    if hub is None:
        raise PermissionDenied(_("只有接报单位的信息科、值班人员和领导可以查看紧急信息看板。"))
    return hub


@login_required
def board(request: AuthedRequest) -> HttpResponse:
    hub = _hub_or_403(request)
    now = timezone.now()
    return render(request, "urgent/board.html", {"rows": queries.board(hub, now), "now_iso": now.isoformat()})


@login_required
def board_rows(request: AuthedRequest) -> HttpResponse:
    hub = _hub_or_403(request)
    now = timezone.now()
    return render(request, "urgent/_board_rows.html", {"rows": queries.board(hub, now), "now_iso": now.isoformat()})


@login_required
def duty_home(request: AuthedRequest) -> HttpResponse:
    hub = _hub_or_403(request)
    now = timezone.now()
    rows = queries.board(hub, now)
    due_soon = [r for r in rows if r.due_at and (r.due_at - now).total_seconds() < 6 * 3600]
    context = {
        "rows": rows,
        "due_soon": due_soon,
        "now": now,
        "now_iso": now.isoformat(),
        "shift": queries.my_shift(request.user, now),
        "shifts": list(queries.shifts_of(hub, now)[:10]),
        "handovers": queries.recent_handovers(hub),
        "can_roster": duties.can_manage_duty_roster(request.user, hub),
    }
    return render(request, "urgent/duty.html", context)
