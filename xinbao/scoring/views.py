"""Pages of scoring: rule sets (edit, versions, what-if preview), rankings, a unit's ledger (notices:
``notice_views``)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinbao.core.errors import DomainError
from xinbao.core.http import AuthedRequest, int_param
from xinbao.core.pagination import paginate
from xinbao.core.views import domain_errors_as_messages
from xinbao.items.policy import titles_for
from xinbao.orgs import duties
from xinbao.orgs.models import Channel, Unit
from xinbao.orgs.queries import hub_channels
from xinbao.orgs.roles import HUB_STAFF, WRITERS, Role

from . import actions, entry_views, periods, queries
from . import tasks as scoring_tasks
from .bodies import attribute_names
from .forms import RuleSetForm, VersionForm
from .models import RuleSet, RuleSetVersion
from .periods import Period
from .rules import RuleSetInvalid


def _rule_set(request: AuthedRequest, pk: int) -> RuleSet:
    rule_set = queries.visible_rule_sets(request.user).filter(pk=pk).first()
    if rule_set is None:
        raise Http404
    return rule_set


def _period(request: HttpRequest, rule_set: RuleSet) -> Period:
    """``?period=2026Q1`` / ``?start=&end=``; default: the rule set's current period."""
    code = request.GET.get("period", "").strip()
    start, end = request.GET.get("start", ""), request.GET.get("end", "")
    if start and end:
        code = f"{start}..{end}"
    if code:
        period = periods.parse(code)
        if period is not None:
            return period
        messages.error(request, _("时间段“%(c)s”无法识别，已显示本期。") % {"c": code})
    kind = rule_set.active_version.spec.get("period", "year") if rule_set.active_version else "year"
    return periods.containing(kind, timezone.localdate())


def _period_choices(rule_set: RuleSet) -> list[Period]:
    """The rule set's periods of this year and last, newest first, plus the years."""
    kind = rule_set.active_version.spec.get("period", "year") if rule_set.active_version else "year"
    today = timezone.localdate()
    start = datetime.date(today.year - 1, 1, 1)
    found = periods.between(kind, start, today)
    years = [periods.containing("year", start), periods.containing("year", today)]
    return sorted(set(found + years), key=lambda p: (p.start, p.end), reverse=True)


def _add_text_errors(form: Any, exc: DomainError) -> None:
    if isinstance(exc, RuleSetInvalid):
        for issue in exc.issues:
            form.add_error("text", str(issue))
    else:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# --- Rule sets ----------------------------------------------------------------------------------


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    user = request.user
    rule_sets = list(queries.visible_rule_sets(user))
    can_create = user.has_role(*HUB_STAFF) and user.unit is not None and hub_channels(user.unit).exists()
    context = {
        "rule_sets": rule_sets,
        "can_create": can_create,
        "can_keep_bodies": duties.can_keep_adopting_bodies(user),
    }
    return render(request, "scoring/index.html", context)


@login_required
def rule_set_new(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not user.has_role(*HUB_STAFF) or user.unit is None:
        raise PermissionDenied(_("只有汇总单位的信息科人员可以制定考核办法。"))
    channels = [(c.pk, c.name) for c in hub_channels(user.unit)]
    if not channels:
        raise PermissionDenied(_("本单位不是任何渠道的信息汇总单位。"))
    form = RuleSetForm(request.POST or None, request.FILES or None, channels=channels)
    if request.method == "POST" and form.is_valid():
        try:
            rule_set = actions.create_rule_set(
                user,
                hub=user.unit,
                channel=get_object_or_404(Channel, pk=form.cleaned_data["channel"]),
                text=form.cleaned_data["text"],
                valid_from=form.cleaned_data["valid_from"],
                valid_to=form.cleaned_data.get("valid_to"),
            )
        except DomainError as exc:
            _add_text_errors(form, exc)
        else:
            messages.success(request, _("考核办法已建立并启用第1版。"))
            _warn(request, form.cleaned_data["text"])
            return redirect("scoring:rule_set", rule_set.pk)
    return render(request, "scoring/rule_set_form.html", {"form": form})


@login_required
def rule_set_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    rule_set = _rule_set(request, pk)
    manage = queries.can_manage(request.user, rule_set)
    active = rule_set.active_version
    form = VersionForm(request.POST or None, request.FILES or None, initial={"text": active.text if active else ""})
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                version = actions.save_version(
                    request.user, rule_set, text=form.cleaned_data["text"], note=form.cleaned_data.get("note", "")
                )
            except DomainError as exc:
                _add_text_errors(form, exc)
            else:
                messages.success(
                    request, _("已保存第%(n)s版（尚未启用）。可先预览对排名的影响，再启用。") % {"n": version.number}
                )
                _warn(request, version.text)
                return redirect(f"{request.path}?version={version.number}")
    shown = active
    if request.GET.get("version", "").isdigit():
        shown = rule_set.versions.filter(number=int(request.GET["version"])).first() or active
    context = {
        "rule_set": rule_set,
        "manage": manage,
        "versions": queries.versions(rule_set),
        "shown": shown,
        "form": form,
        "period_choices": _period_choices(rule_set),
        "warnings": _warnings(shown.text) if shown and manage else [],
    }
    return render(request, "scoring/rule_set_detail.html", context)


def _warnings(text: str) -> list[str]:
    """A saved text's warnings against today's register, classes and attributes (never an error:
    what was valid when saved may name a class deleted since; that is a warning too)."""
    try:
        return [str(w) for w in actions.check_text(text)[1]]
    except RuleSetInvalid as exc:
        return [str(i) for i in exc.issues]


def _warn(request: HttpRequest, text: str) -> None:
    for warning in _warnings(text):
        messages.warning(request, _("提醒：%(w)s") % {"w": warning})


@login_required
@require_POST
@domain_errors_as_messages()
def activate(request: AuthedRequest, pk: int, number: int) -> HttpResponse:
    rule_set = _rule_set(request, pk)
    version = get_object_or_404(RuleSetVersion, rule_set=rule_set, number=number)
    actions.activate_version(request.user, version)
    messages.success(
        request, _("已启用第%(n)s版。新的计分按此版执行；以往各期如需按新版重算，请执行“重新计算”。") % {"n": number}
    )
    return redirect("scoring:rule_set", pk)


@login_required
@require_POST
@domain_errors_as_messages()
def recompute(request: AuthedRequest, pk: int) -> HttpResponse:
    rule_set = _rule_set(request, pk)
    period = periods.parse(request.POST.get("period", ""))
    if period is None:
        raise DomainError(_("请选择要重新计算的考核期。"))
    count = actions.recompute(request.user, rule_set, period.start, period.end)
    messages.success(request, _("已重新计算%(p)s，共%(n)s条得分明细。") % {"p": period.label, "n": count})
    return redirect(f"/scoring/{pk}/rankings/?period={period.code}")


def _side_by_side(old: list[Any], new: list[Any], names: dict[int, str]) -> list[dict[str, Any]]:
    def ranked(results: list[Any]) -> dict[int, tuple[int, Decimal]]:
        ordered = sorted(results, key=lambda r: (-r.total, names.get(r.unit_id, ""), r.unit_id))
        ranks = queries.competition_ranks([r.total for r in ordered])
        return {r.unit_id: (rank, r.total) for r, rank in zip(ordered, ranks, strict=True)}

    before, after = ranked(old), ranked(new)
    rows = []
    for unit_id in sorted(set(before) | set(after), key=lambda u: (after.get(u, (10**9, 0))[0], names.get(u, ""))):
        b, a = before.get(unit_id), after.get(unit_id)
        rows.append(
            {
                "name": names.get(unit_id, "?"),
                "old_rank": b[0] if b else None,
                "old_total": b[1] if b else None,
                "new_rank": a[0] if a else None,
                "new_total": a[1] if a else None,
                "delta": (a[1] if a else 0) - (b[1] if b else 0),
            }
        )
    return rows


@login_required
def preview(request: AuthedRequest, pk: int, number: int) -> HttpResponse:
    """What-if: the period's ranking under the active version and under version ``number``, side by side."""
    rule_set = _rule_set(request, pk)
    if not queries.can_manage(request.user, rule_set):
        raise PermissionDenied
    version = get_object_or_404(RuleSetVersion, rule_set=rule_set, number=number)
    period = _period(request, rule_set)
    old = actions.compute(rule_set, rule_set.active_version.spec, period) if rule_set.active_version else []
    new = actions.compute(rule_set, version.spec, period)
    ids = {r.unit_id for r in old} | {r.unit_id for r in new}
    names = dict(Unit.objects.filter(pk__in=ids).values_list("id", "name"))
    context = {
        "rule_set": rule_set,
        "version": version,
        "period": period,
        "rows": _side_by_side(old, new, names),
        "period_choices": _period_choices(rule_set),
    }
    return render(request, "scoring/preview.html", context)


@login_required
@require_POST
@domain_errors_as_messages()
def apply(request: AuthedRequest, pk: int, number: int) -> HttpResponse:
    rule_set = _rule_set(request, pk)
    version = get_object_or_404(RuleSetVersion, rule_set=rule_set, number=number)
    period = periods.parse(request.POST.get("period", ""))
    if period is None:
        raise DomainError(_("请选择考核期。"))
    count = actions.apply_version(request.user, version, period)
    messages.success(
        request, _("已启用第%(v)s版并重新计算%(p)s（%(n)s条明细）。") % {"v": number, "p": period.label, "n": count}
    )
    return redirect(f"/scoring/{pk}/rankings/?period={period.code}")


@login_required
@require_POST
@domain_errors_as_messages()
def delete(request: AuthedRequest, pk: int) -> HttpResponse:
    rule_set = _rule_set(request, pk)
    actions.delete_rule_set(request.user, rule_set)
    messages.success(request, _("考核办法已删除（记录保留，可由管理员恢复）。"))
    return redirect("scoring:index")


# --- Rankings and ledgers -----------------------------------------------------------------------


@login_required
def rankings(request: AuthedRequest, pk: int) -> HttpResponse:
    rule_set = _rule_set(request, pk)
    if not queries.can_view_rankings(request.user, rule_set):
        raise PermissionDenied
    period = _period(request, rule_set)
    by = request.GET.get("by", "unit")
    context: dict[str, Any] = {
        "rule_set": rule_set,
        "period": period,
        "by": by,
        "period_choices": _period_choices(rule_set),
        "unit_of_account": _("元") if _spec(rule_set).get("unit") == "yuan" else _("分"),
        "manage": queries.can_manage(request.user, rule_set),
    }
    if by == "writer":
        role = request.GET.get("role", "")
        role = role if role in WRITERS else ""
        attribute = request.GET.get("attribute", "")[:40]
        context["writers"] = queries.writer_ranking(rule_set, period.start, period.end, role=role, attribute=attribute)
        context["role"], context["attribute"] = role, attribute
        context["roles"] = [(r, Role(r).label) for r in sorted(WRITERS)]
        context["attributes"] = sorted(attribute_names())
    else:
        # A sub-ranking of the rule set (``rankings``: e.g. adoption points only), by total or by rate.
        subs = _spec(rule_set).get("rankings", [])
        chosen = int_param(request.GET.get("ranking"))
        index = chosen if chosen is not None and chosen < len(subs) else -1
        order = "rate" if request.GET.get("order") == "rate" else "total"
        keys = subs[index]["keys"] if index >= 0 else None
        context["groups"] = queries.rankings_by_class(rule_set, period.start, period.end, keys=keys, order=order)
        context["sub_rankings"], context["ranking"], context["order"] = subs, index, order
        top = queries.top_items(rule_set, period.start, period.end)
        awards = queries.item_awards(rule_set, period.start, period.end)
        # One title per item (as printed, adopted, or the hub's), as the reader may see it.
        titles = titles_for(
            request.user, {**{a.item_id: a.title for a in awards}, **{t["item_id"]: t["title"] for t in top}}
        )
        for award in awards:
            award.title = titles.get(award.item_id, award.title)
        for row in top:
            row["title"] = titles.get(row["item_id"], row["title"])
        context["top"] = top
        context["item_awards"] = awards
    return render(request, "scoring/rankings.html", context)


@login_required
def writer_ledger(request: AuthedRequest, pk: int, person_id: int) -> HttpResponse:
    """A writer's lines: their items' points in their unit's ledger, and their own (per-writer quotas,
    items of writers attached to the hub), each month named."""
    from xinbao.orgs.models import User

    rule_set = _rule_set(request, pk)
    person = get_object_or_404(User.objects.select_related("unit"), pk=person_id)
    if not queries.can_view_writer(request.user, rule_set, person):
        raise PermissionDenied
    period = _period(request, rule_set)
    entries = queries.writer_entries(rule_set, person, period.start, period.end)
    context = {
        "rule_set": rule_set,
        "person": person,
        "period": period,
        "total": entries.aggregate(total=Sum("points"))["total"] or Decimal(0),
        "page_obj": paginate(request, entries, 50),
        "period_choices": _period_choices(rule_set),
        "unit_of_account": _("元") if _spec(rule_set).get("unit") == "yuan" else _("分"),
    }
    return render(request, "scoring/writer_ledger.html", context)


def _spec(rule_set: RuleSet) -> dict[str, Any]:
    return rule_set.active_version.spec if rule_set.active_version else {}


def _scoring_pending(rule_set: RuleSet, unit: Unit, period: Period) -> bool:
    """ "计分中": an event of the unit (or of a unit rolling up to it) in the period awaits its task."""
    spec = _spec(rule_set)
    units = {unit.pk}
    if spec.get("units", {}).get("roll_up"):
        units |= {src for src, (target, _name) in queries.roll_up(rule_set, spec).items() if target == unit.pk}
    return scoring_tasks.is_pending(units, period.start, period.end)


@login_required
def unit_ledger(request: AuthedRequest, pk: int, unit_id: int) -> HttpResponse:
    """Every entry of a unit in the period, filterable by rule, each linking to its source."""
    rule_set = _rule_set(request, pk)
    unit = get_object_or_404(Unit, pk=unit_id)
    if not queries.can_view_unit(request.user, rule_set, unit):
        raise PermissionDenied
    period = _period(request, rule_set)
    rule_key = request.GET.get("rule", "")
    summary = queries.unit_summary(rule_set, unit, period.start, period.end)
    page = paginate(request, queries.unit_entries(rule_set, unit, period.start, period.end, rule_key=rule_key), 50)
    row, count = queries.unit_rank(rule_set, unit, period)
    context = {
        "rule_set": rule_set,
        "unit": unit,
        "period": period,
        "summary": summary,
        "total": sum((s["total"] for s in summary), Decimal(0)),
        "page_obj": page,
        "rule_key": rule_key,
        "rank": row,
        "ranked": count,
        "period_choices": _period_choices(rule_set),
        "unit_of_account": _("元") if _spec(rule_set).get("unit") == "yuan" else _("分"),
        "scoring_pending": _scoring_pending(rule_set, unit, period),
    }
    if queries.can_manage(request.user, rule_set):
        context["entry_form"] = entry_views.entry_form(rule_set)
        context["hub_entries"] = entry_views.unit_entries_of(rule_set, unit, period.start, period.end)
    return render(request, "scoring/unit_ledger.html", context)
