"""Example C (稿酬, counted in yuan, monthly), worked by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal

from xinbao.instructions.actions import record_instruction
from xinbao.scoring import actions, queries

from .factories import adopt, example, make_item, rule_set

D = datetime.date
MARCH = (D(2026, 3, 1), D(2026, 3, 31))
YEAR = (D(2026, 1, 1), D(2026, 12, 31))


def test_fees_in_yuan_doubled_by_an_instruction_and_awards(city, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    rs = rule_set(city.county_hub, city.channels["party"], example("cppcc_fees.yaml"), D(2026, 1, 1))
    officer = city.officer
    p = make_item(city.township, officer, D(2026, 3, 2), title="社情民意一", category="opinion")
    q = make_item(city.township, officer, D(2026, 3, 3), title="社情民意二", category="opinion")
    r = make_item(city.township, officer, D(2026, 3, 4), title="社情民意三", category="opinion")
    make_item(city.township, officer, D(2026, 4, 5), title="社情民意四", category="opinion")
    make_item(city.township, officer, D(2026, 5, 6), title="社情民意五", category="opinion")
    with django_capture_on_commit_callbacks(execute=True):  # events are scored after commit
        adopt(p, D(2026, 3, 10), "county", adopter=city.county_hub)
        adopt(q, D(2026, 3, 11), "city", adopter_name="市政协办公室")
        adopt(r, D(2026, 3, 12), "central", adopter_name="全国政协办公厅", external=True)
        # The instruction comes after the adoption: its task rescores the March fee of q too.
        record_instruction(
            None,
            item=q,
            text="请有关部门研究。",
            leader_name="市领导",
            leader_level="city",
            instructed_on=D(2026, 4, 2),
        )
        # officer2 submits 5 opinions in the year but only 2 are adopted (not enough for 优秀信息员).
        o2 = [make_item(city.township2, city.officer2, D(2026, 6, d), category="opinion") for d in range(1, 6)]
        adopt(o2[0], D(2026, 6, 10), "county", adopter=city.county_hub)
        adopt(o2[1], D(2026, 6, 11), "county", adopter=city.county_hub)

    # March, 城关镇: p county 30 + q city 100 x 2 (批示) + r national 300 = 530 元;
    # the monthly opinion quota is met (3 >= 1) and pays nothing.
    # 新华镇 submitted nothing in March: quota missed, 0 元.
    march = {row.name: row.total for row in queries.unit_ranking(rs, *MARCH)}
    assert march == {"清河城关镇": Decimal("530"), "清河新华镇": Decimal("0")}
    ledger = [e.explanation for e in queries.unit_entries(rs, city.township, *MARCH)]
    assert any("×2（获领导批示稿酬加倍）" in t and t.endswith("+200元") for t in ledger)
    # Live scoring touches only units with events; the period's recompute (done at period end before the
    # notice, or by the hub) also books period rules for silent units.
    actions.recompute(city.county_editor, rs, *MARCH)
    assert {row.name: row.total for row in queries.unit_ranking(rs, *MARCH)} == march
    missed = [e.explanation for e in queries.unit_entries(rs, city.township2, *MARCH)]
    assert missed == ["每月社情民意信息：2026年3月报送信息0条，任务1条，未完成，差1条，0元"]

    # The year: 城关镇 530; 新华镇 30 + 30 = 60 元 (June).
    year = {row.name: row.total for row in queries.unit_ranking(rs, *YEAR)}
    assert year == {"清河城关镇": Decimal("530"), "清河新华镇": Decimal("60")}
    # 优秀信息员 needs >= 5 submitted and >= 3 adopted in the year:
    # officer 5 submitted, 3 adopted → eligible; officer2 5 submitted, 2 adopted → not.
    writers = {w.person_id: w for w in queries.writer_ranking(rs, *YEAR)}
    assert (writers[officer.pk].submitted, writers[officer.pk].adopted, writers[officer.pk].awards) == (
        5,
        3,
        ["优秀信息员"],
    )
    assert (writers[city.officer2.pk].submitted, writers[city.officer2.pk].adopted) == (5, 2)
    assert writers[city.officer2.pk].awards == []
