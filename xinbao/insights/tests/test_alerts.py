"""Reminders and alerts: each fires once, at the right time (frozen time), to the right people."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from xinbao.insights import alerts
from xinbao.insights.models import Alert, AlertKind
from xinbao.items.testing import make_submitted_item
from xinbao.notify.models import Notification
from xinbao.orgs.testing import build_small_city
from xinbao.scoring import actions as scoring_actions

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
# 2026-03-02 is a Monday.
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=TZ)


def day(n: int, hour: int = 9) -> datetime.datetime:
    return START + datetime.timedelta(days=n, hours=hour - 9)


@pytest.fixture
def city_at_start():
    with time_machine.travel(START, tick=False):
        return build_small_city()


def run(moment: datetime.datetime, check):
    with time_machine.travel(moment, tick=False):
        return check(moment.astimezone(TZ).date())


def keys(kind: str, unit, hub=None) -> list[str]:
    # 城关镇 reports to two hubs (party and government channels): each hub is alerted on its own.
    rows = Alert.objects.filter(kind=kind, unit=unit, hub=hub or unit.channel_links.get(channel__code="party").hub)
    return list(rows.order_by("id").values_list("key", flat=True))


def test_inactivity_fires_on_the_fifteenth_silent_day_once_and_again_after_a_new_silence(city_at_start):
    city = city_at_start
    with time_machine.travel(day(0), tick=False):
        make_submitted_item(city, officer=city.officer, title="城关镇第一条")
    # Day 14: 14 days silent (< 15, the default) — nothing for 城关镇.
    run(day(14), alerts.check_inactive)
    assert keys(AlertKind.INACTIVE, city.township) == []
    # Day 15: alerted, to the unit's signer and the county hub's two editors (2026-03-02 + 15 = 03-17).
    run(day(15), alerts.check_inactive)
    assert keys(AlertKind.INACTIVE, city.township) == [f"inactive:{city.county_hub.pk}:{city.township.pk}:2026-03-02"]
    alert = Alert.objects.get(kind=AlertKind.INACTIVE, unit=city.township, hub=city.county_hub)
    assert "15天未报送" in alert.reason and alert.recipients == 3
    told = set(
        Notification.objects.filter(kind="insights.inactive", text=alert.reason).values_list("recipient", flat=True)
    )
    assert told == {city.signer.pk, city.county_editor.pk, city.county_editor2.pk}
    # Later runs the same day and the next days: not again for the same silence.
    run(day(15, 18), alerts.check_inactive)
    run(day(20), alerts.check_inactive)
    assert len(keys(AlertKind.INACTIVE, city.township)) == 1
    assert Notification.objects.filter(kind="insights.inactive", recipient=city.signer).count() == 2  # two hubs
    # The unit reports on day 21 (03-23) and falls silent again: alerted once more on day 36 (04-07).
    with time_machine.travel(day(21), tick=False):
        make_submitted_item(city, officer=city.officer, title="城关镇第二条")
    run(day(35), alerts.check_inactive)
    assert len(keys(AlertKind.INACTIVE, city.township)) == 1
    run(day(36), alerts.check_inactive)
    assert keys(AlertKind.INACTIVE, city.township)[-1].endswith(":2026-03-23")
    assert Notification.objects.filter(kind="insights.inactive", recipient=city.signer).count() == 4


def test_a_unit_that_never_reported_is_alerted_from_its_creation(city_at_start):
    city = city_at_start
    run(day(14), alerts.check_inactive)
    assert keys(AlertKind.INACTIVE, city.township2) == []
    run(day(15), alerts.check_inactive)
    alert = Alert.objects.get(kind=AlertKind.INACTIVE, unit=city.township2, hub=city.county_hub)
    assert "尚未报送过信息" in alert.reason


def test_the_hub_setting_changes_the_threshold(city_at_start):
    from xinbao.insights import actions

    city = city_at_start
    actions.save_settings(
        city.county_editor,
        city.county_hub,
        {"inactive_days": "5", "chase_days": "5", "vacancy_days": "7", "similar_days": "30"},
    )
    run(day(4), alerts.check_inactive)
    assert not Alert.objects.filter(hub=city.county_hub, kind=AlertKind.INACTIVE).exists()
    run(day(5), alerts.check_inactive)
    assert Alert.objects.filter(hub=city.county_hub, kind=AlertKind.INACTIVE).count() == 2  # both townships


RULES = """
name: 县委信息月度考核
period: month
quotas:
  - key: monthly
    label: 月度报送任务
    count: submitted
    target: 2
adoptions:
  - key: county
    points: 5
"""


def test_chase_reminds_units_below_quota_from_five_days_before_the_period_ends(city_at_start):
    city = city_at_start
    with time_machine.travel(day(0), tick=False):
        scoring_actions.create_rule_set(
            city.county_editor,
            hub=city.county_hub,
            channel=city.channels["party"],
            text=RULES,
            valid_from=datetime.date(2026, 1, 1),
        )
        make_submitted_item(city, officer=city.officer, title="城关镇三月第一条")
    # March ends on the 31st; five days before is the 26th (day 24 = 03-26). On the 25th: nothing.
    run(day(23), alerts.check_chase)
    assert not Alert.objects.filter(kind=AlertKind.CHASE).exists()
    run(day(24), alerts.check_chase)
    town = Alert.objects.get(kind=AlertKind.CHASE, unit=city.township)
    # 城关镇 submitted 1 of 2 (short by 1); 新华镇 0 of 2 (short by 2).
    assert "报送1条，任务2条，还差1条" in town.reason and "2026-03-31" in town.reason
    assert "报送0条，任务2条，还差2条" in Alert.objects.get(kind=AlertKind.CHASE, unit=city.township2).reason
    told = set(Notification.objects.filter(kind="insights.chase", text=town.reason).values_list("recipient", flat=True))
    assert told == {city.officer.pk, city.signer.pk}
    # Again on the 27th and 31st: not twice in one period.
    run(day(25), alerts.check_chase)
    run(day(29), alerts.check_chase)
    assert Alert.objects.filter(kind=AlertKind.CHASE).count() == 2
    # A unit that meets its quota is not chased: 城关镇 submits its second in April, 新华镇 nothing.
    with time_machine.travel(datetime.datetime(2026, 4, 3, 9, tzinfo=TZ), tick=False):
        make_submitted_item(city, officer=city.officer, title="城关镇四月第一条")
        make_submitted_item(city, officer=city.officer, title="城关镇四月第二条")
    run(datetime.datetime(2026, 4, 26, 9, tzinfo=TZ), alerts.check_chase)
    april = Alert.objects.filter(kind=AlertKind.CHASE, period_start=datetime.date(2026, 4, 1))
    assert list(april.values_list("unit", flat=True)) == [city.township2.pk]


def test_vacancy_fires_after_seven_days_without_an_officer_once(city_at_start):
    city = city_at_start
    # The small city registers no officer assignments: every member unit is vacant from its creation.
    run(day(6), alerts.check_vacancy)
    assert not Alert.objects.filter(kind=AlertKind.VACANCY).exists()
    run(day(7), alerts.check_vacancy)
    vacant = Alert.objects.filter(kind=AlertKind.VACANCY, hub=city.county_hub)
    assert set(vacant.values_list("unit", flat=True)) == {city.township.pk, city.township2.pk}
    run(day(8), alerts.check_vacancy)
    assert Alert.objects.filter(kind=AlertKind.VACANCY, hub=city.county_hub).count() == 2


def test_weekly_digest_goes_to_editors_and_chief_once_a_week(city_at_start):
    city = city_at_start
    with time_machine.travel(day(1), tick=False):  # Tuesday 03-03
        make_submitted_item(city, officer=city.officer, title="城关镇本周信息")
    # Monday 03-09: the digest of week 10 (03-02 – 03-08).
    run(day(7), alerts.check_digest)
    digest = Alert.objects.get(kind=AlertKind.DIGEST, hub=city.county_hub)
    assert digest.period_start == datetime.date(2026, 3, 2)
    assert "收到1个单位报送信息1条" in digest.reason and "待处理1条" in digest.reason
    told = set(
        Notification.objects.filter(kind="insights.digest", text=digest.reason).values_list("recipient", flat=True)
    )
    assert told == {city.county_editor.pk, city.county_editor2.pk, city.county_chief.pk}
    run(day(8), alerts.check_digest)
    run(day(13), alerts.check_digest)
    assert Alert.objects.filter(kind=AlertKind.DIGEST, hub=city.county_hub).count() == 1


def test_the_worker_job_runs_every_check(city_at_start):
    with time_machine.travel(day(15), tick=False):
        counts = alerts.run_all(day(15))  # what the worker's insights.alerts job calls
    assert counts["inactive"] > 0 and counts["vacancy"] > 0 and counts["digest"] > 0
    with time_machine.travel(day(15, 10), tick=False):
        assert alerts.run_all(day(15, 10)) == {"inactive": 0, "chase": 0, "vacancy": 0, "digest": 0}


def test_a_unit_sees_why_it_was_alerted(city_at_start, login):
    city = city_at_start
    run(day(15), alerts.check_inactive)
    page = login(city.officer2).get("/insights/alerts/").content.decode()
    assert "清河新华镇" in page and "尚未报送过信息" in page
    assert "白石石桥镇" not in page  # another county's unit
    editor_page = login(city.county_editor).get("/insights/alerts/").content.decode()
    assert "清河城关镇" in editor_page and "清河新华镇" in editor_page
