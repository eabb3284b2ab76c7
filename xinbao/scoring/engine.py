"""The rule engine: facts of one period + a compiled rule set → ledger lines with explanations.

Pure (no database): ``compute`` takes the facts and the assessed units and returns ``Line``s in a
stable order, so recomputing gives the same ledger every time. Order per unit and period:
base → quotas → adoptions, instructions and other facts (by date) → rates → limits → zero rules.
Floors and caps add an adjustment line, so a unit's total is always the sum of its lines.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.utils.translation import gettext as _

from .periods import Period, between
from .sources import ScoringFact, fact_kinds

CENT = Decimal("0.01")
ZERO = Decimal("0")

LEVEL_LABELS = {"township": "乡镇", "county": "县级", "city": "市级", "province": "省级", "central": "中央"}


@dataclass(slots=True)  # (a year is ~350,000 lines)
class Line:
    unit_id: int
    on: datetime.date
    rule_key: str
    points: Decimal
    explanation: str
    person_id: int | None = None
    source_type: str = ""
    source_id: int | None = None
    item_id: int | None = None
    # A writer's own line (per-writer quota, or a hub-attached writer's item): counted in the writers'
    # ranking, never in a unit's total.
    writer_only: bool = False


@dataclass
class UnitResult:
    unit_id: int
    lines: list[Line] = field(default_factory=list)
    below_pass: bool = False
    disqualified: list[str] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((line.points for line in self.lines if not line.writer_only), ZERO)


def dec(value: Any) -> Decimal:
    return Decimal(str(value)) if value is not None else ZERO


# Stands for an item's title in an explanation worked out before the item is known (``_adoption_lines``).
_TITLE = "\x00title\x00"


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f") if value != 0 else "0"


def pass_mark(spec: Mapping[str, Any], class_name: str | None) -> Decimal | None:
    """The pass mark of a class: one number for all, or ``{一类: 100, 二类: 80}`` (none for others)."""
    mark = spec.get("pass_mark")
    if isinstance(mark, dict):
        mark = mark.get(class_name or "")
    return dec(mark) if mark is not None else None


def amount(points: Decimal, unit: str, label: str | None = None) -> str:
    """``+10分``, ``-1分``, ``+3.33分``, ``+60元``."""
    q = points.quantize(CENT)
    shown = format(q.normalize(), "f") if q != 0 else "0"
    sign = "+" if q > 0 else ""
    return f"{sign}{shown}{label or (_('元') if unit == 'yuan' else _('分'))}"


# --- Matching -----------------------------------------------------------------------------------

_LIST_FIELDS = {
    "levels": "level",
    "publications": "publication",
    "adopters": "adopter",
    "categories": "category",
    "item_types": "item_type",
    "kinds": "kind",
    "series": "series",
    "periodical_ids": "periodical_id",
}
_FLAG_FIELDS = ("forwarded", "as_research", "external", "direct", "has_instruction")
# Attributes holding several values (a writer's roles and attributes): a rule
# naming any of them matches.
_SET_FIELDS = ("writer_roles", "writer_attributes")
_MATCH_ATTRS = (*_LIST_FIELDS.values(), *_FLAG_FIELDS, *_SET_FIELDS, "adopter_score")


def _sets_match(match: Mapping[str, Any], attrs: Mapping[str, Any]) -> bool:
    return all(name not in match or set(match[name]) & set(attrs.get(name) or ()) for name in _SET_FIELDS)


def matches(match: Mapping[str, Any], attrs: Mapping[str, Any]) -> bool:
    for name, attr in _LIST_FIELDS.items():
        if name in match and attrs.get(attr) not in match[name]:
            return False
    if not _sets_match(match, attrs):
        return False
    return all(name not in match or bool(attrs.get(name)) == match[name] for name in _FLAG_FIELDS)


def _item_type_matches(match: Mapping[str, Any], attrs: Mapping[str, Any]) -> bool:
    return "item_types" not in match or attrs.get("item_type", "text") in match["item_types"]


def _instruction_matches(match: Mapping[str, Any], attrs: Mapping[str, Any]) -> bool:
    if "levels" in match and attrs.get("leader_level") not in match["levels"]:
        return False
    if not _item_type_matches(match, attrs):
        return False
    if "publications" in match and not set(match["publications"]) & set(attrs.get("publications") or ()):
        return False
    if not _sets_match(match, attrs):
        return False
    return "posts" not in match or attrs.get("leader_post") in match["posts"]


def _event_matches(match: Mapping[str, Any], attrs: Mapping[str, Any]) -> bool:
    if "categories" in match and attrs.get("category") not in match["categories"]:
        return False
    if not _circulation_matches(match, attrs):
        return False
    return _item_type_matches(match, attrs) and _sets_match(match, attrs)


def _circulation_matches(match: Mapping[str, Any], attrs: Mapping[str, Any]) -> bool:
    """通报 of an urgent finding: whether it was circulated, by which body, at which level."""
    if "circulated" in match and bool(attrs.get("circulated")) != match["circulated"]:
        return False
    if "circulated_by" in match and attrs.get("circulated_by") not in match["circulated_by"]:
        return False
    return "circulated_levels" not in match or attrs.get("circulated_level") in match["circulated_levels"]


def _memo_key(attrs: Mapping[str, Any]) -> tuple[Any, ...]:
    """What rules match on, hashable (a year has ~10^6 adoption facts: the plain tuple first)."""
    key = tuple(map(attrs.get, _MATCH_ATTRS))
    try:
        hash(key)
    except TypeError:  # a source gave a list among the values
        key = tuple(tuple(value) if isinstance(value, list) else value for value in key)
    return key


def _items_submitted(facts: Iterable[ScoringFact], excluded: Collection[int | None] = ()) -> int:
    """Items submitted: the distinct items of submission facts, less ``excluded``, plus what counted facts
    (``sources.Counting``: no item, a weight) stand for."""
    items: set[int | None] = set()
    counted = 0
    for fact in facts:
        if fact.kind != "submission":
            continue
        if fact.item_id is None:
            counted += fact.weight
        elif fact.item_id not in excluded:
            items.add(fact.item_id)
    return len(items) + counted


def _first(rules: Iterable[dict[str, Any]], test: Any) -> dict[str, Any] | None:
    return next((rule for rule in rules if test(rule)), None)


# --- The engine ---------------------------------------------------------------------------------


@dataclass
class UnitInfo:
    unit_id: int
    class_name: str | None


@dataclass
class WriterInfo:
    """A person assessed as a writer: their unit (the hub itself for attached writers) and class."""

    person_id: int
    unit_id: int
    class_name: str | None = None
    attached: bool = False


class Engine:
    def __init__(self, spec: Mapping[str, Any], period: Period, as_of: datetime.date | None = None) -> None:
        self.spec = spec
        self.period = period
        self.unit = spec.get("unit", "points")
        self.labels = fact_kinds()
        # Sub-periods that start after ``as_of`` (months still to come) get no quota or limit lines.
        self.as_of = as_of
        self._memo: dict[tuple[Any, ...], tuple[dict[str, Any] | None, Decimal, str]] = {}
        self._seen: dict[int, tuple[Mapping[str, Any], tuple[dict[str, Any] | None, Decimal, str]]] = {}
        self._line_memo: dict[int, tuple[Mapping[str, Any], list[tuple[str, Decimal, str, str]]]] = {}
        self._events: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for rule in spec.get("events", []):
            self._events[rule["fact"]].append(rule)  # the first matching rule for a fact kind applies
        self._main = [r for r in spec.get("adoptions", []) if not r.get("bonus")]
        self._bonuses = [r for r in spec.get("adoptions", []) if r.get("bonus")]
        self._per_item = {
            rule["key"]: rule
            for rule in [*spec.get("adoptions", []), *spec.get("instructions", []), *spec.get("events", [])]
            if rule.get("once_per_item") or rule.get("group")
        }
        # Translated once: gettext per ledger line is a third of a year's recompute.
        self._unit_label = _("元") if self.unit == "yuan" else _("分")
        self._t_adoption = _("%(w)s%(k)s《%(t)s》%(l)s%(n)s%(j)s，%(a)s")
        self._t_kinds = {"combined": _("综合采用"), "single": _("采用")}
        self._t_joint = _("（%(n)s个单位合报，均分）")
        self._t_instruction = _("《%(t)s》获%(n)s（%(w)s）批示%(j)s，%(a)s")
        self._t_event = _("%(d)s %(w)s%(s)s，%(a)s")

    def _money(self, points: Decimal) -> str:
        return amount(points, self.unit, self._unit_label)

    def compute(self, units: Iterable[UnitInfo], facts: Iterable[ScoringFact]) -> list[UnitResult]:
        by_unit: dict[int, list[ScoringFact]] = defaultdict(list)
        for fact in facts:
            by_unit[fact.unit_id].append(fact)
        return [self.compute_unit(info, by_unit.get(info.unit_id, [])) for info in units]

    def compute_unit(self, info: UnitInfo, facts: list[ScoringFact]) -> UnitResult:
        result = UnitResult(info.unit_id)
        lines = result.lines
        lines += self._base(info)
        quotas = self.spec.get("quotas", [])
        lines += self._quotas(info, [q for q in quotas if q["count"] != "points"], facts)
        lines += self._per_item_rules(self._fact_lines(info, facts))
        lines += self._quotas(info, [q for q in quotas if q["count"] == "points"], facts, lines)
        lines += self._rates(info, facts)
        lines += self._limits(info, lines)
        lines += self._zero(info, facts, result.total)
        self._flags(result, facts, info)
        return result

    def _fact_lines(self, info: UnitInfo, facts: list[ScoringFact]) -> list[Line]:
        lines: list[Line] = []
        for fact in facts:
            lines += self._fact_line(info, fact)
        return lines

    def compute_writers(self, writers: Iterable[WriterInfo], facts: Iterable[ScoringFact]) -> list[UnitResult]:
        """Writers' own lines: per-writer quotas for every assessed writer, and for writers attached to
        the hub itself (政协委员, 特邀信息员 writing in person) the points of their items, since the
        hub is not ranked as a unit. One result per writer, every line ``writer_only``."""
        quotas = self.spec.get("writers", {}).get("quotas", [])
        by_person: dict[int, list[ScoringFact]] = defaultdict(list)
        for fact in facts:
            if fact.person_id is not None:
                by_person[fact.person_id].append(fact)
        results = []
        for writer in writers:
            mine = [f for f in by_person.get(writer.person_id, []) if f.unit_id == writer.unit_id]
            info = UnitInfo(writer.unit_id, writer.class_name)
            lines = self._per_item_rules(self._fact_lines(info, mine)) if writer.attached else []
            lines += self._quotas(info, [q for q in quotas if q["count"] != "points"], mine)
            lines += self._quotas(info, [q for q in quotas if q["count"] == "points"], mine, lines)
            for line in lines:
                line.person_id, line.writer_only = writer.person_id, True
            if lines:
                results.append(UnitResult(writer.unit_id, lines))
        return results

    # Period-level rules -------------------------------------------------------------------------

    def _line(self, info: UnitInfo, key: str, points: Decimal, explanation: str) -> Line:
        return Line(info.unit_id, self.period.end, key, points, explanation)

    def _base(self, info: UnitInfo) -> list[Line]:
        if "base" not in self.spec:
            return []
        points = dec(self.spec["base"])
        text = _("%(p)s基础分，%(a)s") % {"p": self.period.label, "a": self._money(points)}
        return [Line(info.unit_id, self.period.start, "base", points, text)]

    def sub_periods(self, per: str | None) -> list[Period]:
        """The rule set's period, or its months/quarters/weeks (clipped to it, none still to come)."""
        if not per:
            return [self.period]
        parts = []
        for part in between(per, self.period.start, self.period.end):
            if self.as_of is not None and part.start > self.as_of:
                break
            parts.append(Period(max(part.start, self.period.start), min(part.end, self.period.end), part.kind))
        return parts

    def _quota_count(
        self, quota: Mapping[str, Any], facts: list[ScoringFact], lines: list[Line], part: Period
    ) -> Decimal:
        how = quota["count"]
        if how == "points":
            keys = set(quota["keys"])
            inside = (ln for ln in lines if ln.rule_key in keys and part.start <= ln.on <= part.end)
            return sum((ln.points for ln in inside), ZERO)
        cats = quota.get("categories")
        types = quota.get("item_types")
        facts = [
            f
            for f in facts
            if part.start <= f.on <= part.end
            and (cats is None or f.attrs.get("category") in cats)
            and (types is None or f.attrs.get("item_type", "text") in types)
        ]
        if how in ("adopted", "adoptions"):
            match = quota.get("match") or {}
            adopted = [f for f in facts if f.kind == "adoption" and matches(match, f.attrs)]
            return Decimal(len({f.item_id for f in adopted} if how == "adopted" else {f.source_id for f in adopted}))
        if how == "never_adopted":
            excluded = {f.item_id for f in facts if f.kind in set(quota.get("exclude_facts", []))}
            never = [f for f in facts if f.kind == "submission" and not f.attrs.get("adopted")]
            return Decimal(_items_submitted(never, excluded))
        return Decimal(_items_submitted(facts))

    def _quotas(
        self, info: UnitInfo, quotas: list[dict[str, Any]], facts: list[ScoringFact], lines: list[Line] | None = None
    ) -> list[Line]:
        result = []
        for quota in quotas:
            target = quota.get("targets", {}).get(info.class_name or "", quota.get("target"))
            if target is None:
                continue
            for part in self.sub_periods(quota.get("per")):
                line = self._quota_line(
                    info, quota, dec(target), self._quota_count(quota, facts, lines or [], part), part
                )
                if line is not None:
                    result.append(line)
        return result

    def _quota_line(
        self, info: UnitInfo, quota: Mapping[str, Any], target: Decimal, done: Decimal, part: Period
    ) -> Line | None:
        how = quota["count"]
        measure = _("分") if how == "points" else (_("次") if how == "adoptions" else _("条"))
        shown = {"d": _num(done), "t": _num(target), "u": measure}
        if target == 0:
            # No task: points per item ("每报送一条计1分") or nothing — never "任务0条，完成".
            points = dec(quota.get("per_extra")) * done + dec(quota.get("met"))
            if points == 0:
                return None
            verdict = ""
        elif done >= target:
            points = dec(quota.get("met")) + dec(quota.get("per_extra")) * (done - target)
            verdict = _("，任务%(t)s%(u)s，完成") % shown
        else:
            points = dec(quota.get("missed")) + dec(quota.get("per_missing")) * (target - done)
            verdict = _("，任务%(t)s%(u)s，未完成，差%(n)s%(u)s") % {**shown, "n": _num(target - done)}
        legacy = {"submitted": _("报送信息"), "adopted": _("被采用信息")}
        what = (
            legacy.get(how)
            or {
                "adoptions": _("被采用"),
                "never_adopted": _("报送未被采用的信息"),
                "points": _("得分"),
            }[how]
        )
        text = _("%(p)s%(w)s%(d)s%(u)s%(v)s，%(a)s") % {
            **shown,
            "p": part.label,
            "w": what,
            "v": verdict,
            "a": self._money(points),
        }
        if quota.get("label"):
            text = f"{quota['label']}：{text}"
        return Line(info.unit_id, part.end, quota["key"], points, text)

    def _rates(self, info: UnitInfo, facts: list[ScoringFact]) -> list[Line]:
        lines = []
        submitted = _items_submitted(facts)
        adopted = {f.item_id for f in facts if f.kind == "adoption"}
        rate = Decimal(len(adopted)) / Decimal(submitted) if submitted else ZERO
        rate = min(rate, Decimal(1))
        for rule in self.spec.get("rates", []):
            if rate < dec(rule["below"]):
                points = dec(rule["points"])
                text = _("%(p)s采用率%(r)s%%（采用%(a)s条/报送%(s)s条），低于%(b)s%%，%(m)s") % {
                    "p": self.period.label,
                    "r": (rate * 100).quantize(Decimal("0.1")),
                    "a": len(adopted),
                    "s": submitted,
                    "b": _num(dec(rule["below"]) * 100),
                    "m": self._money(points),
                }
                lines.append(self._line(info, rule["key"], points, text))
        return lines

    def _limits(self, info: UnitInfo, lines: list[Line]) -> list[Line]:
        added: list[Line] = []
        for limit in self.spec.get("limits", []):
            keys = set(limit["keys"])
            for part in self.sub_periods(limit.get("per")):
                inside = (ln for ln in [*lines, *added] if ln.rule_key in keys and part.start <= ln.on <= part.end)
                line = self._limit_line(info, limit, sum((ln.points for ln in inside), ZERO), part)
                if line is not None:
                    added.append(line)
        return added

    def _limit_line(self, info: UnitInfo, limit: Mapping[str, Any], current: Decimal, part: Period) -> Line | None:
        if "min" in limit and current < dec(limit["min"]):
            bound, adjust = dec(limit["min"]), dec(limit["min"]) - current
            text = _("扣分以%(b)s为限（原合计%(c)s），调整%(a)s")
        elif "max" in limit and current > dec(limit["max"]):
            bound, adjust = dec(limit["max"]), dec(limit["max"]) - current
            text = _("封顶%(b)s（原合计%(c)s），调整%(a)s")
        else:
            return None
        text = text % {"b": _num(bound), "c": _num(current), "a": self._money(adjust)}
        if limit.get("per"):
            text = f"{part.label}{text}"
        if limit.get("label"):
            text = f"{limit['label']}：{text}"
        return Line(info.unit_id, part.end, limit["key"], adjust, text)

    def _count(self, facts: list[ScoringFact], kind: str) -> int:
        return sum(f.weight for f in facts if f.kind == kind)

    def _zero(self, info: UnitInfo, facts: list[ScoringFact], total: Decimal) -> list[Line]:
        for rule in self.spec.get("zero_if", []):
            n = self._count(facts, rule["fact"])
            if n >= rule["at_least"] and total != 0:
                text = _("%(p)s%(f)s%(n)s次（达到%(t)s次），得分归零，%(a)s") % {
                    "p": self.period.label,
                    "f": self.labels.get(rule["fact"], rule["fact"]),
                    "n": n,
                    "t": rule["at_least"],
                    "a": self._money(-total),
                }
                return [self._line(info, rule["key"], -total, text)]
        return []

    def _flags(self, result: UnitResult, facts: list[ScoringFact], info: UnitInfo) -> None:
        mark = pass_mark(self.spec, info.class_name)
        if mark is not None:
            result.below_pass = result.total < mark
        for rule in self.spec.get("disqualify_if", []):
            n = self._count(facts, rule["fact"])
            if n >= rule["at_least"]:
                label = rule.get("label") or str(self.labels.get(rule["fact"], rule["fact"]))
                result.disqualified.append(label)
                # Kept in the ledger as a 0-point line, so rankings and notices read the flag from there.
                text = _("取消评优资格：%(l)s（%(f)s%(n)s次）") % {
                    "l": label,
                    "f": self.labels.get(rule["fact"], rule["fact"]),
                    "n": n,
                }
                result.lines.append(self._line(UnitInfo(result.unit_id, None), rule["key"], ZERO, text))

    # Fact-level rules ---------------------------------------------------------------------------

    def _fact_line(self, info: UnitInfo, fact: ScoringFact) -> list[Line]:
        if fact.kind == "adoption":
            return self._adoption(info, fact)
        if fact.kind == "instruction":
            line = self._instruction(info, fact)
            return [line] if line is not None else []
        if fact.kind == "entered":
            return self._entered(fact)
        rule = _first(self._events.get(fact.kind, ()), lambda r: _event_matches(r.get("match", {}), fact.attrs))
        if rule is None:
            return []
        points = dec(rule["points"])
        what = rule.get("label") or self.labels.get(fact.kind, fact.kind)
        subject = f"《{fact.title}》" if fact.title else ""
        text = self._t_event % {"d": fact.on, "w": what, "s": subject, "a": self._money(points)}
        return [self._fact_to_line(fact, rule["key"], points, text)]

    def _entered(self, fact: ScoringFact) -> list[Line]:
        """A hub-entered assessment item: its amount as entered (checked against the range then)."""
        rule = next((r for r in self.spec.get("entered", []) if r["key"] == fact.attrs["key"]), None)
        if rule is None:  # the rule was removed from a later version: the entry no longer scores
            return []
        points = dec(fact.attrs["amount"])
        text = _("%(d)s %(l)s：%(r)s（信息科录入），%(a)s") % {
            "d": fact.on,
            "l": rule["label"],
            "r": fact.attrs.get("reason", ""),
            "a": self._money(points),
        }
        return [self._fact_to_line(fact, rule["key"], points, text)]

    def _per_item_rules(self, lines: list[Line]) -> list[Line]:
        """``once_per_item``: a rule pays once per item; ``group``: per item only the best line of the
        group pays. The others stay in the ledger at 0 with the reason."""
        if not self._per_item:
            return lines
        seen: set[tuple[str, int | None]] = set()
        best: dict[tuple[str, int | None], Line] = {}
        for line in lines:
            rule = self._per_item.get(line.rule_key)
            if rule is None or line.item_id is None:
                continue
            if rule.get("once_per_item"):
                if (line.rule_key, line.item_id) in seen:
                    line.explanation = (line.explanation + _("（同一信息本项只计一次，不再计分）"))[:300]
                    line.points = ZERO
                    continue
                seen.add((line.rule_key, line.item_id))
            if rule.get("group"):
                slot = (rule["group"], line.item_id)
                kept = best.get(slot)
                if kept is None or line.points > kept.points:
                    if kept is not None:
                        self._drop(kept, rule["group"])
                    best[slot] = line
                else:
                    self._drop(line, rule["group"])
        return lines

    def _drop(self, line: Line, group: str) -> None:
        line.explanation = (line.explanation + _("（同一信息“%(g)s”只计最高一项，本项不计）") % {"g": group})[:300]
        line.points = ZERO

    def _fact_to_line(self, fact: ScoringFact, key: str, points: Decimal, text: str) -> Line:
        via = fact.attrs.get("via_unit")
        if via:  # roll-up: a unit's points credited to another (units.roll_up)
            text = text + _("（%(u)s报送，计入本单位）") % {"u": via}
        return Line(
            fact.unit_id,
            fact.on,
            key,
            points,
            text[:300],
            person_id=fact.person_id,
            source_type=fact.source_type,
            source_id=fact.source_id,
            item_id=fact.item_id,
        )

    def _split(self, points: Decimal, attrs: Mapping[str, Any]) -> tuple[Decimal, str]:
        """Joint items (合报): split equally (rounded down to the cent, never creating points) or in full."""
        n = int(attrs.get("joint_units") or 1)
        if n <= 1 or self.spec.get("joint", "split") == "full":
            return points, ""
        share = (points / n).quantize(CENT, rounding=ROUND_DOWN)
        return share, self._t_joint % {"n": n}

    def _rule_points(self, rule: Mapping[str, Any], attrs: Mapping[str, Any]) -> tuple[Decimal, str]:
        """A rule's points: a number, or the adopting office's score × ``factor`` (``default`` when the
        adoption carries no score)."""
        if rule["points"] != "adopter_score":
            return dec(rule["points"]), ""
        given = attrs.get("adopter_score")
        factor = dec(rule.get("factor", 1))
        x = _("×%(f)s") % {"f": _num(factor)} if factor != 1 else ""
        if given is None:
            default = dec(rule.get("default"))
            return default, _("（采用单位未给分值，按%(d)s）") % {"d": _num(default)}
        return dec(given) * factor, _("（采用单位给%(s)s分%(x)s）") % {"s": _num(dec(given)), "x": x}

    def _adoption_rule(self, attrs: Mapping[str, Any]) -> tuple[dict[str, Any] | None, Decimal, str]:
        """The first matching rule, its points after multipliers, and the notes (memoised: a year has
        many adoptions and few distinct attribute combinations)."""
        # Sources share one attributes dict between like facts: known by identity, the key is not rebuilt
        # (the dict is held here, so its id is not reused while this engine lives).
        seen = self._seen.get(id(attrs))
        if seen is not None and seen[0] is attrs:
            return seen[1]
        key = _memo_key(attrs)
        if key not in self._memo:
            rule = _first(self._main, lambda r: matches(r.get("match", {}), attrs))
            points, note = self._rule_points(rule, attrs) if rule else (ZERO, "")
            notes = [note]
            for mult in self.spec.get("multipliers", []) if rule else []:
                if matches(mult["when"], attrs):
                    points *= dec(mult["factor"])
                    notes.append(_("×%(f)s（%(l)s）") % {"f": _num(dec(mult["factor"])), "l": mult.get("label", "")})
            self._memo[key] = (rule, points, "".join(notes))
        self._seen[id(attrs)] = (attrs, self._memo[key])
        return self._memo[key]

    def _adoption(self, info: UnitInfo, fact: ScoringFact) -> list[Line]:
        return [
            self._fact_to_line(fact, key, points, f"{before}{fact.title}{after}")
            for key, points, before, after in self._adoption_lines(fact.attrs)
        ]

    def _adoption_lines(self, attrs: Mapping[str, Any]) -> list[tuple[str, Decimal, str, str]]:
        """Each line an adoption with these attributes gets: its rule key, points, and its explanation
        around the item's title. Everything but the title depends on the attributes alone, which like
        facts share (``_adoption_rule``): worked out once per attributes dict, not once per adoption."""
        seen = self._line_memo.get(id(attrs))
        if seen is not None and seen[0] is attrs:
            return seen[1]
        rule, points, notes = self._adoption_rule(attrs)
        found = [(rule, points, notes)] if rule is not None else []
        for bonus in self._bonuses:
            if matches(bonus.get("match", {}), attrs):
                found.append((bonus, *self._rule_points(bonus, attrs)))
        where = f"{attrs.get('adopter', '')}{attrs.get('publication', '')}{attrs.get('issue_label', '')}"
        kind = self._t_kinds["combined" if attrs.get("kind") == "combined" else "single"]
        lines = []
        for rule, points, notes in found:
            points, joint_note = self._split(points, attrs)
            label = f"（{rule['label']}）" if rule.get("label") else ""
            text = self._t_adoption % {
                "w": where,
                "k": kind,
                "t": _TITLE,
                "l": label,
                "n": notes,
                "j": joint_note,
                "a": self._money(points),
            }
            before, _title, after = text.partition(_TITLE)
            lines.append((rule["key"], points, before, after))
        self._line_memo[id(attrs)] = (attrs, lines)  # the dict is held: its id is not reused meanwhile
        return lines

    def _instruction(self, info: UnitInfo, fact: ScoringFact) -> Line | None:
        attrs = fact.attrs
        rule = _first(self.spec.get("instructions", []), lambda r: _instruction_matches(r.get("match", {}), attrs))
        if rule is None:
            return None
        points, joint_note = self._split(dec(rule["points"]), fact.attrs)
        who = attrs.get("leader_post") or LEVEL_LABELS.get(attrs.get("leader_level", ""), "")
        text = self._t_instruction % {
            "t": fact.title,
            "n": attrs.get("leader_name", ""),
            "w": who,
            "j": joint_note,
            "a": self._money(points),
        }
        return self._fact_to_line(fact, rule["key"], points, text)
