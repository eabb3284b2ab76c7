"""Live scoring off the click (scoring.tasks): the event's transaction only records what needs scoring,
the task scores it after commit, pages say "计分中" meanwhile, and the incremental path gives exactly the
lines a full recompute gives."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from xinbao.instructions.actions import record_instruction
from xinbao.items import actions as item_actions
from xinbao.items.testing import make_submitted_item
from xinbao.publications import actions as pub_actions
from xinbao.publications.tests.factories import periodical, sign_off
from xinbao.scoring import actions, jobs, queries
from xinbao.scoring.models import PendingScore, ScoreEntry

from .factories import adopt, example, make_item, rule_set

D = datetime.date
Q1 = (D(2026, 1, 1), D(2026, 3, 31))
YEAR = (D(2026, 1, 1), D(2026, 12, 31))
FEB_10 = datetime.datetime(2026, 2, 10, 9, 0, tzinfo=datetime.UTC)
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _scoring_tasks() -> list[list[object]]:
    ready = DBTaskResult.objects.ready().filter(task_path="xinbao.scoring.tasks.score_event")
    return sorted(r.args_kwargs["args"] for r in ready)


def _total(rs, unit, start, end):  # type: ignore[no-untyped-def]
    return sum((e.points for e in queries.unit_entries(rs, unit, start, end)), Decimal(0))


def test_the_click_records_the_event_and_the_task_scores_it_after_commit(city, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    with time_machine.travel(FEB_10, tick=False):
        rs = rule_set(city.county_hub, city.channels["party"], example("district_quarterly.yaml"), D(2026, 1, 1))
        submission = make_submitted_item(city)
        with django_capture_on_commit_callbacks() as callbacks:
            item_actions.adopt(city.county_editor, submission)
            # Inside the adopting transaction: the event is recorded, the ledger is not touched.
            assert list(PendingScore.objects.values_list("unit_id", "on")) == [(city.township.pk, D(2026, 2, 10))]
            assert not ScoreEntry.objects.exists()
        for callback in callbacks:  # the commit: the task is enqueued (and, in tests, run inline)
            callback()
        # 城关镇 Q1: base 6; 1 of 3 submitted → -2; rate 1/1; adopted by the county hub (district level,
        # a 动态 item) +10 → 6 - 2 + 10 = 14.
        assert _total(rs, city.township, *Q1) == Decimal(14)
        assert not PendingScore.objects.exists()


def test_a_rolled_back_adoption_leaves_nothing_to_score(city, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    submission = make_submitted_item(city)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        item_actions.adopt(city.county_editor, submission)
        raise RuntimeError("the request failed after adopting")
    assert not PendingScore.objects.exists()
    assert not [c for c in callbacks if getattr(c, "__module__", "") == "xinbao.scoring.tasks"]


def test_pages_say_scoring_while_the_task_waits_and_show_the_points_once_it_ran(  # type: ignore[no-untyped-def]
    city, login, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DB_TASKS  # a worker runs the queue: nothing runs inline
    with time_machine.travel(FEB_10, tick=False):
        rs = rule_set(city.county_hub, city.channels["party"], example("district_quarterly.yaml"), D(2026, 1, 1))
        submission = make_submitted_item(city)
        with django_capture_on_commit_callbacks(execute=True):
            item_actions.adopt(city.county_editor, submission)
        assert _scoring_tasks() == [[city.township.pk]]
        client = login(city.officer)
        ledger_url = f"/scoring/{rs.pk}/units/{city.township.pk}/?period=2026Q1"
        item_url = f"/items/{submission.item_id}/"
        ledger = client.get(ledger_url).content.decode()
        assert 'data-testid="scoring-pending"' in ledger and "计分中" in ledger
        item_page = client.get(item_url).content.decode()
        assert 'data-testid="scoring-pending"' in item_page

        call_command("worker", "--once", stdout=StringIO())

        assert _scoring_tasks() == [] and not PendingScore.objects.exists()
        ledger = client.get(ledger_url).content.decode()
        assert "计分中" not in ledger
        assert "<strong>14分</strong>" in ledger  # 6 - 2 + 10, as above
        item_page = client.get(item_url).content.decode()
        assert "计分中" not in item_page
        assert "（区级采用（政务/新闻/党建）），+10分" in item_page


def test_publishing_an_issue_enqueues_one_task_per_unit_not_per_entry(  # type: ignore[no-untyped-def]
    city, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DB_TASKS
    with time_machine.travel(FEB_10, tick=False):
        rs = rule_set(city.county_hub, city.channels["party"], example("district_quarterly.yaml"), D(2026, 1, 1))
        with django_capture_on_commit_callbacks(execute=True):
            issue = pub_actions.create_issue(city.county_editor, periodical(city))
            mine = [make_submitted_item(city, title=f"城关镇稿{i}") for i in range(3)]
            theirs = make_submitted_item(city, title="新华镇稿", officer=city.officer2, signer=city.signer2)
            for sub in [*mine, theirs]:
                pub_actions.add_entry(city.county_editor, issue, sub, adopt_now=True)
            issue = sign_off(city, issue)
        DBTaskResult.objects.all().delete()  # the adoptions above were scored by their own tasks
        PendingScore.objects.all().delete()
        with django_capture_on_commit_callbacks(execute=True):
            pub_actions.publish_issue(city.county_editor, issue)
        # Four entries from two units: two tasks.
        assert _scoring_tasks() == sorted([[city.township.pk], [city.township2.pk]])
        call_command("worker", "--once", stdout=StringIO())
        assert not PendingScore.objects.exists()
        assert _total(rs, city.township, *Q1) > 0 and _total(rs, city.township2, *Q1) > 0


LIVE_RULES = """
name: 即时计分测试
period: year
base: 10
quotas:
  - key: quota
    count: adopted
    per: month
    target: 2
    met: 5
    per_missing: -1
rates:
  - key: low_rate
    metric: adoption_rate
    below: 0.5
    points: -3
adoptions:
  - key: county
    match: {levels: [county]}
    points: 4
  - key: city
    match: {levels: [city]}
    points: 10
instructions:
  - key: ins_city
    match: {levels: [city]}
    points: 20
limits:
  - key: cap
    keys: [county, city]
    max: 20
"""


def _ledger(rs):  # type: ignore[no-untyped-def]
    return list(
        ScoreEntry.objects.filter(rule_set=rs)
        .order_by("unit_id", "period_start", "seq")
        .values_list(
            "unit_id",
            "version_id",
            "period_start",
            "period_end",
            "seq",
            "on",
            "rule_key",
            "points",
            "explanation",
            "person_id",
            "source_type",
            "source_id",
            "item_id",
            "writer_only",
        )
    )


def test_incremental_scoring_gives_the_lines_of_a_full_recompute(city, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    t1, t2 = city.township, city.township2
    with time_machine.travel(datetime.datetime(2026, 3, 31, 12, 0, tzinfo=datetime.UTC), tick=False):
        rs = rule_set(city.county_hub, city.channels["party"], LIVE_RULES, D(2026, 1, 1))
        a = make_item(t1, city.officer, D(2026, 1, 5), title="甲")
        b = make_item(t1, city.officer, D(2026, 1, 6), title="乙")
        c = make_item(t1, city.officer, D(2026, 2, 3), title="丙")
        d = make_item(t1, city.officer, D(2026, 2, 4), title="丁")
        e = make_item(t2, city.officer2, D(2026, 1, 8), title="戊")
        make_item(t2, city.officer2, D(2026, 3, 6), title="己")
        make_item(t2, city.officer2, D(2026, 3, 7), title="庚")
        # Each event in its own committed transaction, scored by its own task, in date order.
        events = [
            lambda: adopt(a, D(2026, 1, 10), "county", adopter=city.county_hub),
            lambda: adopt(b, D(2026, 1, 20), "city", adopter_name="市委办公室"),
            lambda: record_instruction(
                None, item=b, text="阅。", leader_name="市领导", leader_level="city", instructed_on=D(2026, 2, 1)
            ),
            lambda: adopt(c, D(2026, 2, 10), "county", adopter=city.county_hub),
            lambda: adopt(d, D(2026, 2, 12), "city", adopter_name="市委办公室"),
            lambda: adopt(a, D(2026, 3, 3), "city", adopter_name="市委办公室"),
            lambda: adopt(e, D(2026, 3, 5), "county", adopter=city.county_hub),
        ]
        for event in events:
            with django_capture_on_commit_callbacks(execute=True):
                event()
        assert not PendingScore.objects.exists()
        incremental = _ledger(rs)
        # 城关镇: base 10; months (adopted items): Jan a, b = 2 → +5; Feb c, d = 2 → +5; Mar a = 1 → -1;
        # adoptions 4 + 10 + 4 + 10 + 10 = 38, capped at 20 → -18; 批示 on b +20; rate 4/4 → no line.
        # 10 + 5 + 5 - 1 + 38 - 18 + 20 = 59.
        assert _total(rs, t1, *YEAR) == Decimal(59)
        # 新华镇: base 10; Jan 0 → -2; Feb 0 → -2; Mar e = 1 → -1; e county +4; rate 1/3 < 50% → -3.
        # 10 - 5 + 4 - 3 = 6.
        assert _total(rs, t2, *YEAR) == Decimal(6)

        actions.recompute(city.county_editor, rs, *YEAR)
        # The full recompute also books the silent units (here none has an event but those two).
        full = [row for row in _ledger(rs) if row[0] in {t1.pk, t2.pk}]
        assert full == incremental
        assert {row[0] for row in _ledger(rs)} >= {t1.pk, t2.pk}


def test_a_lost_task_is_enqueued_again_by_the_worker_job(city):  # type: ignore[no-untyped-def]
    with time_machine.travel(FEB_10, tick=False):
        rs = rule_set(city.county_hub, city.channels["party"], example("district_quarterly.yaml"), D(2026, 1, 1))
        item = make_item(city.township, city.officer, D(2026, 2, 1), title="甲")
        # An adoption whose task was lost (its transaction's callbacks never run here): the pending row
        # stays and the ledger is empty.
        adopt(item, D(2026, 2, 5), "county", adopter=city.county_hub)
        assert PendingScore.objects.count() == 1 and not ScoreEntry.objects.exists()
        assert jobs.pending_job(timezone.now()) == 0  # younger than five minutes: its task may still run
    with time_machine.travel(FEB_10 + datetime.timedelta(minutes=6), tick=False):
        assert jobs.pending_job(timezone.now()) == 1
    assert not PendingScore.objects.exists()
    # 城关镇 Q1: base 6; 1 of 3 submitted → -2; adoption rate 1/1; county adoption +10 → 14.
    assert _total(rs, city.township, *Q1) == Decimal(14)
