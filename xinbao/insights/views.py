"""Pages of insights: the hub dashboard and its charts (JSON, table, Excel), the leader view, similar
items (htmx warning while drafting, side-by-side comparison), search, word lists, writing checks."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinbao.core.errors import DomainError
from xinbao.core.http import AuthedRequest, int_param
from xinbao.core.views import show_refusal
from xinbao.orgs import duties
from xinbao.orgs.models import AssessmentClass, Channel
from xinbao.orgs.queries import hub_channels
from xinbao.scoring import periods
from xinbao.scoring.periods import Period

from . import actions, checks, hot, queries, similarity, suggest
from . import search as search_module
from .excel import XLSX_MIME, chart_workbook
from .models import DocKind, HubTerm, TermKind


def _hub_or_403(request: AuthedRequest) -> Any:
    hub = queries.dashboard_hub(request.user)
    if hub is None:
        raise PermissionDenied(_("只有信息汇总单位的信息科人员和领导可以查看统计分析。"))
    return hub


def _period(request: AuthedRequest) -> Period:
    code = request.GET.get("period", "").strip()
    if code:
        found = periods.parse(code)
        if found is not None:
            return found
        messages.error(request, _("时间段“%(c)s”无法识别，已显示本年。") % {"c": code})
    return periods.containing("year", timezone.localdate())


def _scope(request: AuthedRequest) -> queries.Scope:
    hub = _hub_or_403(request)
    channel_id = int_param(request.GET.get("channel"))
    channel = hub_channels(hub).filter(pk=channel_id).first() if channel_id else None
    class_name = request.GET.get("class", "").strip()
    return queries.Scope(hub, _period(request), channel, class_name)


def _period_choices() -> list[Period]:
    today = timezone.localdate()
    months = periods.between("month", datetime.date(today.year, 1, 1), today)
    quarters = periods.between("quarter", datetime.date(today.year, 1, 1), today)
    years = [periods.containing("year", today), periods.containing("year", datetime.date(today.year - 1, 1, 1))]
    return [*years, *reversed(quarters), *reversed(months)]


def _filters_context(scope: queries.Scope) -> dict[str, Any]:
    return {
        "scope": scope,
        "period_choices": _period_choices(),
        "channels": list(hub_channels(scope.hub)),
        "classes": list(AssessmentClass.objects.values_list("name", flat=True)),
        "query": _query_string(scope),
    }


def _query_string(scope: queries.Scope) -> str:
    parts = [f"period={scope.period.code}"]
    if scope.channel is not None:
        parts.append(f"channel={scope.channel.pk}")
    if scope.class_name:
        parts.append(f"class={scope.class_name}")
    return "&".join(parts)


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    scope = _scope(request)
    context = _filters_context(scope)
    context.update(
        {
            "summary": queries.summary(scope),
            "charts": [(k, queries.CHART_TITLES[k]) for k in queries.CHARTS],
            "topics": hot.hot_topics(request.user, scope.hub, days=7),
            "leader_view": False,
        }
    )
    return render(request, "insights/dashboard.html", context)


@login_required
def leader(request: AuthedRequest) -> HttpResponse:
    """The leader's read-only summary of the hub (no item text; titles through the read policy)."""
    scope = _scope(request)
    context = _filters_context(scope)
    context.update(
        {
            "summary": queries.summary(scope),
            "charts": [(k, queries.CHART_TITLES[k]) for k in queries.LEADER_CHARTS],
            "topics": hot.hot_topics(request.user, scope.hub, days=30),
            "leader_view": True,
        }
    )
    return render(request, "insights/dashboard.html", context)


def _chart(request: AuthedRequest, name: str) -> tuple[queries.Scope, queries.Chart]:
    scope = _scope(request)
    chart = queries.chart(name, scope)
    if chart is None:
        raise Http404
    return scope, chart


@login_required
def chart_json(request: AuthedRequest, name: str) -> JsonResponse:
    chart = _chart(request, name)[1]
    return JsonResponse(chart.as_json(), json_dumps_params={"ensure_ascii": False})


@login_required
def chart_table(request: AuthedRequest, name: str) -> HttpResponse:
    scope, chart = _chart(request, name)
    context = _filters_context(scope)
    context["chart"] = chart
    return render(request, "insights/chart_table.html", context)


@login_required
def chart_xlsx(request: AuthedRequest, name: str) -> HttpResponse:
    scope, chart = _chart(request, name)
    subtitle = f"{scope.hub.name} · {scope.period.label}"
    response = HttpResponse(chart_workbook(chart, subtitle), content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="insights-{name}-{scope.period.code}.xlsx"'
    return response


# --- Similar items -----------------------------------------------------------------------------------------


@login_required
def similar_fragment(request: AuthedRequest) -> HttpResponse:
    """htmx: the similar-item warning beside the draft form (title and body as typed)."""
    data = request.POST if request.method == "POST" else request.GET
    title, body = data.get("title", "")[:200], data.get("body", "")[:20000]
    exclude = int_param(data.get("draft_id") or data.get("item_id"))
    matches = similarity.similar_for(request.user, title, body, exclude_item=exclude) if (title or body) else []
    report = checks.check(request.user, title, body, data.get("category", "")) if (title or body) else None
    # Suggestions only: shown with their confidence, never applied to the form.
    suggestions = suggest.suggest(request.user, title, body) if (title or body) else []
    return render(
        request,
        "insights/_similar.html",
        {
            "matches": matches,
            "report": report,
            "suggestions": suggestions,
            "item_id": exclude,
            "threshold": similarity.DEFAULT_THRESHOLD,
        },
    )


@login_required
def compare(request: AuthedRequest, item_id: int, other_id: int) -> HttpResponse:
    """Side by side: two items the reader may both read (the hub can merge them from here)."""
    view = similarity.comparison(request.user, item_id, other_id)
    if view is None:
        raise Http404
    return render(request, "insights/compare.html", view)


# --- Search ---------------------------------------------------------------------------------------------------


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def search(request: AuthedRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    filters = search_module.Filters(
        kind=request.GET.get("kind", "") if request.GET.get("kind", "") in DocKind.values else "",
        unit_id=int_param(request.GET.get("unit")),
        category=request.GET.get("category", "")[:20],
        state=request.GET.get("state", "")[:20],
        start=_date(request.GET.get("start")),
        end=_date(request.GET.get("end")),
    )
    page = int_param(request.GET.get("page")) or 1
    result = search_module.search(request.user, q, filters, page) if q else None
    return render(
        request,
        "insights/search.html",
        {"q": q, "result": result, "filters": filters, "kinds": DocKind.choices, "categories": _categories()},
    )


def _categories() -> list[tuple[str, str]]:
    from xinbao.items.models import Category

    return [(v, str(label)) for v, label in Category.choices]


# --- Word lists and settings ---------------------------------------------------------------------------------


def _staff_hub(request: AuthedRequest) -> Any:
    hub = queries.dashboard_hub(request.user)
    if hub is None or not duties.is_hub_staff(request.user, hub):
        raise PermissionDenied(_("只有信息汇总单位的信息科人员可以维护词表。"))
    return hub


@login_required
def terms(request: AuthedRequest) -> HttpResponse:
    hub = _staff_hub(request)
    rows = HubTerm.objects.filter(hub=hub, deleted_at__isnull=True).order_by("kind", "text")
    return render(
        request,
        "insights/terms.html",
        {"hub": hub, "terms": rows, "kinds": TermKind.choices, "settings": actions.settings_of(hub)},
    )


@login_required
@require_POST
def term_add(request: AuthedRequest) -> HttpResponse:
    hub = _staff_hub(request)
    try:
        actions.add_term(
            request.user, hub, request.POST.get("kind", ""), request.POST.get("text", ""), request.POST.get("note", "")
        )
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("已添加。"))
    return redirect("insights:terms")


@login_required
@require_POST
def term_remove(request: AuthedRequest, term_id: int) -> HttpResponse:
    hub = _staff_hub(request)
    try:
        actions.remove_term(request.user, hub, term_id)
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("已删除，可在审计记录中查到。"))
    return redirect("insights:terms")


@login_required
@require_POST
def settings_save(request: AuthedRequest) -> HttpResponse:
    hub = _staff_hub(request)
    values = {k: request.POST.get(k, "") for k in actions.SETTING_FIELDS}
    try:
        actions.save_settings(request.user, hub, values)
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("设置已保存。"))
    return redirect("insights:terms")


@login_required
def alerts(request: AuthedRequest) -> HttpResponse:
    """Why was my unit alerted? The alerts of the reader's unit (and, for hub staff, of the hub)."""
    from .alerts import alerts_for

    return render(request, "insights/alerts.html", {"alerts": alerts_for(request.user)[:200]})


__all__ = ["Channel"]
