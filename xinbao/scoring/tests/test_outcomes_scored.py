"""原稿转送/交办 (item.referred) and 差错通报 (error.reported) scored by rules, worked by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal

import time_machine

from xinbao.items import actions as item_actions
from xinbao.items.models import OutcomeKind
from xinbao.items.testing import make_submitted_item
from xinbao.scoring import actions, queries

from .factories import rule_set

D = datetime.date
YEAR = (D(2026, 1, 1), D(2026, 12, 31))
RULES = """name: 转送与差错
period: year
events:
  - {key: referred, label: 原稿转送有关部门, fact: item.referred, points: 3}
  - {key: error, label: 上级通报差错, fact: error.reported, points: -5}
"""


@time_machine.travel(datetime.datetime(2026, 6, 30, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_referrals_and_errors_score_and_a_withdrawn_record_does_not(city):
    rs = rule_set(city.county_hub, city.channels["party"], RULES, D(2026, 1, 1))
    sub = make_submitted_item(city, title="城关镇河道清淤进度滞后")
    other = make_submitted_item(city, title="城关镇秋粮收购")
    record = item_actions.record_outcome
    record(city.county_editor, sub, kind=OutcomeKind.REFERRED, on=D(2026, 6, 1), counterpart="县水利局")
    record(city.county_editor, other, kind=OutcomeKind.ERROR, on=D(2026, 6, 2), counterpart="市委办", detail="数据错")
    wrong = record(city.county_editor, sub, kind=OutcomeKind.ERROR, on=D(2026, 6, 3), counterpart="市委办", detail="x")
    item_actions.withdraw_outcome(city.county_editor, wrong, "登记错了")
    actions.recompute(city.county_editor, rs, *YEAR)
    # 城关镇: one referral +3; one error −5; the withdrawn error does not count → 3 − 5 = −2.
    lines = sorted((e.rule_key, e.points) for e in queries.unit_entries(rs, city.township, *YEAR))
    assert lines == [("error", Decimal(-5)), ("referred", Decimal(3))]
    (row,) = [r for r in queries.unit_ranking(rs, *YEAR) if r.unit_id == city.township.pk]
    assert row.total == Decimal(-2)
