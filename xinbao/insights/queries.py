"""Figures of the dashboards, as plain functions (the 通报's charts may reuse them).

Every chart function takes a ``Scope`` (the hub, period, channel and assessment class) and returns a
``Chart``: a title, column names and rows — the table behind the chart — plus how to draw it. The same
``Chart`` feeds the JSON endpoint (ECharts), the table page and the Excel export, so the three agree.

Counts follow scoring's definitions so that the figures equal the rankings and ledgers on the same data:
"submitted" = items that left their unit in the period (``items.queries.submitted_items_between``,
withdrawn and deleted excluded), "adopted" = distinct items with a live adoption in the period credited
to the unit (``items.queries.adoptions_between``), rankings and writers are ``scoring.queries``'s own.
Titles shown (hot topics, silent units' last item) go through the read policy.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinbao.instructions.queries import instructions_between
from xinbao.items import policy
from xinbao.items.models import Category, Tone
from xinbao.items.queries import adoptions_between, submitted_items_between
from xinbao.orgs import duties
from xinbao.orgs import queries as org_queries
from xinbao.orgs.models import Unit
from xinbao.scoring import periods
from xinbao.scoring import queries as scoring_queries
from xinbao.scoring.periods import Period

from . import settings_for

if TYPE_CHECKING:
    from xinbao.orgs.models import Channel, User
    from xinbao.scoring.models import RuleSet

# The shares the 考核 documents name, used when the hub's rule set names none (as the 通报 does).
DEFAULT_MIX = [
    {"name": "问题类+专报类+调研类", "categories": ["problem", "special", "research"], "share_at_least": "0.8"},
    {"name": "问题类", "categories": ["problem"], "share_at_least": "0.5"},
]


@dataclass
class Scope:
    hub: Unit
    period: Period
    channel: Channel | None = None
    class_name: str = ""

    def units(self) -> dict[int, tuple[str, str]]:
        """{unit id: (name, class name)} of the hub's member units (filtered by channel and class)."""
        units = org_queries.member_units(self.hub, self.channel)
        if self.class_name:
            units = units.filter(assessment_class__name=self.class_name)
        return {pk: (name, cls or "") for pk, name, cls in units.values_list("id", "name", "assessment_class__name")}


@dataclass
class Chart:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    kind: str = "bar"  # bar | line | pie | hbar
    series: list[int] = field(default_factory=lambda: [1])  # column indexes drawn as series
    lines: list[int] = field(default_factory=list)  # of those, the ones drawn as lines (e.g. rates)
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "kind": self.kind,
            "columns": self.columns,
            "rows": [[_plain(v) for v in row] for row in self.rows],
            "series": self.series,
            "lines": self.lines,
            "note": self.note,
        }


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def _rate(part: int, whole: int) -> float:
    return round(min(part / whole, 1.0) * 100, 1) if whole else 0.0


def _month(day: datetime.date) -> str:
    return f"{day.year}-{day.month:02d}"


def _months(period: Period) -> list[str]:
    return [_month(p.start) for p in periods.between("month", period.start, period.end)]


# --- Who may see what -----------------------------------------------------------------------------------


def dashboard_hub(user: User | None) -> Unit | None:
    """The hub whose dashboard ``user`` sees: their own unit, if they are its staff or leader and it is a hub."""
    if user is None or not duties.is_business_user(user) or user.unit is None:
        return None
    if not duties.can_read_hub_overview(user, user.unit_id):
        return None
    return user.unit if org_queries.is_hub(user.unit) else None


def rule_set_for(scope: Scope) -> RuleSet | None:
    """The hub's rule set in force at the period's end (for its channel when one is chosen)."""
    sets = scoring_queries.active_rule_sets(min(scope.period.end, timezone.localdate())).filter(hub=scope.hub)
    if scope.channel is not None:
        sets = sets.filter(channel=scope.channel)
    return sets.order_by("-valid_from", "id").first()


def _spec(rule_set: RuleSet | None) -> dict[str, Any]:
    return rule_set.active_version.spec if rule_set and rule_set.active_version else {}


# --- Base counts (shared by several charts) ---------------------------------------------------------------


def submissions_by_unit(scope: Scope) -> dict[int, list[tuple[int, datetime.datetime, str, str]]]:
    """{unit id: [(item id, submitted at, category, tone)]} of the scope's units in the period."""
    units = scope.units()
    rows = (
        submitted_items_between(scope.period.start, scope.period.end)
        .filter(unit_id__in=list(units))
        .order_by()
        .values_list("unit_id", "id", "submitted_at", "category", "tone")
    )
    found: dict[int, list[tuple[int, datetime.datetime, str, str]]] = defaultdict(list)
    for unit_id, pk, at, category, tone in rows:
        if at is not None:  # always set: the period filter is on submitted_at
            found[unit_id].append((pk, at, category, tone))
    return found


def adoptions_by_unit(scope: Scope) -> dict[int, dict[int, datetime.date]]:
    """{unit id: {item id: first adoption date}}: distinct adopted items credited to each unit."""
    units = scope.units()
    rows = (
        adoptions_between(scope.period.start, scope.period.end)
        .filter(credits__unit_id__in=list(units))
        .order_by()
        .values_list("credits__unit_id", "credits__source_item_id", "adopted_on")
    )
    found: dict[int, dict[int, datetime.date]] = defaultdict(dict)
    for unit_id, item_id, on in rows:
        if item_id not in found[unit_id] or on < found[unit_id][item_id]:
            found[unit_id][item_id] = on
    return found


# --- Charts -------------------------------------------------------------------------------------------------


def monthly_chart(scope: Scope) -> Chart:
    """Submissions, adoptions and adoption rate by month."""
    subs = submissions_by_unit(scope)
    adopted = adoptions_by_unit(scope)
    by_month_s: Counter[str] = Counter()
    by_month_a: Counter[str] = Counter()
    for unit_rows in subs.values():
        for _pk, at, _c, _t in unit_rows:
            by_month_s[_month(timezone.localdate(at))] += 1
    for items in adopted.values():
        for on in items.values():
            by_month_a[_month(on)] += 1
    rows = [[m, by_month_s[m], by_month_a[m], _rate(by_month_a[m], by_month_s[m])] for m in _months(scope.period)]
    return Chart(
        "monthly",
        _("各月报送与采用"),
        [_("月份"), _("报送"), _("采用"), _("采用率（%）")],
        rows,
        series=[1, 2, 3],
        lines=[3],
    )


def units_chart(scope: Scope) -> Chart:
    """Submissions, adoptions and adoption rate by unit (tree order)."""
    units = scope.units()
    subs = submissions_by_unit(scope)
    adopted = adoptions_by_unit(scope)
    rows = []
    for pk, (name, cls) in units.items():
        s, a = len(subs.get(pk, [])), len(adopted.get(pk, {}))
        rows.append([name, cls, s, a, _rate(a, s)])
    return Chart(
        "units",
        _("各单位报送与采用"),
        [_("单位"), _("考核类别"), _("报送"), _("采用"), _("采用率（%）")],
        rows,
        series=[2, 3, 4],
        lines=[4],
    )


def classes_chart(scope: Scope) -> Chart:
    """Submissions, adoptions and rate by assessment class."""
    units = scope.units()
    subs = submissions_by_unit(scope)
    adopted = adoptions_by_unit(scope)
    totals: dict[str, list[int]] = {}
    for pk, (_name, cls) in units.items():
        row = totals.setdefault(cls or _("未分类"), [0, 0])
        row[0] += len(subs.get(pk, []))
        row[1] += len(adopted.get(pk, {}))
    rows = [[cls, s, a, _rate(a, s)] for cls, (s, a) in sorted(totals.items())]
    return Chart(
        "classes",
        _("各考核类别报送与采用"),
        [_("考核类别"), _("报送"), _("采用"), _("采用率（%）")],
        rows,
        series=[1, 2, 3],
        lines=[3],
    )


def mix_chart(scope: Scope) -> Chart:
    """Category mix against the rule set's ``category_targets`` (or the usual 80%/50%)."""
    targets = _spec(rule_set_for(scope)).get("category_targets") or DEFAULT_MIX
    cats: Counter[str] = Counter()
    total = 0
    for unit_rows in submissions_by_unit(scope).values():
        for _pk, _at, category, _tone in unit_rows:
            cats[category] += 1
            total += 1
    rows = []
    for target in targets:
        part = sum(cats[c] for c in target["categories"])
        share = round(part / total * 100, 1) if total else 0.0
        goal = float(Decimal(str(target["share_at_least"])) * 100)
        rows.append([target["name"], part, share, goal, _("达标") if share >= goal else _("未达标")])
    labels = dict(Category.choices)
    for category, n in sorted(cats.items(), key=lambda kv: -kv[1]):
        rows.append([str(labels.get(category, category)), n, round(n / total * 100, 1) if total else 0.0, None, ""])
    return Chart(
        "mix",
        _("信息结构（类别占比与目标）"),
        [_("类别"), _("条数"), _("占比（%）"), _("目标（%）"), _("是否达标")],
        rows,
        series=[2, 3],
        note=_("前%(n)s行为考核办法规定的结构目标，其后为各类别占比。") % {"n": len(targets)},
    )


def tone_chart(scope: Scope) -> Chart:
    """喜/忧 share (报喜不报忧 shows here)."""
    tones: Counter[str] = Counter()
    for unit_rows in submissions_by_unit(scope).values():
        for _pk, _at, _category, tone in unit_rows:
            tones[tone] += 1
    total = sum(tones.values())
    rows = [
        [str(label), tones[value], round(tones[value] / total * 100, 1) if total else 0.0]
        for value, label in Tone.choices
    ]
    return Chart("tone", _("喜忧占比"), [_("基调"), _("条数"), _("占比（%）")], rows, kind="pie")


def tone_by_unit_chart(scope: Scope) -> Chart:
    units = scope.units()
    subs = submissions_by_unit(scope)
    rows = []
    for pk, (name, _cls) in units.items():
        tones = Counter(t for _p, _a, _c, t in subs.get(pk, []))
        total = sum(tones.values())
        rows.append([name, tones["good"], tones["bad"], round(tones["bad"] / total * 100, 1) if total else 0.0])
    return Chart(
        "tone_units",
        _("各单位喜忧"),
        [_("单位"), _("喜"), _("忧"), _("忧占比（%）")],
        rows,
        series=[1, 2],
    )


@dataclass
class QuotaRow:
    unit_id: int
    unit_name: str
    quota: str
    count: str
    categories: list[str]
    done: int
    target: int

    @property
    def missing(self) -> int:
        return max(0, self.target - self.done)


def quota_rows(scope: Scope, *, unit_ids: list[int] | None = None) -> tuple[Period | None, list[QuotaRow]]:
    """Each unit's progress against each quota of the hub's rule set in the rule set's current period
    (the quota lines of the ledger count the same way: submitted, or distinct items adopted)."""
    rule_set = rule_set_for(scope)
    spec = _spec(rule_set)
    if rule_set is None or not spec.get("quotas"):
        return None, []
    period = periods.containing(spec.get("period", "year"), min(scope.period.end, timezone.localdate()))
    units = {
        info.unit_id: info.class_name for info in scoring_queries.assessed_units(rule_set, spec)
    }  # the assessed units, with their class
    if unit_ids is not None:
        units = {u: c for u, c in units.items() if u in unit_ids}
    names = dict(Unit.objects.filter(pk__in=list(units)).values_list("id", "name"))
    subs = _submissions_for(list(units), period)
    adopted = _adoptions_for(list(units), period)
    rows = []
    for quota in spec["quotas"]:
        cats = quota.get("categories")
        for unit_id, class_name in units.items():
            target = quota.get("targets", {}).get(class_name or "", quota.get("target"))
            if target is None:
                continue
            if quota["count"] == "submitted":
                done = len({pk for pk, cat in subs.get(unit_id, []) if cats is None or cat in cats})
            else:
                done = len({pk for pk, cat in adopted.get(unit_id, []) if cats is None or cat in cats})
            rows.append(
                QuotaRow(
                    unit_id,
                    names.get(unit_id, ""),
                    quota.get("label") or quota["key"],
                    quota["count"],
                    cats or [],
                    done,
                    int(target),
                )
            )
    return period, rows


def _submissions_for(unit_ids: list[int], period: Period) -> dict[int, list[tuple[int, str]]]:
    rows = (
        submitted_items_between(period.start, period.end)
        .filter(unit_id__in=unit_ids)
        .order_by()
        .values_list("unit_id", "id", "category")
    )
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for unit_id, pk, category in rows:
        found[unit_id].append((pk, category))
    return found


def _adoptions_for(unit_ids: list[int], period: Period) -> dict[int, list[tuple[int, str]]]:
    rows = (
        adoptions_between(period.start, period.end)
        .filter(credits__unit_id__in=unit_ids)
        .order_by()
        .values_list("credits__unit_id", "credits__source_item_id", "credits__source_item__category")
    )
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for unit_id, pk, category in rows:
        found[unit_id].append((pk, category))
    return found


def quota_chart(scope: Scope) -> Chart:
    period, rows = quota_rows(scope)
    what = {"submitted": _("报送"), "adopted": _("采用")}
    table = [
        [
            r.unit_name,
            r.quota,
            what.get(r.count, r.count),
            r.done,
            r.target,
            r.missing,
            _("完成") if r.missing == 0 else _("差%(n)s条") % {"n": r.missing},
        ]
        for r in rows
    ]
    note = _("考核期：%(p)s") % {"p": period.label} if period else _("本单位的考核办法没有任务数规定。")
    return Chart(
        "quota",
        _("任务数完成进度"),
        [_("单位"), _("任务"), _("口径"), _("已完成"), _("任务数"), _("还差"), _("情况")],
        table,
        series=[3, 4],
        note=note,
    )


def ranking_chart(scope: Scope) -> Chart:
    """Scores from the ledger (``scoring.queries.unit_ranking``) over the period."""
    rule_set = rule_set_for(scope)
    if rule_set is None:
        return Chart(
            "ranking",
            _("考核得分排名"),
            [_("名次"), _("单位"), _("得分")],
            [],
            kind="hbar",
            series=[2],
            note=_("本单位尚未启用考核办法。"),
        )
    ranking = scoring_queries.unit_ranking(
        rule_set, scope.period.start, scope.period.end, class_name=scope.class_name or None
    )
    rows = [[r.rank, r.name, r.total] for r in ranking]
    return Chart(
        "ranking",
        _("考核得分排名"),
        [_("名次"), _("单位"), _("得分")],
        rows,
        kind="hbar",
        series=[2],
        note=rule_set.name,
    )


def writers_chart(scope: Scope, limit: int = 10) -> Chart:
    rule_set = rule_set_for(scope)
    if rule_set is None:
        return Chart(
            "writers",
            _("优秀信息员（得分前列）"),
            [_("名次"), _("姓名"), _("单位"), _("得分")],
            [],
            kind="hbar",
            series=[3],
        )
    rows = scoring_queries.writer_ranking(rule_set, scope.period.start, scope.period.end)[:limit]
    return Chart(
        "writers",
        _("优秀信息员（得分前列）"),
        [_("名次"), _("姓名"), _("单位"), _("得分"), _("报送"), _("采用")],
        [[w.rank, w.name, w.unit_name, w.total, w.submitted, w.adopted] for w in rows],
        kind="hbar",
        series=[3],
    )


def upward_chart(scope: Scope) -> Chart:
    """Adoptions of the scope's items above the hub (forwarded and adopted upward, or outside bodies)."""
    units = [*scope.units(), scope.hub.pk]
    rows_ = (
        adoptions_between(scope.period.start, scope.period.end)
        .filter(credits__unit_id__in=units)
        .exclude(adopter_id=scope.hub.pk)
        .order_by()
        .values_list("id", "adopted_on", "level")
        .distinct()
    )
    by_month: Counter[str] = Counter()
    seen: set[int] = set()
    for pk, on, _level in rows_:
        if pk not in seen:
            seen.add(pk)
            by_month[_month(on)] += 1
    rows = [[m, by_month[m]] for m in _months(scope.period)]
    return Chart("upward", _("上级采用（转报采用）"), [_("月份"), _("上级采用")], rows)


def instructions_chart(scope: Scope) -> Chart:
    """批示 on the scope's items (and the hub's own), by month."""
    units = set(scope.units()) | {scope.hub.pk}
    by_month: Counter[str] = Counter()
    rows_ = instructions_between(scope.period.start, scope.period.end).values_list("instructed_on", "item__unit_id")
    for on, unit_id in rows_:
        if unit_id in units:
            by_month[_month(on)] += 1
    rows = [[m, by_month[m]] for m in _months(scope.period)]
    return Chart("instructions", _("获领导批示"), [_("月份"), _("批示")], rows, kind="line")


def silent_units(scope: Scope, days: int | None = None) -> Chart:
    """Member units with no submission in the last ``days`` days (hub setting), with their last one."""
    days = days or settings_for(scope.hub).inactive_days
    units = scope.units()
    today = min(scope.period.end, timezone.localdate())
    last = dict(
        submitted_items_between(datetime.date(2000, 1, 1), today)
        .filter(unit_id__in=list(units))
        .order_by()
        .values("unit_id")
        .annotate(last=Max("submitted_at"))
        .values_list("unit_id", "last")
    )
    rows = []
    for pk, (name, cls) in units.items():
        at = last.get(pk)
        quiet = (today - timezone.localdate(at)).days if at else None
        if quiet is None or quiet >= days:
            rows.append(
                [name, cls, timezone.localdate(at) if at else _("从未报送"), quiet if quiet is not None else ""]
            )
    rows.sort(key=lambda r: -(r[3] if isinstance(r[3], int) else 10**6))
    return Chart(
        "silent",
        _("长期未报送的单位"),
        [_("单位"), _("考核类别"), _("最近报送"), _("未报送天数")],
        rows,
        kind="hbar",
        series=[3],
        note=_("%(d)s天以上未报送。") % {"d": days},
    )


CHARTS: dict[str, Callable[[Scope], Chart]] = {
    "monthly": monthly_chart,
    "units": units_chart,
    "classes": classes_chart,
    "mix": mix_chart,
    "tone": tone_chart,
    "tone_units": tone_by_unit_chart,
    "quota": quota_chart,
    "ranking": ranking_chart,
    "writers": writers_chart,
    "upward": upward_chart,
    "instructions": instructions_chart,
    "silent": silent_units,
}
CHART_TITLES = {
    "monthly": gettext_lazy("各月报送与采用"),
    "units": gettext_lazy("各单位报送与采用"),
    "classes": gettext_lazy("各考核类别报送与采用"),
    "mix": gettext_lazy("信息结构（类别占比与目标）"),
    "tone": gettext_lazy("喜忧占比"),
    "tone_units": gettext_lazy("各单位喜忧"),
    "quota": gettext_lazy("任务数完成进度"),
    "ranking": gettext_lazy("考核得分排名"),
    "writers": gettext_lazy("优秀信息员（得分前列）"),
    "upward": gettext_lazy("上级采用（转报采用）"),
    "instructions": gettext_lazy("获领导批示"),
    "silent": gettext_lazy("长期未报送的单位"),
}
LEADER_CHARTS = ("monthly", "units", "mix", "tone", "ranking", "upward", "instructions", "silent")


def chart(name: str, scope: Scope) -> Chart | None:
    fn = CHARTS.get(name)
    return fn(scope) if fn else None


# --- Summary and a unit's own progress ----------------------------------------------------------------


def summary(scope: Scope) -> dict[str, Any]:
    subs = submissions_by_unit(scope)
    adopted = adoptions_by_unit(scope)
    s = sum(len(v) for v in subs.values())
    a = sum(len(v) for v in adopted.values())
    units = scope.units()
    return {
        "units": len(units),
        "submitted": s,
        "adopted": a,
        "rate": _rate(a, s),
        "reporting_units": sum(1 for u in units if subs.get(u)),
    }


def unit_progress(user: User) -> list[tuple[str, list[QuotaRow], Period | None]]:
    """For a unit's home page: each rule set assessing the unit, with the unit's quota rows this period."""
    unit = user.unit
    if unit is None:
        return []
    found = []
    for rule_set in scoring_queries.visible_rule_sets(user).exclude(hub_id=unit.pk)[:3]:
        scope = Scope(rule_set.hub, periods.containing("month", timezone.localdate()), rule_set.channel)
        period, rows = quota_rows(scope, unit_ids=[unit.pk])
        if rows:
            found.append((rule_set.name, rows, period))
    return found


def titles(user: User | None, item_titles: dict[int, str]) -> dict[int, str]:
    """Item titles as ``user`` may see them (the read policy)."""
    return policy.titles_for(user, item_titles)
