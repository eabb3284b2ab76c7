"""The rule engine: facts of one period + a compiled rule set → ledger lines with explanations.

Pure (no database): ``compute`` takes the facts and the assessed units and returns ``Line``s in a
stable order, so recomputing gives the same ledger every time. Order per unit and period:
base → quotas → adoptions, instructions and other facts (by date) → rates → limits → zero rules.
Floors and caps add an adjustment line, so a unit's total is always the sum of its lines.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.utils.translation import gettext as _

from .periods import Period
from .sources import ScoringFact, fact_kinds

CENT = Decimal("0.01")
ZERO = Decimal("0")

LEVEL_LABELS = {"township": "乡镇", "county": "县级", "city": "市级", "province": "省级", "central": "中央"}


@dataclass
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


@dataclass
class UnitResult:
    unit_id: int
    lines: list[Line] = field(default_factory=list)
    below_pass: bool = False
    disqualified: list[str] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((line.points for line in self.lines), ZERO)


def dec(value: Any) -> Decimal:
    return Decimal(str(value)) if value is not None else ZERO


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
    "kinds": "kind",
}
_FLAG_FIELDS = ("forwarded", "as_research", "external", "has_instruction")
_MATCH_ATTRS = (*_LIST_FIELDS.values(), *_FLAG_FIELDS)


def matches(match: Mapping[str, Any], attrs: Mapping[str, Any]) -> bool:
    for name, attr in _LIST_FIELDS.items():
        if name in match and attrs.get(attr) not in match[name]:
            return False
    return all(name not in match or bool(attrs.get(name)) == match[name] for name in _FLAG_FIELDS)


def _instruction_matches(match: Mapping[str, Any], attrs: Mapping[str, Any]) -> bool:
    if "levels" in match and attrs.get("leader_level") not in match["levels"]:
        return False
    return "posts" not in match or attrs.get("leader_post") in match["posts"]


def _first(rules: Iterable[dict[str, Any]], test: Any) -> dict[str, Any] | None:
    return next((rule for rule in rules if test(rule)), None)


# --- The engine ---------------------------------------------------------------------------------


@dataclass
class UnitInfo:
    unit_id: int
    class_name: str | None


class Engine:
    def __init__(self, spec: Mapping[str, Any], period: Period) -> None:
        self.spec = spec
        self.period = period
        self.unit = spec.get("unit", "points")
        self.labels = fact_kinds()
        self._memo: dict[tuple[Any, ...], tuple[dict[str, Any] | None, Decimal, str]] = {}
        self._events: dict[str, dict[str, Any]] = {}
        for rule in spec.get("events", []):
            self._events.setdefault(rule["fact"], rule)  # the first rule for a fact kind applies
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
        lines += self._quotas(info, facts)
        for fact in facts:
            line = self._fact_line(info, fact)
            if line is not None:
                lines.append(line)
        lines += self._rates(info, facts)
        lines += self._limits(info, lines)
        lines += self._zero(info, facts, result.total)
        self._flags(result, facts)
        return result

    # Period-level rules -------------------------------------------------------------------------

    def _line(self, info: UnitInfo, key: str, points: Decimal, explanation: str) -> Line:
        return Line(info.unit_id, self.period.end, key, points, explanation)

    def _base(self, info: UnitInfo) -> list[Line]:
        if "base" not in self.spec:
            return []
        points = dec(self.spec["base"])
        text = _("%(p)s基础分，%(a)s") % {"p": self.period.label, "a": self._money(points)}
        return [Line(info.unit_id, self.period.start, "base", points, text)]

    def _quota_count(self, quota: Mapping[str, Any], facts: list[ScoringFact]) -> int:
        kind = "submission" if quota["count"] == "submitted" else "adoption"
        cats = quota.get("categories")
        items = {f.item_id for f in facts if f.kind == kind and (cats is None or f.attrs.get("category") in cats)}
        return len(items)

    def _quotas(self, info: UnitInfo, facts: list[ScoringFact]) -> list[Line]:
        lines = []
        for quota in self.spec.get("quotas", []):
            target = quota.get("targets", {}).get(info.class_name or "", quota.get("target"))
            if target is None:
                continue
            done = self._quota_count(quota, facts)
            if done >= target:
                points = dec(quota.get("met")) + dec(quota.get("per_extra")) * (done - target)
                verdict = _("完成")
            else:
                points = dec(quota.get("missed")) + dec(quota.get("per_missing")) * (target - done)
                verdict = _("未完成，差%(n)s条") % {"n": target - done}
            what = _("报送") if quota["count"] == "submitted" else _("被采用")
            text = _("%(p)s%(w)s信息%(d)s条，任务%(t)s条，%(v)s，%(a)s") % {
                "p": self.period.label,
                "w": what,
                "d": done,
                "t": target,
                "v": verdict,
                "a": self._money(points),
            }
            if quota.get("label"):
                text = f"{quota['label']}：{text}"
            lines.append(self._line(info, quota["key"], points, text))
        return lines

    def _rates(self, info: UnitInfo, facts: list[ScoringFact]) -> list[Line]:
        lines = []
        submitted = {f.item_id for f in facts if f.kind == "submission"}
        adopted = {f.item_id for f in facts if f.kind == "adoption"}
        rate = Decimal(len(adopted)) / Decimal(len(submitted)) if submitted else ZERO
        rate = min(rate, Decimal(1))
        for rule in self.spec.get("rates", []):
            if rate < dec(rule["below"]):
                points = dec(rule["points"])
                text = _("%(p)s采用率%(r)s%%（采用%(a)s条/报送%(s)s条），低于%(b)s%%，%(m)s") % {
                    "p": self.period.label,
                    "r": (rate * 100).quantize(Decimal("0.1")),
                    "a": len(adopted),
                    "s": len(submitted),
                    "b": (dec(rule["below"]) * 100).normalize(),
                    "m": self._money(points),
                }
                lines.append(self._line(info, rule["key"], points, text))
        return lines

    def _limits(self, info: UnitInfo, lines: list[Line]) -> list[Line]:
        added: list[Line] = []
        for limit in self.spec.get("limits", []):
            keys = set(limit["keys"])
            current = sum((ln.points for ln in [*lines, *added] if ln.rule_key in keys), ZERO)
            if "min" in limit and current < dec(limit["min"]):
                bound, adjust = dec(limit["min"]), dec(limit["min"]) - current
                text = _("扣分以%(b)s为限（原合计%(c)s），调整%(a)s")
            elif "max" in limit and current > dec(limit["max"]):
                bound, adjust = dec(limit["max"]), dec(limit["max"]) - current
                text = _("封顶%(b)s（原合计%(c)s），调整%(a)s")
            else:
                continue
            text = text % {
                "b": format(bound.normalize(), "f"),
                "c": format(current.normalize(), "f"),
                "a": self._money(adjust),
            }
            if limit.get("label"):
                text = f"{limit['label']}：{text}"
            added.append(self._line(info, limit["key"], adjust, text))
        return added

    def _count(self, facts: list[ScoringFact], kind: str) -> int:
        return sum(1 for f in facts if f.kind == kind)

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

    def _flags(self, result: UnitResult, facts: list[ScoringFact]) -> None:
        if "pass_mark" in self.spec:
            result.below_pass = result.total < dec(self.spec["pass_mark"])
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

    def _fact_line(self, info: UnitInfo, fact: ScoringFact) -> Line | None:
        if fact.kind == "adoption":
            return self._adoption(info, fact)
        if fact.kind == "instruction":
            return self._instruction(info, fact)
        rule = self._events.get(fact.kind)
        if rule is None:
            return None
        points = dec(rule["points"])
        what = rule.get("label") or self.labels.get(fact.kind, fact.kind)
        subject = f"《{fact.title}》" if fact.title else ""
        text = self._t_event % {"d": fact.on, "w": what, "s": subject, "a": self._money(points)}
        return self._fact_to_line(fact, rule["key"], points, text)

    def _fact_to_line(self, fact: ScoringFact, key: str, points: Decimal, text: str) -> Line:
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

    def _split(self, points: Decimal, fact: ScoringFact) -> tuple[Decimal, str]:
        """Joint items (合报): split equally (rounded down to the cent, never creating points) or in full."""
        n = int(fact.attrs.get("joint_units") or 1)
        if n <= 1 or self.spec.get("joint", "split") == "full":
            return points, ""
        share = (points / n).quantize(CENT, rounding=ROUND_DOWN)
        return share, self._t_joint % {"n": n}

    def _adoption_rule(self, attrs: Mapping[str, Any]) -> tuple[dict[str, Any] | None, Decimal, str]:
        """The first matching rule, its points after multipliers, and the multipliers' note (memoised:
        a year has many adoptions and few distinct attribute combinations)."""
        key = tuple(attrs.get(name) for name in _MATCH_ATTRS)
        if key not in self._memo:
            rule = _first(self.spec.get("adoptions", []), lambda r: matches(r.get("match", {}), attrs))
            points, notes = (dec(rule["points"]) if rule else ZERO), []
            for mult in self.spec.get("multipliers", []) if rule else []:
                if matches(mult["when"], attrs):
                    points *= dec(mult["factor"])
                    notes.append(
                        _("×%(f)s（%(l)s）") % {"f": dec(mult["factor"]).normalize(), "l": mult.get("label", "")}
                    )
            self._memo[key] = (rule, points, "".join(notes))
        return self._memo[key]

    def _adoption(self, info: UnitInfo, fact: ScoringFact) -> Line | None:
        attrs = fact.attrs
        rule, points, notes = self._adoption_rule(attrs)
        if rule is None:
            return None
        points, joint_note = self._split(points, fact)
        where = f"{attrs.get('adopter', '')}{attrs.get('publication', '')}{attrs.get('issue_label', '')}"
        kind = self._t_kinds["combined" if attrs.get("kind") == "combined" else "single"]
        label = f"（{rule['label']}）" if rule.get("label") else ""
        text = self._t_adoption % {
            "w": where,
            "k": kind,
            "t": fact.title,
            "l": label,
            "n": notes,
            "j": joint_note,
            "a": self._money(points),
        }
        return self._fact_to_line(fact, rule["key"], points, text)

    def _instruction(self, info: UnitInfo, fact: ScoringFact) -> Line | None:
        attrs = fact.attrs
        rule = _first(self.spec.get("instructions", []), lambda r: _instruction_matches(r.get("match", {}), attrs))
        if rule is None:
            return None
        points, joint_note = self._split(dec(rule["points"]), fact)
        who = attrs.get("leader_post") or LEVEL_LABELS.get(attrs.get("leader_level", ""), "")
        text = self._t_instruction % {
            "t": fact.title,
            "n": attrs.get("leader_name", ""),
            "w": who,
            "j": joint_note,
            "a": self._money(points),
        }
        return self._fact_to_line(fact, rule["key"], points, text)
