"""落实反馈 late (instruction.feedback_late) or not sent (instruction.feedback_missing), scored by rules
and worked by hand with frozen time: a deadline that has not passed decides nothing; a late report
replaces the missing fact, so one assignment is never punished twice."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine

from xinbao.instructions import actions as instruction_actions
from xinbao.instructions.facts import feedback_fact_rows
from xinbao.items.testing import make_submitted_item
from xinbao.scoring import actions, queries

from .factories import rule_set

D = datetime.date
TZ = ZoneInfo("Asia/Shanghai")
MARCH = (D(2026, 3, 1), D(2026, 3, 31))
RULES = """name: 批示落实反馈
period: month
events:
  - {key: late, label: 落实反馈迟报, fact: instruction.feedback_late, points: -1}
  - {key: missing, label: 落实反馈未报, fact: instruction.feedback_missing, points: -2}
"""


def at(day: int) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, 10, 0, tzinfo=TZ)


def _assigned(city, title: str, due: datetime.date):  # type: ignore[no-untyped-def]
    sub = make_submitted_item(city, title=title)
    ins = instruction_actions.record_instruction(
        city.county_editor,
        text="请抓紧落实。",
        item=sub.item,
        leader_name="王县长",
        leader_level="county",
        kind="action",
    )
    return instruction_actions.assign(city.county_editor, ins, [city.township, city.township2], due_on=due)


def test_late_and_missing_feedback_score_once_each(city):
    units = [city.township.pk, city.township2.pk]
    with time_machine.travel(at(2), tick=False):
        rs = rule_set(city.county_hub, city.channels["party"], RULES, D(2026, 1, 1))
        on_time, silent = _assigned(city, "城关镇山塘隐患", D(2026, 3, 10))
        second_town, second_silent = _assigned(city, "城关镇渡口安全", D(2026, 3, 11))
    with time_machine.travel(at(9), tick=False):
        instruction_actions.report(city.officer, on_time, "已全部整改。")  # before the deadline: no fact
        # No deadline has passed yet: nothing is decided.
        assert list(feedback_fact_rows(units, *MARCH)) == []
    with time_machine.travel(at(12), tick=False):
        instruction_actions.report(city.officer, second_town, "渡口已加装护栏。")  # 3-12, one day late
    with time_machine.travel(at(20), tick=False):
        actions.recompute(city.county_editor, rs, *MARCH)
        facts = sorted((f["unit_id"], f["kind"], f["on"]) for f in feedback_fact_rows(units, *MARCH))
        assert facts == sorted(
            [
                (city.township.pk, "instruction.feedback_late", D(2026, 3, 12)),
                (city.township2.pk, "instruction.feedback_missing", D(2026, 3, 10)),
                (city.township2.pk, "instruction.feedback_missing", D(2026, 3, 11)),
            ]
        )
        # 城关镇: one late report −1. 新华镇: two assignments with nothing reported, −2 each = −4.
        totals = {row.unit_id: row.total for row in queries.unit_ranking(rs, *MARCH)}
        assert (totals[city.township.pk], totals[city.township2.pk]) == (Decimal(-1), Decimal(-4))
        # 新华镇 reports the first one late (3-20): its missing fact becomes a late one, never both.
        instruction_actions.report(city.officer2, silent, "已整改。")
        actions.recompute(city.county_editor, rs, *MARCH)
        totals = {row.unit_id: row.total for row in queries.unit_ranking(rs, *MARCH)}
        assert totals[city.township2.pk] == Decimal(-1 - 2)
    assert second_silent.unit_id == city.township2.pk
