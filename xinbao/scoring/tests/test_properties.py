"""Properties of the ledger, checked on generated data (hypothesis)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xinbao.scoring import actions, queries
from xinbao.scoring.engine import Engine, UnitInfo
from xinbao.scoring.models import ScoreEntry
from xinbao.scoring.periods import containing
from xinbao.scoring.sources import ScoringFact

from .factories import adopt, example, make_item, rule_set

D = datetime.date
YEAR = (D(2026, 1, 1), D(2026, 12, 31))

adoption_plan = st.lists(
    st.tuples(
        st.sampled_from(["township", "township2"]),  # writing unit
        st.booleans(),  # joint with the other township
        st.sampled_from(["county", "city", "province", "central"]),
        st.integers(min_value=1, max_value=360),  # day of year
        st.sampled_from(["news", "research", "opinion"]),
    ),
    max_size=6,
)
CHECKS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _build(city, plan):  # type: ignore[no-untyped-def]
    rs = rule_set(city.county_hub, city.channels["party"], example("district_quarterly.yaml"), D(2026, 1, 1))
    for unit_key, joint, level, day_no, category in plan:
        day = D(2026, 1, 1) + datetime.timedelta(days=day_no - 1)
        unit = getattr(city, unit_key)
        other = city.township2 if unit_key == "township" else city.township
        item = make_item(unit, city.officer, day, category=category, co_units=(other,) if joint else ())
        adopt(item, day, level, adopter_name="某机关")
    return rs


def _ledger():  # type: ignore[no-untyped-def]
    return list(
        ScoreEntry.objects.order_by("period_start", "unit_id", "seq").values_list(
            "unit_id", "period_start", "seq", "rule_key", "points", "explanation", "source_id"
        )
    )


@CHECKS
@given(plan=adoption_plan)
def test_recompute_twice_gives_the_same_ledger_and_sums_match(city, plan):  # type: ignore[no-untyped-def]
    with transaction.atomic():
        rs = _build(city, plan)
        actions.recompute(None, rs, *YEAR)
        first = _ledger()
        actions.recompute(None, rs, *YEAR)
        assert _ledger() == first
        for row in queries.unit_ranking(rs, *YEAR):
            entries = ScoreEntry.objects.filter(rule_set=rs, unit_id=row.unit_id)
            assert sum((e.points for e in entries), Decimal(0)) == row.total
        transaction.set_rollback(True)


@given(
    points=st.decimals(min_value=0, max_value=500, places=2),
    units=st.integers(min_value=1, max_value=7),
)
def test_splitting_a_joint_item_never_creates_points(points, units):  # type: ignore[no-untyped-def]
    spec = {"name": "t", "period": "year", "joint": "split", "adoptions": [{"key": "a", "points": str(points)}]}
    facts = [
        ScoringFact("adoption", u, D(2026, 5, 1), "items.adoption", 1, attrs={"joint_units": units, "kind": "single"})
        for u in range(1, units + 1)
    ]
    results = Engine(spec, containing("year", D(2026, 5, 1))).compute(
        [UnitInfo(u, None) for u in range(1, units + 1)], facts
    )
    total = sum((r.total for r in results), Decimal(0))
    assert total <= points
    assert points - total < Decimal("0.01") * units  # rounding down loses less than a cent per unit
    assert len({r.total for r in results}) == 1  # equal shares
