"""The figures of a 通报, gathered when it is generated and stored with it (``Notice.figures``).

Gathered once, so that the HTML preview, the chief's approval and the published Word file show the same
numbers even if a late adoption changes the ledger meanwhile (regenerating gathers them again).

- rankings by assessment class, from ``queries.rankings_by_class`` (the ledger);
- the items with a leader's 批示 and the items with the most points (``queries.top_items``): item ids
  with a fallback title — the title shown is chosen when the notice is laid out (``content``): the
  title as printed in an issue, through the read policy for documents read by many;
- units with no submission, units with no adoption;
- one section per other source of scoring facts (urgent reports, commissions, errors) — present only
  once its app has registered its fact kinds (``sources.register_source``); until then the notice has
  no such section at all (never a "not connected" sentence);
- the category mix (问题类/专报类/调研类 shares against the rule set's targets) and 喜/忧 per unit.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import translation

from xinbao.orgs.models import Unit
from xinbao.orgs.queries import hub_for

from .. import queries
from ..models import RuleSet
from ..periods import Period
from ..sources import BUILT_IN_FACT_KINDS, ScoringFact, collect, fact_kinds, registered_kinds

# Shares the 考核 documents name (问题类+专报类+调研类 ≥ 80%, 问题类 ≥ 50%), used when a rule set names none.
DEFAULT_MIX = [
    {"name": "问题类+专报类+调研类", "categories": ["problem", "special", "research"], "share_at_least": "0.8"},
    {"name": "问题类", "categories": ["problem"], "share_at_least": "0.5"},
]
TOP_ITEMS = 10


@dataclass
class RankLine:
    rank: int
    unit_id: int
    name: str
    total: Decimal
    below_pass: bool = False
    disqualified: bool = False


@dataclass
class ClassRanking:
    name: str  # the assessment class ("" when the rule set has none)
    rows: list[RankLine]


@dataclass
class ItemLine:
    """An item the notice names: ``title`` is the fallback (the hub's current title)."""

    item_id: int
    title: str
    unit: str
    detail: str  # the leader of a 批示; the points of a top item


@dataclass
class FactRow:
    unit: str
    label: str  # the fact kind's label (迟报, 漏报 …)
    count: int


@dataclass
class SourceSection:
    key: str  # the fact kinds' prefix: urgent, commission, error …
    rows: list[FactRow]


@dataclass
class UnitMix:
    name: str
    submitted: int
    shares: list[Decimal]
    good: int
    bad: int


@dataclass
class NoticeData:
    period: Period
    hub_name: str
    unit_of_account: str  # "points" or "yuan"
    units: int
    submitted: int
    adopted: int
    rankings: list[ClassRanking] = field(default_factory=list)
    instructed: list[ItemLine] = field(default_factory=list)
    top_items: list[ItemLine] = field(default_factory=list)
    silent: list[str] = field(default_factory=list)  # no submission in the period
    unadopted: list[str] = field(default_factory=list)  # no adoption in the period
    sections: list[SourceSection] = field(default_factory=list)
    mix_targets: list[dict[str, Any]] = field(default_factory=list)
    overall_mix: list[Decimal] = field(default_factory=list)
    unit_mix: list[UnitMix] = field(default_factory=list)
    report_to: list[str] = field(default_factory=list)  # 报: the hub above
    issue_to: list[str] = field(default_factory=list)  # 发: the assessed units

    @property
    def all_rows(self) -> list[RankLine]:
        return sorted((r for group in self.rankings for r in group.rows), key=lambda r: (-r.total, r.name))


# --- Gathering ------------------------------------------------------------------------------------


def _share(part: int, whole: int) -> Decimal:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.001")) if whole else Decimal(0)


def _mix(submissions: list[ScoringFact], targets: list[dict[str, Any]]) -> list[Decimal]:
    cats = Counter(f.attrs.get("category") for f in submissions)
    total = len(submissions)
    return [_share(sum(cats[c] for c in t["categories"]), total) for t in targets]


def _unit_mix(name: str, facts: list[ScoringFact], targets: list[dict[str, Any]]) -> UnitMix:
    subs = [f for f in facts if f.kind == "submission"]
    tones = Counter(f.attrs.get("tone") for f in subs)
    return UnitMix(name, len(subs), _mix(subs, targets), tones["good"], tones["bad"])


def section_kinds() -> dict[str, list[str]]:
    """The fact kinds of other apps' registered sources, by prefix (``urgent.late`` → ``urgent``)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for kind in sorted(registered_kinds()):
        if kind not in BUILT_IN_FACT_KINDS:
            groups[kind.split(".", 1)[0]].append(kind)
    return dict(groups)


def _strings_in(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return {s for v in value.values() for s in _strings_in(v)}
    if isinstance(value, list | tuple):
        return {s for v in value for s in _strings_in(v)}
    return set()


def _sections(facts: list[ScoringFact], names: dict[int, str], spec: dict[str, Any]) -> list[SourceSection]:
    """One section per other app's facts (紧急信息, 约稿, 差错 …): those the rule set assesses (names a fact
    kind of) always, even when empty ("本期无…"); the others only when something happened."""
    labels = fact_kinds()
    named = _strings_in(spec)
    sections = []
    for key, kinds in section_kinds().items():
        counts = Counter((f.unit_id, f.kind) for f in facts if f.kind in kinds)
        if not counts and not named & set(kinds):
            continue
        rows = [
            FactRow(names.get(unit_id, ""), str(labels.get(kind, kind)), n)
            for (unit_id, kind), n in sorted(counts.items(), key=lambda kv: (names.get(kv[0][0], ""), kv[0][1]))
        ]
        sections.append(SourceSection(key, rows))
    return sections


def _instructed(facts: list[ScoringFact], names: dict[int, str]) -> list[ItemLine]:
    """One line per 批示 (a joint item's units together)."""
    lines: dict[int, ItemLine] = {}
    for fact in facts:
        if fact.kind != "instruction" or fact.item_id is None:
            continue
        line = lines.get(fact.source_id)
        unit = names.get(fact.unit_id, "")
        if line is None:
            leader = str(fact.attrs.get("leader_name", ""))
            lines[fact.source_id] = ItemLine(fact.item_id, fact.title, unit, leader)
        elif unit and unit not in line.unit.split("、"):
            line.unit = f"{line.unit}、{unit}"
    return list(lines.values())


def _rankings(rule_set: RuleSet, period: Period) -> list[ClassRanking]:
    groups = queries.rankings_by_class(rule_set, period.start, period.end)
    return [
        ClassRanking(
            name,
            [
                RankLine(r.rank, r.unit_id, r.name, Decimal(r.total), r.below_pass, bool(r.extra.get("disqualified")))
                for r in rows
            ],
        )
        for name, rows in groups.items()
    ]


def _top_items(rule_set: RuleSet, period: Period) -> list[ItemLine]:
    rows = queries.top_items(rule_set, period.start, period.end, limit=TOP_ITEMS)
    return [ItemLine(r["item_id"], r["title"], r["unit"], f"{Decimal(r['total']).normalize():f}") for r in rows]


def notice_data(rule_set: RuleSet, period: Period) -> NoticeData:
    """The figures of ``rule_set``'s notice for ``period``, from the ledger and the scoring sources."""
    with translation.override("zh-hans"):  # an official document: Chinese labels whatever the page language
        return _gather(rule_set, period)


def _gather(rule_set: RuleSet, period: Period) -> NoticeData:
    spec = rule_set.active_version.spec if rule_set.active_version else {}
    infos = queries.assessed_units(rule_set, spec)
    ids = [i.unit_id for i in infos]
    units = {
        pk: (name, short) for pk, name, short in Unit.objects.filter(pk__in=ids).values_list("id", "name", "short_name")
    }
    names = {pk: name for pk, (name, _short) in units.items()}
    facts = collect(ids, period.start, period.end)
    by_unit: dict[int, list[ScoringFact]] = defaultdict(list)
    for fact in facts:
        by_unit[fact.unit_id].append(fact)
    submitted = {u: {f.item_id for f in fs if f.kind == "submission"} for u, fs in by_unit.items()}
    adopted = {u: {f.item_id for f in fs if f.kind == "adoption"} for u, fs in by_unit.items()}
    targets = spec.get("category_targets") or DEFAULT_MIX
    upper = hub_for(rule_set.hub, rule_set.channel)
    return NoticeData(
        period=period,
        hub_name=rule_set.hub.name,
        unit_of_account="yuan" if spec.get("unit") == "yuan" else "points",
        units=len(ids),
        submitted=sum(len(s) for s in submitted.values()),
        adopted=len({f.source_id for f in facts if f.kind == "adoption"}),
        rankings=_rankings(rule_set, period),
        instructed=_instructed(facts, names),
        top_items=_top_items(rule_set, period),
        silent=[names[u] for u in ids if not submitted.get(u)],
        unadopted=[names[u] for u in ids if not adopted.get(u)],
        sections=_sections(facts, names, spec),
        mix_targets=targets,
        overall_mix=_mix([f for f in facts if f.kind == "submission"], targets),
        unit_mix=[_unit_mix(names[u], by_unit.get(u, []), targets) for u in ids],
        report_to=[upper.short_name or upper.name] if upper is not None else [],
        issue_to=[units[u][1] or units[u][0] for u in ids],
    )


# --- Stored as JSON on the notice -------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def to_json(data: NoticeData) -> dict[str, Any]:
    raw = asdict(data)
    raw["period"] = {
        "start": data.period.start.isoformat(),
        "end": data.period.end.isoformat(),
        "kind": data.period.kind,
    }
    return {"version": 1, **_plain(raw)}


def from_json(raw: dict[str, Any]) -> NoticeData:
    import datetime

    p = raw["period"]
    period = Period(datetime.date.fromisoformat(p["start"]), datetime.date.fromisoformat(p["end"]), p["kind"])
    return NoticeData(
        period=period,
        hub_name=raw["hub_name"],
        unit_of_account=raw["unit_of_account"],
        units=raw["units"],
        submitted=raw["submitted"],
        adopted=raw["adopted"],
        rankings=[
            ClassRanking(g["name"], [RankLine(**{**r, "total": Decimal(r["total"])}) for r in g["rows"]])
            for g in raw["rankings"]
        ],
        instructed=[ItemLine(**line) for line in raw["instructed"]],
        top_items=[ItemLine(**line) for line in raw["top_items"]],
        silent=list(raw["silent"]),
        unadopted=list(raw["unadopted"]),
        sections=[SourceSection(s["key"], [FactRow(**r) for r in s["rows"]]) for s in raw["sections"]],
        mix_targets=list(raw["mix_targets"]),
        overall_mix=[Decimal(s) for s in raw["overall_mix"]],
        unit_mix=[UnitMix(**{**m, "shares": [Decimal(s) for s in m["shares"]]}) for m in raw["unit_mix"]],
        report_to=list(raw.get("report_to", [])),
        issue_to=list(raw.get("issue_to", [])),
    )
