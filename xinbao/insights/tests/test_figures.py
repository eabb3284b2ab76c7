"""Dashboard figures worked by hand and checked against the same data read another way: the channel
filter, silent units, top writers, forwarded-and-adopted upward, 批示 counts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from xinbao.insights import alerts, queries
from xinbao.instructions import actions as instruction_actions
from xinbao.instructions.models import Instruction
from xinbao.items import actions as item_actions
from xinbao.items.models import Adoption, Item, ItemState, Submission, SubmissionState
from xinbao.items.testing import make_submitted_item
from xinbao.orgs import actions as org_actions
from xinbao.scoring import periods
from xinbao.scoring.models import ScoreEntry
from xinbao.scoring.tests.factories import make_item

from .test_charts import scored  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def year() -> periods.Period:
    return periods.containing("year", timezone.localdate())


# --- The channel filter -------------------------------------------------------------------------------


def test_the_dashboards_channel_filter(scored, login):  # noqa: F811
    """新华镇 also reports to the county office in the 政协社情民意 channel; 城关镇 does not. Filtered
    to that channel the dashboard counts 新华镇 only (1 submitted, 1 adopted) and has no rule set; the
    party channel (and no filter) counts both (4 submitted: 3 + 1; 4 adopted); a channel the office is no
    hub of is ignored."""
    city, _rule_set, _period = scored
    cppcc, party, gov = (city.channels[c] for c in ("cppcc", "party", "gov"))
    org_actions.set_unit_channel(None, city.county_hub, cppcc, is_hub=True)
    org_actions.set_unit_channel(None, city.township2, cppcc, hub=city.county_hub)
    client = login(city.county_editor)

    def summary(query: str) -> dict:
        response = client.get(f"/insights/{query}")
        assert response.status_code == 200
        return response.context["summary"]

    both = {"units": 2, "submitted": 4, "adopted": 4, "rate": 100.0, "reporting_units": 2}
    assert summary("") == both
    assert summary(f"?channel={party.pk}") == both
    assert summary(f"?channel={cppcc.pk}") == {
        "units": 1,
        "submitted": 1,
        "adopted": 1,
        "rate": 100.0,
        "reporting_units": 1,
    }
    assert summary(f"?channel={gov.pk}") == both  # 县委办公室 is no hub of 政务信息: no filter
    units = client.get(f"/insights/charts/units.json?channel={cppcc.pk}").json()["rows"]
    assert [row[0] for row in units] == ["清河新华镇"]
    ranking = client.get(f"/insights/charts/ranking.json?channel={cppcc.pk}").json()
    assert ranking["rows"] == [] and ranking["note"] == "本单位尚未启用考核办法。"
    assert client.get(f"/insights/charts/ranking.json?channel={party.pk}").json()["rows"] == [
        [1, "清河城关镇", 30.0],
        [2, "清河新华镇", 5.0],
    ]
    # Read another way: the member units of the office in each channel.
    assert set(queries.Scope(city.county_hub, year(), cppcc).units()) == {city.township2.pk}
    assert set(queries.Scope(city.county_hub, year(), party).units()) == {city.township.pk, city.township2.pk}


# --- Silent units ----------------------------------------------------------------------------------------


def test_silent_units_against_the_items_and_the_inactive_alerts(city):
    """城关镇 submitted 20 and 16 days ago (a withdrawn item 2 days ago does not count): 16 days silent.
    新华镇's only item is a deleted draft that was once submitted: never submitted. With the default 15 days
    both are listed (never first); with 17 days only 新华镇."""
    today = timezone.localdate()
    make_item(city.township, city.officer, today - datetime.timedelta(days=20))
    make_item(city.township, city.officer, today - datetime.timedelta(days=16))
    withdrawn = make_item(city.township, city.officer, today - datetime.timedelta(days=2))
    Item.objects.filter(pk=withdrawn.pk).update(state=ItemState.WITHDRAWN)
    deleted = make_item(city.township2, city.officer2, today - datetime.timedelta(days=1))
    Item.objects.filter(pk=deleted.pk).update(state=ItemState.DELETED)
    scope = queries.Scope(city.county_hub, year())
    rows = queries.silent_units(scope).rows
    assert rows == [
        ["清河新华镇", "", "从未报送", ""],
        ["清河城关镇", "", today - datetime.timedelta(days=16), 16],
    ]
    assert [r[0] for r in queries.silent_units(scope, days=17).rows] == ["清河新华镇"]
    # Read another way: each member unit's latest submitted item, straight from the items.
    for name, _cls, last, quiet in rows:
        unit = city.township if name == "清河城关镇" else city.township2
        latest = (
            Item.objects.filter(unit=unit, submitted_at__isnull=False)
            .exclude(state__in=[ItemState.WITHDRAWN, ItemState.DELETED])
            .order_by("-submitted_at")
            .first()
        )
        if latest is None:
            assert (last, quiet) == ("从未报送", "")
        else:
            assert last == timezone.localdate(latest.submitted_at) and quiet == (today - last).days
    # And as the hourly check reads it: the inactive alert of the county office names 城关镇 with 16 days
    # (新华镇 was created today, so it is not yet "long" silent for the alert).
    sent = [a for a in alerts.check_inactive(today) if a.hub_id == city.county_hub.pk]
    assert [(a.unit_id, a.period_start) for a in sent] == [(city.township.pk, today - datetime.timedelta(days=16))]
    assert "16天未报送" in sent[0].reason


# --- Top writers -----------------------------------------------------------------------------------------


def test_top_writers_against_the_ledger_and_the_items(scored):  # noqa: F811
    """城关镇's officer wrote 3 items (2 adopted by the county, +5 each; 1 by the city, +10); 新华镇's
    officer 1 (county, +5). A writer's score is the ledger's lines naming them: 20 and 5 (城关镇's quota
    line, +10, is the unit's and names no writer)."""
    city, rule_set, period = scored
    rows = queries.writers_chart(queries.Scope(city.county_hub, period)).rows
    by_name = {r[1]: r for r in rows}
    officer, officer2 = by_name[city.officer.display_name], by_name[city.officer2.display_name]
    assert officer == [1, city.officer.display_name, "清河城关镇", Decimal("20"), 3, 3]
    assert officer2 == [2, city.officer2.display_name, "清河新华镇", Decimal("5"), 1, 1]
    assert rows == [officer, officer2]
    for person, row in [(city.officer, officer), (city.officer2, officer2)]:
        ledger = ScoreEntry.objects.filter(
            rule_set=rule_set, person=person, on__gte=period.start, on__lte=period.end
        ).aggregate(total=Sum("points"))["total"]
        assert row[3] == ledger
        assert row[4] == Item.objects.filter(author=person, state=ItemState.SUBMITTED).count()
        assert row[5] == Adoption.objects.filter(item__author=person, revoked_at__isnull=True).count()


# --- Forwarded and adopted upward; 批示 -------------------------------------------------------------------


@pytest.fixture
def upward(city, django_capture_on_commit_callbacks):
    """This year: 城关镇's A adopted by the county, forwarded, adopted by the city; 新华镇's B adopted by
    the county only; 城关镇's C forwarded and rejected by the city; 石桥镇's D (the other county) forwarded
    and adopted by the city. Upward for 清河县: A only (1)."""
    subs = {}
    with django_capture_on_commit_callbacks(execute=True):
        for key, officer in [("A", city.officer), ("B", city.officer2), ("C", city.officer), ("D", city.officer3)]:
            subs[key] = make_submitted_item(city, officer=officer, title=f"上级采用测试{key}")
        for key in "ABCD":
            editor = city.county2_editor if key == "D" else city.county_editor
            item_actions.adopt(editor, subs[key])
        for key in "ACD":
            chief = city.county2_editor if key == "D" else city.county_chief
            up = item_actions.forward(chief, Submission.objects.get(pk=subs[key].pk))
            if key == "C":
                item_actions.reject(city.city_editor, up, "不予采用")
            else:
                item_actions.adopt(city.city_editor, up)
    return subs


def test_forwarded_and_adopted_upward_against_the_city_hubs_decisions(city, upward):
    chart = queries.upward_chart(queries.Scope(city.county_hub, year()))
    this_month = f"{timezone.localdate():%Y-%m}"
    assert {m: n for m, n in chart.rows if n} == {this_month: 1}
    # Read another way: the city office's adopted submissions forwarded by this county office …
    forwarded = Submission.objects.filter(parent__hub=city.county_hub, hub=city.city_hub)
    assert forwarded.count() == 2
    assert forwarded.filter(state=SubmissionState.ADOPTED).count() == 1
    # … and the adoptions whose adopter is not the county office, of the county's units' items.
    assert (
        Adoption.objects.filter(item__unit__in=[city.township, city.township2], revoked_at__isnull=True)
        .exclude(adopter=city.county_hub)
        .count()
        == 1
    )
    # The other county counts its own (D).
    other = queries.upward_chart(queries.Scope(city.county2_hub, year()))
    assert sum(n for _m, n in other.rows) == 1


def test_instruction_counts_against_the_instructions(city, upward, django_capture_on_commit_callbacks):
    """批示 this year on A and B (the county's units) and on D (the other county), and one last year on A:
    清河县 counts 2 this year, 白石县 1."""
    today = timezone.localdate()
    last_year = today.replace(year=today.year - 1, day=min(today.day, 28))
    with django_capture_on_commit_callbacks(execute=True):
        for key, on in [("A", today), ("B", today), ("D", today), ("A", last_year)]:
            leader = city.city_leader if key == "D" else city.county_leader
            instruction_actions.record_instruction(
                leader, text="请认真研究落实。", item=upward[key].item, instructed_on=on
            )
    chart = queries.instructions_chart(queries.Scope(city.county_hub, year()))
    assert {m: n for m, n in chart.rows if n} == {f"{today:%Y-%m}": 2}
    assert sum(n for _m, n in queries.instructions_chart(queries.Scope(city.county2_hub, year())).rows) == 1
    # Read another way: the 批示 dated this year on items of the county's units and the county office.
    units = [city.township, city.township2, city.county_hub]
    direct = Instruction.objects.filter(item__unit__in=units, instructed_on__year=today.year)
    assert direct.count() == 2
    last = queries.instructions_chart(queries.Scope(city.county_hub, periods.containing("year", last_year)))
    assert sum(n for _m, n in last.rows) == 1
