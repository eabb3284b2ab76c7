"""The scheduler (xinbao.core.schedule) and ``manage.py worker``, under frozen time."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, connections, transaction
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from xinbao.core import schedule
from xinbao.core.models import ScheduledJob

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 3, 2, 1, 0, tzinfo=SHANGHAI)  # a Monday, 01:00 local time

notes: list[str] = []


@task()
def record_note(text: str) -> str:
    notes.append(text)
    return text.upper()


@pytest.fixture
def calls() -> Iterator[dict[str, list[datetime]]]:
    """Register test jobs that log the ``now`` they were given; unregister them afterwards."""
    log: dict[str, list[datetime]] = {}
    keys: list[str] = []

    def add(key: str, **when: object) -> None:
        log[key] = []
        keys.append(key)
        schedule.register_job(key, log[key].append, **when)  # type: ignore[arg-type]

    log["add"] = add  # type: ignore[assignment]
    yield log
    for key in keys:
        schedule.unregister_job(key)


def ran(outcomes: list[schedule.JobOutcome]) -> list[str]:
    # Only this module's jobs: apps' own jobs (notify, insights …) may be registered by other tests.
    return [o.key for o in outcomes if o.key.startswith("test.")]


@pytest.mark.django_db
def test_interval_job_runs_when_due_and_once_per_period(calls) -> None:
    calls["add"]("test.every10", every=timedelta(minutes=10))
    with time_machine.travel(START, tick=False) as traveller:
        assert ran(schedule.run_due_jobs()) == ["test.every10"]  # a new interval job is due at once
        assert ran(schedule.run_due_jobs()) == []
        traveller.shift(timedelta(minutes=9, seconds=59))
        assert ran(schedule.run_due_jobs()) == []
        traveller.shift(timedelta(seconds=1))
        assert ran(schedule.run_due_jobs()) == ["test.every10"]
    assert calls["test.every10"] == [START, START + timedelta(minutes=10)]
    row = ScheduledJob.objects.get(key="test.every10")
    assert row.run_count == 2
    assert row.last_status == ScheduledJob.Status.OK
    assert row.next_run_at == START + timedelta(minutes=20)


@pytest.mark.django_db
def test_daily_job_runs_at_its_local_hour_and_catches_up_once(calls) -> None:
    calls["add"]("test.daily", daily_at="02:00")
    with time_machine.travel(START, tick=False) as traveller:  # 01:00: not yet
        assert ran(schedule.run_due_jobs()) == []
        assert ScheduledJob.objects.get(key="test.daily").next_run_at == START.replace(hour=2)
        traveller.move_to(START.replace(hour=2))
        assert ran(schedule.run_due_jobs()) == ["test.daily"]
        traveller.move_to(START.replace(hour=23, minute=59))
        assert ran(schedule.run_due_jobs()) == []
        # No worker for three days: the job runs once on return, then at 02:00 the next day.
        back = datetime(2026, 3, 6, 9, 30, tzinfo=SHANGHAI)
        traveller.move_to(back)
        assert ran(schedule.run_due_jobs()) == ["test.daily"]
        assert ran(schedule.run_due_jobs()) == []
        assert ScheduledJob.objects.get(key="test.daily").next_run_at == datetime(2026, 3, 7, 2, 0, tzinfo=SHANGHAI)
    assert calls["test.daily"] == [START.replace(hour=2), back]


@pytest.mark.django_db
def test_failing_job_is_recorded_and_does_not_stop_the_others(calls) -> None:
    def broken(now: datetime) -> None:
        raise RuntimeError("boom")

    schedule.register_job("test.broken", broken, every=timedelta(hours=1))
    calls["add"]("test.fine", every=timedelta(hours=1))
    try:
        with time_machine.travel(START, tick=False):
            outcomes = {o.key: o for o in schedule.run_due_jobs()}
    finally:
        schedule.unregister_job("test.broken")
    assert not outcomes["test.broken"].ok
    assert outcomes["test.fine"].ok
    row = ScheduledJob.objects.get(key="test.broken")
    assert row.last_status == ScheduledJob.Status.FAILED
    assert "RuntimeError: boom" in row.last_error
    assert (row.run_count, row.failure_count) == (1, 1)
    # Still advanced: a broken job is retried at its next period, not in a tight loop.
    assert row.next_run_at == START + timedelta(hours=1)


@pytest.mark.django_db
def test_a_due_run_is_taken_by_one_worker_only(calls) -> None:
    calls["add"]("test.shared", every=timedelta(minutes=5))
    with time_machine.travel(START, tick=False):
        first = schedule.run_due_jobs(worker_id="worker-a")
        second = schedule.run_due_jobs(worker_id="worker-b")
    assert (ran(first), ran(second)) == (["test.shared"], [])
    assert ScheduledJob.objects.get(key="test.shared").last_worker == "worker-a"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
# available_apps: flush only core tables (the audit table refuses TRUNCATE on PostgreSQL).
@pytest.mark.django_db(transaction=True, available_apps=["xinbao.core"])
def test_postgres_worker_skips_a_job_row_locked_by_another_worker(calls) -> None:
    """While worker A holds the job row (mid-claim), worker B skips it instead of waiting or running it."""
    calls["add"]("test.locked", every=timedelta(minutes=5))
    schedule.sync_jobs(START)
    locked, release = threading.Event(), threading.Event()

    def hold_lock() -> None:
        try:
            with transaction.atomic():
                ScheduledJob.objects.select_for_update().get(key="test.locked")
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        assert locked.wait(10)
        with time_machine.travel(START + timedelta(minutes=1), tick=False):
            assert ran(schedule.run_due_jobs(worker_id="worker-b")) == []
    finally:
        release.set()
        holder.join()
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        assert ran(schedule.run_due_jobs(worker_id="worker-b")) == ["test.locked"]


def test_register_job_refuses_ambiguous_or_bad_schedules() -> None:
    with pytest.raises(ValueError):
        schedule.register_job("test.none", print)
    with pytest.raises(ValueError):
        schedule.register_job("test.both", print, every=timedelta(hours=1), daily_at=time(2, 0))
    with pytest.raises(ValueError):
        schedule.register_job("test.negative", print, every=timedelta(0))
    with pytest.raises(ValueError):
        schedule.register_job("test.badhour", print, daily_at="two o'clock")
    assert not [j for j in schedule.registered_jobs() if j.key.startswith("test.")]


@pytest.mark.django_db
def test_worker_once_runs_due_jobs_and_queued_tasks(calls, settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    calls["add"]("test.worker", every=timedelta(minutes=1))
    notes.clear()
    result = record_note.enqueue("第一条")
    record_note.enqueue("第二条")
    assert DBTaskResult.objects.ready().count() == 2
    out = StringIO()
    with time_machine.travel(START, tick=False):
        call_command("worker", "--once", stdout=out)
    assert sorted(notes) == ["第一条", "第二条"]
    assert DBTaskResult.objects.ready().count() == 0
    result.refresh()
    assert result.return_value == "第一条".upper()
    assert calls["test.worker"] == [START]
    assert "tasks run: 2" in out.getvalue()
    # A second round has nothing left to do.
    out = StringIO()
    with time_machine.travel(START + timedelta(seconds=30), tick=False):
        call_command("worker", "--once", stdout=out)
    assert out.getvalue() == ""
    assert len(notes) == 2


@pytest.mark.django_db
def test_worker_list_shows_jobs_with_next_run(calls) -> None:
    calls["add"]("test.listed", daily_at=time(6, 30))
    out = StringIO()
    with time_machine.travel(START, tick=False):
        call_command("worker", "--list", stdout=out)
    line = next(line for line in out.getvalue().splitlines() if line.startswith("test.listed"))
    assert "daily at 06:30" in line
    assert "next 2026-03-02 06:30" in line
