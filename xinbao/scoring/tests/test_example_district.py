"""Example B (district bureau, quarterly, base 6, deductions floored at 0, pass mark 6), worked by hand."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal

import pytest

from xinbao.instructions.actions import record_instruction
from xinbao.scoring import actions, queries
from xinbao.scoring.sources import ScoringFact, register_source, unregister_source

from .factories import adopt, example, make_item, make_items, rule_set

D = datetime.date
Q1 = (D(2026, 1, 1), D(2026, 3, 31))
Q2 = (D(2026, 4, 1), D(2026, 6, 30))


@pytest.fixture
def lapses(city) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Stand-in for the urgent/commissions apps: 城关镇 in Q2 was late 4 times, had 1 error reported
    by a superior and completed 1 commission (the real apps register the same kind of source)."""
    township = city.township.pk
    facts = (
        [ScoringFact("urgent.late", township, D(2026, 4, 10 + i), "urgent.report", 100 + i) for i in range(4)]
        + [ScoringFact("error.reported", township, D(2026, 5, 6), "errors.report", 200)]
        + [ScoringFact("commission.completed", township, D(2026, 5, 9), "commissions.response", 300)]
    )

    def source(unit_ids, start, end):  # type: ignore[no-untyped-def]
        return [f for f in facts if f.unit_id in unit_ids and start <= f.on <= end]

    register_source("test_lapses", source, {})
    yield
    unregister_source("test_lapses")


@pytest.fixture
def scenario(city, lapses, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    rs = rule_set(city.county_hub, city.channels["party"], example("district_quarterly.yaml"), D(2026, 1, 1))
    t1, t2 = city.township, city.township2
    # Q1, 城关镇: submits 2 (quota 3), one of them a research report adopted at district (county) level.
    research = make_item(t1, city.officer, D(2026, 1, 10), title="科室调研", category="research")
    make_item(t1, city.officer, D(2026, 2, 10), title="科室动态")
    with django_capture_on_commit_callbacks(execute=True):  # events are scored after commit
        adopt(research, D(2026, 2, 1), "county", adopter=city.county_hub)
        # Q1, 新华镇: submits 5, one news item adopted at district level and instructed by a city leader.
        news = make_item(t2, city.officer2, D(2026, 1, 11), title="新华动态")
        make_items(t2, city.officer2, D(2026, 1, 12), 4)
        adopt(news, D(2026, 2, 2), "county", adopter=city.county_hub)
        record_instruction(
            None, item=news, text="阅。", leader_name="市领导", leader_level="city", instructed_on=D(2026, 3, 2)
        )
    return rs


def test_first_quarter(scenario, city):  # type: ignore[no-untyped-def]
    # 城关镇: base 6; 2 of 3 submitted: -1; adoption rate 1/2 = 50% (not below 30%);
    #         research report adopted at district level +20            → 6 - 1 + 20 = 25
    # 新华镇: base 6; 5 >= 3 submitted: 0; rate 1/5 = 20% < 30%: -1;
    #         news adopted at district level +10; city leader instruction +20 → 6 - 1 + 10 + 20 = 35
    rows = queries.unit_ranking(scenario, *Q1)
    assert [(r.rank, r.name, r.total, r.below_pass) for r in rows] == [
        (1, "清河新华镇", Decimal("35"), False),
        (2, "清河城关镇", Decimal("25"), False),
    ]
    # The line says the threshold as written ("低于30%"), never "低于3E+1%".
    (low,) = [e for e in queries.unit_entries(scenario, city.township2, *Q1) if e.rule_key == "low_rate"]
    assert "低于30%" in low.explanation


def test_second_quarter_floor_and_pass_mark(scenario, city):  # type: ignore[no-untyped-def]
    actions.recompute(city.county_editor, scenario, *Q2)
    # 城关镇: base 6; nothing submitted: 0 of 3 → -3; 4 late reports → -4; 1 error → -2;
    #         rate 0% → -1. Base + deductions = 6-3-4-2-1 = -4 → floor adds +4 → 0.
    #         Commission completed +2 (a bonus, outside the floor) → total 2 < 6: 不达标.
    # 新华镇: base 6; 0 of 3 → -3; rate 0% → -1 → 2 (floor not reached); 2 < 6: 不达标.
    # Equal totals share the rank: 1, 1.
    rows = queries.unit_ranking(scenario, *Q2)
    assert sorted((r.rank, r.name, r.total, r.below_pass) for r in rows) == [
        (1, "清河城关镇", Decimal("2"), True),
        (1, "清河新华镇", Decimal("2"), True),
    ]
    floor = [e for e in queries.unit_entries(scenario, city.township, *Q2) if e.rule_key == "floor"]
    assert [(e.points, e.explanation) for e in floor] == [
        (Decimal("4"), "扣分以基础分为限：扣分以0为限（原合计-4），调整+4分")
    ]


def test_half_year_ranking_is_the_sum_of_quarters(scenario, city):  # type: ignore[no-untyped-def]
    actions.recompute(city.county_editor, scenario, D(2026, 1, 1), D(2026, 6, 30))
    # 城关镇 25 + 2 = 27; 新华镇 35 + 2 = 37
    rows = queries.unit_ranking(scenario, D(2026, 1, 1), D(2026, 6, 30))
    assert [(r.name, r.total) for r in rows] == [("清河新华镇", Decimal("37")), ("清河城关镇", Decimal("27"))]


def test_loss_of_award_eligibility_is_a_flag_in_the_ranking(city, lapses):  # type: ignore[no-untyped-def]
    # The same rules plus "4 or more late reports in a quarter: 取消评优资格" (a flag, no points).
    text = example("district_quarterly.yaml") + (
        "disqualify_if:\n  - {key: dq_late, fact: urgent.late, at_least: 4, label: 季度迟报4次及以上}\n"
    )
    rs = rule_set(city.county_hub, city.channels["party"], text, D(2026, 1, 1))
    actions.recompute(city.county_editor, rs, *Q2)
    flags = {r.name: r.extra["disqualified"] for r in queries.unit_ranking(rs, *Q2)}
    assert flags == {"清河城关镇": True, "清河新华镇": False}
    # Totals unchanged by the flag: 城关镇 still 2 (see test_second_quarter_floor_and_pass_mark).
    assert {r.name: r.total for r in queries.unit_ranking(rs, *Q2)}["清河城关镇"] == Decimal("2")


def test_quotas_and_rankings_per_assessment_class(city):  # type: ignore[no-untyped-def]
    from xinbao.orgs.models import AssessmentClass

    first = AssessmentClass.objects.create(name="一类", order=1)
    second = AssessmentClass.objects.create(name="二类", order=2)
    city.township.assessment_class = first
    city.township.save()
    city.township2.assessment_class = second
    city.township2.save()
    text = example("district_quarterly.yaml").replace("    target: 3\n", "    targets: {一类: 3, 二类: 1}\n")
    rs = rule_set(city.county_hub, city.channels["party"], text, D(2026, 1, 1))
    make_item(city.township, city.officer, D(2026, 1, 10))
    make_item(city.township2, city.officer2, D(2026, 1, 10))
    actions.recompute(city.county_editor, rs, *Q1)
    # 城关镇 (一类, quota 3): base 6, 1 of 3 → -2, rate 0% → -1 = 3.
    # 新华镇 (二类, quota 1): base 6, 1 of 1 → 0, rate 0% → -1 = 5.
    groups = queries.rankings_by_class(rs, *Q1)
    assert {k: [(r.rank, r.name, r.total) for r in rows] for k, rows in groups.items()} == {
        "一类": [(1, "清河城关镇", Decimal("3"))],
        "二类": [(1, "清河新华镇", Decimal("5"))],
    }
