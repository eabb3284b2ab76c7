"""Scoring fed by the real item lifecycle (draft → sign-off → hub adopts), not by test factories."""

from __future__ import annotations

import datetime
from decimal import Decimal

import time_machine

from xinbao.items import actions as item_actions
from xinbao.items.testing import make_submitted_item
from xinbao.scoring import actions, queries

from .factories import example, rule_set

D = datetime.date


def test_hub_adoption_scores_at_once(city, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime.datetime(2026, 2, 10, 9, 0, tzinfo=datetime.UTC)):
        rs = rule_set(city.county_hub, city.channels["party"], example("district_quarterly.yaml"), D(2026, 1, 1))
        submission = make_submitted_item(city)
        with django_capture_on_commit_callbacks(execute=True):  # events are scored after commit
            item_actions.adopt(city.county_editor, submission)
        # Live: 城关镇 base 6; 1 of 3 submitted → -2; rate 1/1 = 100%; adopted by the county hub
        # (district level, a 动态 item) +10 → 14, booked by the task run after the adoption commits.
        quarter = queries.unit_ranking(rs, D(2026, 1, 1), D(2026, 3, 31))
        assert {r.name: r.total for r in quarter}["清河城关镇"] == Decimal("14")
        assert actions.recompute(city.county_editor, rs, D(2026, 1, 1), D(2026, 3, 31)) > 0
        quarter = queries.unit_ranking(rs, D(2026, 1, 1), D(2026, 3, 31))
        assert {r.name: r.total for r in quarter} == {"清河城关镇": Decimal("14"), "清河新华镇": Decimal("2")}
