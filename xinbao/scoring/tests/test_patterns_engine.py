"""Patterns of issues 13 and 15 worked by hand on the engine alone (no database beyond the fixture):
sub-periods, points targets and pass marks per class, once per item and bonuses, count variants."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from xinbao.scoring.engine import Engine, Line, UnitInfo
from xinbao.scoring.periods import containing
from xinbao.scoring.rules import Context, compile_rules
from xinbao.scoring.sources import ScoringFact, fact_kinds

from .factories import example

D = datetime.date
YEAR = containing("year", D(2026, 6, 1))
BODIES = {"中共中央办公厅": "中共中央办公厅", "中办": "中共中央办公厅", "江南省委办公厅": "江南省委办公厅"}


def _spec(name: str) -> dict[str, Any]:
    ctx = Context(classes={"一类", "二类"}, periodicals=set(), fact_kinds=set(fact_kinds()), bodies=dict(BODIES))
    spec = compile_rules(example(name), ctx)
    assert ctx.warnings == []
    return spec


class Facts:
    """Facts with numbered sources (an item is numbered, its adoptions get their own numbers)."""

    def __init__(self, unit: int) -> None:
        self.unit, self.facts, self.n = unit, [], 1000 * unit

    def add(self, fact_kind: str, day: D, item: int, /, **attrs: Any) -> None:
        self.n += 1
        self.facts.append(
            ScoringFact(fact_kind, self.unit, day, "test", self.n, item_id=item, title=f"信息{item}", attrs=attrs)
        )


def _by_key(lines: list[Line]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for line in lines:
        totals[line.rule_key] = totals.get(line.rule_key, Decimal(0)) + line.points
    return totals


def test_monthly_and_quarterly_tasks_inside_a_year_with_caps_per_month_and_per_year():  # type: ignore[no-untyped-def]
    spec = _spec("monthly_in_year.yaml")
    one = Facts(1)  # 一类: 3 a month for the monthly base
    item = 0
    for month in range(1, 13):
        for day in range(1, 6):  # 5 a month
            item += 1
            research = (month, day) in {(1, 1), (7, 1), (8, 1)}  # Q1 one, Q3 two, Q2 and Q4 none
            one.add("submission", D(2026, month, day), item, category="research" if research else "news")
    for day in range(1, 6):  # 5 county adoptions in March = 25 → capped to 20
        one.add("adoption", D(2026, 3, 10 + day), day, level="county", kind="single")
    one.add("adoption", D(2026, 4, 2), 6, level="county", kind="single")
    one.add("adoption", D(2026, 4, 3), 7, level="county", kind="single")
    one.add("adoption", D(2026, 5, 2), 8, level="city", kind="single")
    two = Facts(2)  # 二类: 2 a month
    two.add("submission", D(2026, 1, 3), 1, category="research")
    two.add("submission", D(2026, 1, 4), 2, category="news")
    two.add("submission", D(2026, 2, 4), 3, category="news")
    two.add("adoption", D(2026, 1, 20), 1, level="county", kind="single")

    first, second = Engine(spec, YEAR).compute([UnitInfo(1, "一类"), UnitInfo(2, "二类")], one.facts + two.facts)

    # 一类: each month 5 ≥ 3 → 10 + 2 × 1 extra = 12, × 12 months = 144, capped for the year at 120 (-24);
    # research: Q2 and Q4 have none → -2 each = -4; year 60 ≥ 30 → 0;
    # county adoptions: March 5 × 5 = 25 capped per month at 20 (-5), April 2 × 5 = 10; city +10.
    # 144 - 24 - 4 + 0 + 25 - 5 + 10 + 10 = 156 ≥ 100 (一类 pass mark).
    assert _by_key(first.lines) == {
        "monthly_base": Decimal(144),
        "quarterly_research": Decimal(-4),
        "year_total": Decimal(0),
        "county": Decimal(35),
        "upper": Decimal(10),
        "monthly_cap": Decimal(-5),
        "base_cap": Decimal(-24),
    }
    assert first.total == Decimal(156) and not first.below_pass
    march_cap = next(ln for ln in first.lines if ln.rule_key == "monthly_cap")
    assert march_cap.on == D(2026, 3, 31)
    assert march_cap.explanation == "每月县委办采用分最多20分：2026年3月封顶20（原合计25），调整-5分"
    q2 = [ln for ln in first.lines if ln.rule_key == "quarterly_research"][1]
    assert (q2.on, q2.explanation) == (
        D(2026, 6, 30),
        "每季度调研报告：2026年第2季度报送信息0条，任务1条，未完成，差1条，-2分",
    )
    assert len([ln for ln in first.lines if ln.rule_key == "monthly_base"]) == 12

    # 二类: January 2 ≥ 2 → 10; February 1 < 2 → 0 ("差1条"); March–December 0;
    # research: Q1 has one, Q2–Q4 none → -6; year 3 < 20 → 17 × -0.5 = -8.5; county adoption +5.
    # 10 - 6 - 8.5 + 5 = 0.5 < 80 (二类 pass mark).
    assert second.total == Decimal("0.5") and second.below_pass
    feb = [ln for ln in second.lines if ln.rule_key == "monthly_base"][1]
    assert feb.explanation == "月度基础分：2026年2月报送信息1条，任务2条，未完成，差1条，0分"
    # The ledger is the sum of its lines, and a year that has not ended gets no lines for months to come.
    assert sum(ln.points for ln in second.lines) == second.total
    partial = Engine(spec, YEAR, as_of=D(2026, 3, 15)).compute([UnitInfo(2, "二类")], two.facts)[0]
    assert len([ln for ln in partial.lines if ln.rule_key == "monthly_base"]) == 3  # January–March


def test_once_per_item_bonus_and_outcomes_other_than_adoption():  # type: ignore[no-untyped-def]
    spec = _spec("once_per_item.yaml")
    u = Facts(1)
    u.add("adoption", D(2026, 3, 1), 1, level="city", kind="single", category="commission")
    u.add("adoption", D(2026, 4, 1), 1, level="province", kind="single", category="commission")
    u.add("instruction", D(2026, 5, 1), 1, leader_level="city", leader_name="甲")
    u.add("instruction", D(2026, 6, 1), 1, leader_level="city", leader_name="乙")
    u.add("instruction", D(2026, 6, 2), 1, leader_level="county", leader_name="丙")
    u.add("adoption", D(2026, 3, 2), 2, level="city", kind="single", category="news")
    u.add("item.forwarded", D(2026, 3, 3), 2, category="news")
    u.add("item.referred", D(2026, 3, 4), 3, category="problem")
    facts = sorted(u.facts, key=lambda f: f.on)  # as sources.collect orders them
    (result,) = Engine(spec, YEAR).compute([UnitInfo(1, None)], facts)
    # Item 1 (约稿): city 10 + bonus 10; province 20 + bonus again → 0 (once per item);
    # 批示: city 20, second city 批示 → 0 (once per item), county 10.
    # Item 2: city 10, forwarded upward +2. Item 3 referred to a department +1.
    # 10 + 10 + 20 + 0 + 20 + 0 + 10 + 10 + 2 + 1 = 83.
    assert [(ln.rule_key, ln.points) for ln in result.lines] == [
        ("city", Decimal(10)),
        ("commission_up", Decimal(10)),
        ("city", Decimal(10)),
        ("forwarded", Decimal(2)),
        ("referred", Decimal(1)),
        ("province", Decimal(20)),
        ("commission_up", Decimal(0)),
        ("city_leader", Decimal(20)),
        ("city_leader", Decimal(0)),
        ("county_leader", Decimal(10)),
    ]
    assert result.total == Decimal(83)
    assert result.lines[6].explanation.endswith("+10分（同一信息本项只计一次，不再计分）")


def test_points_targets_pass_marks_per_class_and_count_variants():  # type: ignore[no-untyped-def]
    spec = _spec("counts_and_targets.yaml")
    one = Facts(1)  # 一类
    for item in range(1, 6):
        one.add("submission", D(2026, 2, item), item, category="news", adopted=item <= 3)
    one.add("adoption", D(2026, 3, 1), 1, level="province", adopter="江南省委办公厅", kind="single")
    one.add("adoption", D(2026, 3, 2), 2, level="city", adopter="市委办公室", kind="single")
    one.add("adoption", D(2026, 3, 3), 3, level="city", adopter="市委办公室", kind="single")
    one.add("error.reported", D(2026, 4, 1), 5)
    two = Facts(2)  # 二类
    for item in range(1, 4):
        two.add("submission", D(2026, 2, item), item, category="news", adopted=True)
        two.add("adoption", D(2026, 3, item), item, level="city", adopter="市委办公室", kind="single")

    first, second = Engine(spec, YEAR).compute([UnitInfo(1, "一类"), UnitInfo(2, "二类")], one.facts + two.facts)
    # 一类: 5 submitted × 1 = 5 (no task, so no "任务0条"); never adopted: items 4, 5 minus item 5 (error
    # reported) = 1 × 0.5; adopted by 江南省委办公厅 1 ≥ 1 → 0; adoptions 3 × 30 = 90 < 100 → -5.
    # 5 + 0.5 + 0 + 90 - 5 = 90.5 < 100 → below the 一类 pass mark.
    assert _by_key(first.lines) == {
        "per_item": Decimal(5),
        "never_adopted": Decimal("0.5"),
        "by_province": Decimal(0),
        "adopted": Decimal(90),
        "quality": Decimal(-5),
    }
    assert first.total == Decimal("90.5") and first.below_pass
    texts = [ln.explanation for ln in first.lines]
    assert "报送信息：2026年报送信息5条，+5分" in texts
    assert "年度质量分：2026年得分90分，任务100分，未完成，差10分，-5分" in texts
    assert not any("任务0条" in t for t in texts)
    # 二类: 3 × 1 = 3; never adopted 0 → no line; 江南省委办公厅 0 < 1 → -3; 90 ≥ 80 → 0.
    # 3 - 3 + 90 = 90 ≥ 80 → passes the 二类 mark.
    assert second.total == Decimal(90) and not second.below_pass
    assert "never_adopted" not in _by_key(second.lines)


def test_series_and_periodical_ids_in_match():  # type: ignore[no-untyped-def]
    spec = {
        "name": "t",
        "period": "year",
        "adoptions": [
            {"key": "supplement", "match": {"series": ["supplement"], "periodical_ids": [7]}, "points": "3"},
            {"key": "regular", "match": {"periodical_ids": [7]}, "points": "5"},
        ],
    }
    u = Facts(1)
    u.add("adoption", D(2026, 3, 1), 1, periodical_id=7, series="regular", kind="single")
    u.add("adoption", D(2026, 3, 2), 2, periodical_id=7, series="supplement", kind="single")
    u.add("adoption", D(2026, 3, 3), 3, periodical_id=8, series="regular", kind="single", publication="《要情》")
    (result,) = Engine(spec, YEAR).compute([UnitInfo(1, None)], u.facts)
    # 正刊 of periodical 7: 5; 增刊 of periodical 7: 3; periodical 8: no rule. 5 + 3 = 8.
    assert [(ln.rule_key, ln.points) for ln in result.lines] == [("regular", Decimal(5)), ("supplement", Decimal(3))]


def test_instruction_rules_can_require_the_offices_own_publication_and_a_writer_attribute():  # type: ignore[no-untyped-def]
    spec = {
        "name": "t",
        "period": "year",
        "instructions": [
            {"key": "own", "match": {"levels": ["city"], "publications": ["《要情》"]}, "points": "20"},
            {"key": "member", "match": {"writer_attributes": ["全国政协委员"]}, "points": "15"},
            {"key": "other", "match": {"levels": ["city"]}, "points": "5"},
        ],
    }
    u = Facts(1)
    u.add("instruction", D(2026, 3, 1), 1, leader_level="city", publications=["《要情》", "《快报》"])
    u.add("instruction", D(2026, 3, 2), 2, leader_level="city", publications=["《快报》"])
    u.add("instruction", D(2026, 3, 3), 3, leader_level="county", writer_attributes=["全国政协委员"])
    (result,) = Engine(spec, YEAR).compute([UnitInfo(1, None)], u.facts)
    # Item 1 was in 《要情》: 20; item 2 only in 《快报》: 5; item 3 by a 全国政协委员 (county leader): 15.
    assert [(ln.rule_key, ln.points) for ln in result.lines] == [
        ("own", Decimal(20)),
        ("other", Decimal(5)),
        ("member", Decimal(15)),
    ]
