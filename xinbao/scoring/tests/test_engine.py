"""Engine rules not covered by the example sets: caps, zeroing, disqualification, periods, ranks."""

from __future__ import annotations

import datetime
from decimal import Decimal

from xinbao.scoring.engine import Engine, UnitInfo
from xinbao.scoring.periods import containing, parse
from xinbao.scoring.queries import competition_ranks
from xinbao.scoring.sources import ScoringFact

D = datetime.date


def _fact(fact_kind: str, unit: int, day: D, n: int, **attrs):  # type: ignore[no-untyped-def]
    return ScoringFact(fact_kind, unit, day, "test", n, item_id=n, title=f"信息{n}", attrs=attrs)


def test_monthly_cap_and_two_missed_commissions_zero_the_year():  # type: ignore[no-untyped-def]
    spec = {
        "name": "t",
        "period": "year",
        "base": "8",
        "quotas": [{"key": "q", "count": "submitted", "target": 2, "met": "2", "per_extra": "1"}],
        "adoptions": [{"key": "a", "points": "10", "match": {}}],
        "events": [{"key": "c", "fact": "commission.missed", "points": "-3"}],
        "limits": [{"key": "cap", "keys": ["base", "q"], "max": "10"}],
        "zero_if": [{"key": "zero", "fact": "commission.missed", "at_least": 2}],
        "disqualify_if": [{"key": "dq", "fact": "urgent.concealed", "at_least": 1, "label": "瞒报取消评优资格"}],
        "pass_mark": "6",
    }
    year = containing("year", D(2026, 6, 1))
    facts = [_fact("submission", 1, D(2026, 1, m), m) for m in range(1, 6)]  # 5 submitted: 2 + 3 extra
    facts += [_fact("adoption", 1, D(2026, 2, 1), 1, kind="single")]
    # Unit 1: base 8 + quota (2 + 3x1 = 5) = 13 → capped at 10 (-3); adoption +10 → 20.
    # Unit 2: same but two missed commissions (-3 each) → 20 - 6 = 14 → zeroed (-14) → 0, below pass mark 6.
    facts2 = [f.__class__(f.kind, 2, f.on, f.source_type, f.source_id, item_id=f.item_id, attrs=f.attrs) for f in facts]
    facts2 += [_fact("commission.missed", 2, D(2026, 3, 1), 90), _fact("commission.missed", 2, D(2026, 4, 1), 91)]
    facts2 += [_fact("urgent.concealed", 2, D(2026, 5, 1), 92)]
    one, two = Engine(spec, year).compute([UnitInfo(1, None), UnitInfo(2, None)], facts + facts2)
    assert [(ln.rule_key, ln.points) for ln in one.lines] == [
        ("base", Decimal("8")),
        ("q", Decimal("5")),
        ("a", Decimal("10")),
        ("cap", Decimal("-3")),
    ]
    assert one.total == Decimal("20") and not one.below_pass and one.disqualified == []
    zero, flag = two.lines[-2:]
    assert (zero.rule_key, zero.points, flag.rule_key, flag.points) == ("zero", Decimal("-14"), "dq", Decimal(0))
    assert two.total == 0 and two.below_pass and two.disqualified == ["瞒报取消评优资格"]
    assert "未完成约稿2次（达到2次），得分归零，-14分" in zero.explanation
    assert flag.explanation == "取消评优资格：瞒报取消评优资格（紧急信息瞒报1次）"


def test_competition_ranking_and_period_codes():  # type: ignore[no-untyped-def]
    assert competition_ranks([Decimal(9), Decimal(9), Decimal(7), Decimal(5), Decimal(5)]) == [1, 1, 3, 4, 4]
    assert parse("2026Q2") == containing("quarter", D(2026, 5, 5))
    assert parse("2026-02").end == D(2026, 2, 28)
    assert parse("2026W01").start == D(2025, 12, 29)
    assert parse("2026-01-05..2026-01-20").label == "2026-01-05—2026-01-20"
    assert parse("2026Q5") is None and parse("2026-13") is None
