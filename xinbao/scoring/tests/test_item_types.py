"""Issue 15, pattern 11: 信息类型 (picture items, leaders' speeches, work summaries) in rules, worked by hand
through the real sources: the writer's chosen type reaches adoptions, 批示, submissions and quotas."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from xinbao.instructions.actions import record_instruction
from xinbao.scoring import queries
from xinbao.scoring.rules import Context, RuleSetInvalid, compile_rules
from xinbao.scoring.sources import fact_kinds

from .factories import adopt, example, make_item, rule_set

D = datetime.date
MARCH = (D(2026, 3, 1), D(2026, 3, 31))


def test_item_types_pay_pictures_apart_and_leave_speeches_and_summaries_out(  # type: ignore[no-untyped-def]
    city, django_capture_on_commit_callbacks
):
    rs = rule_set(city.county_hub, city.channels["party"], example("item_types.yaml"), D(2026, 1, 1))
    t1, t2 = city.township, city.township2
    with django_capture_on_commit_callbacks(execute=True):  # scored after commit
        words = make_item(t1, city.officer, D(2026, 3, 2), title="春耕动态")
        photo = make_item(t1, city.officer, D(2026, 3, 3), title="春耕图片", item_type="picture")
        speech = make_item(t1, city.officer, D(2026, 3, 4), title="书记讲话", item_type="speech")
        plan = make_item(t2, city.officer2, D(2026, 3, 5), title="全年工作计划", item_type="summary")
        make_item(t2, city.officer2, D(2026, 3, 6), title="新华镇动态")
        adopt(words, D(2026, 3, 10), "city")
        adopt(photo, D(2026, 3, 11), "city")
        adopt(speech, D(2026, 3, 12), "city")  # a speech adopted all the same: no rule pays it
        adopt(plan, D(2026, 3, 13), "city")
        for item in (photo, speech, words):
            record_instruction(
                None, item=item, text="阅。", leader_name="张市长", leader_level="city", instructed_on=D(2026, 3, 20)
            )
    # 城关镇: submitted 3, of which text + picture = 2 count → task met +5; per item 2 × 0.5 = 1;
    # adoptions: text 10 + picture 5 + speech 0 = 15; 批示 only on the text item +10.
    # 5 + 1 + 15 + 10 = 31.
    # 新华镇: summary and one text item submitted; only the text one counts → 1 of 2, -2;
    # per item 1 × 0.5 = 0.5; the summary's adoption pays nothing. -2 + 0.5 = -1.5.
    totals = {row.name: row.total for row in queries.unit_ranking(rs, *MARCH)}
    assert totals == {"清河城关镇": Decimal(31), "清河新华镇": Decimal("-1.5")}
    ledger = [e.explanation for e in queries.unit_entries(rs, t2, *MARCH)]
    # The summary is neither counted nor paid: its adoption leaves no line at all.
    assert ledger == [
        "月度报送任务：2026年3月报送信息1条，任务2条，未完成，差1条，-2分",
        "2026-03-06 报送信息《新华镇动态》，+0.5分",
    ]


def test_an_unknown_item_type_is_an_error_naming_the_choices():  # type: ignore[no-untyped-def]
    ctx = Context(classes=set(), periodicals=set(), fact_kinds=set(fact_kinds()), bodies={})
    text = "name: 例\nperiod: month\nadoptions:\n  - {key: a, match: {item_types: [photo]}, points: 1}\n"
    with pytest.raises(RuleSetInvalid) as refused:
        compile_rules(text, ctx)
    assert "未知的信息类型“photo”（可用：text、picture、speech、summary）" in str(refused.value)
