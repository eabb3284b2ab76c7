"""Chart figures equal scoring's rankings and ledgers on the same data (hand-worked numbers)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from xinbao.insights import queries
from xinbao.items.actions import AdoptionRecord, record_adoption
from xinbao.scoring import actions as scoring_actions
from xinbao.scoring import periods
from xinbao.scoring import queries as scoring_queries
from xinbao.scoring.tests.factories import make_items

pytestmark = pytest.mark.django_db

RULES = """
name: 县委信息年度考核
period: year
quotas:
  - key: submitted
    label: 年度报送任务
    count: submitted
    target: 3
    met: 10
adoptions:
  - key: county
    match: {levels: [county]}
    points: 5
  - key: city
    match: {levels: [city]}
    points: 10
"""


@pytest.fixture
def scored(city):
    rule_set = scoring_actions.create_rule_set(
        city.county_editor,
        hub=city.county_hub,
        channel=city.channels["party"],
        text=RULES,
        valid_from=datetime.date(2020, 1, 1),
    )
    today = timezone.localdate()
    # 城关镇 submits 3 (quota met: +10), 2 adopted by the county (+5 each) and 1 by the city (+10): 30.
    # 新华镇 submits 1 (quota missed: 0), 1 adopted by the county (+5): 5.
    a = make_items(city.township, city.officer, today, 3, category="problem")
    b = make_items(city.township2, city.officer2, today, 1, category="news")
    for item, level in [(a[0], "county"), (a[1], "county"), (a[2], "city"), (b[0], "county")]:
        record_adoption(
            None,
            AdoptionRecord(item=item, adopter_name="县委办公室", level=level, adopted_on=today),
        )
    period = periods.containing("year", today)
    scoring_actions.recompute(None, rule_set, period.start, period.end)
    return city, rule_set, period


def test_ranking_chart_equals_unit_ranking(scored):
    city, rule_set, period = scored
    chart = queries.ranking_chart(queries.Scope(city.county_hub, period))
    expected = scoring_queries.unit_ranking(rule_set, period.start, period.end)
    assert [[r.rank, r.name, r.total] for r in expected] == chart.rows
    assert chart.rows == [[1, "清河城关镇", Decimal("30")], [2, "清河新华镇", Decimal("5")]]


def test_unit_figures_equal_the_ledgers_quota_lines(scored):
    city, rule_set, period = scored
    units = {r[0]: r for r in queries.units_chart(queries.Scope(city.county_hub, period)).rows}
    # 城关镇: 3 submitted, 3 adopted, rate 100%; 新华镇: 1, 1, 100%.
    assert units["清河城关镇"][2:] == [3, 3, 100.0]
    assert units["清河新华镇"][2:] == [1, 1, 100.0]
    for unit, done in [(city.township, 3), (city.township2, 1)]:
        line = scoring_queries.unit_entries(rule_set, unit, period.start, period.end, rule_key="submitted").get()
        assert f"报送信息{done}条" in line.explanation
    quota = {r[0]: r for r in queries.quota_chart(queries.Scope(city.county_hub, period)).rows}
    assert quota["清河城关镇"][3:6] == [3, 3, 0] and quota["清河新华镇"][3:6] == [1, 3, 2]


def test_mix_and_tone(scored):
    city, _rule_set, period = scored
    mix = queries.mix_chart(queries.Scope(city.county_hub, period)).rows
    # 4 submitted: 3 问题, 1 动态 → 问题+专报+调研 75% (target 80%: not met), 问题 75% (target 50%: met).
    assert mix[0][:5] == ["问题类+专报类+调研类", 3, 75.0, 80.0, "未达标"]
    assert mix[1][:5] == ["问题类", 3, 75.0, 50.0, "达标"]
    monthly = queries.monthly_chart(queries.Scope(city.county_hub, period)).rows
    assert sum(r[1] for r in monthly) == 4 and sum(r[2] for r in monthly) == 4


def test_the_class_filter(scored):
    city, _rule_set, period = scored
    assert queries.units_chart(queries.Scope(city.county_hub, period, class_name="一类")).rows == []


def test_unit_home_panel_shows_what_is_missing(scored, login):
    city = scored[0]
    page = login(city.officer2).get("/").content.decode()
    # 新华镇 submitted 1 of 3 this year: 2 missing.
    assert "年度报送任务：报送1/3条，还差2条" in page
