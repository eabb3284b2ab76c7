"""Periodic jobs run by ``manage.py worker`` (like Healthchecks' ``sendalerts``).

An app registers a job once, at import time of its ``jobs.py`` (autodiscovered by the worker) or
in its ``AppConfig.ready``::

    from datetime import time, timedelta
    from xinbao.core.schedule import register_job

    register_job("urgent.deadlines", check_deadlines, every=timedelta(minutes=5))
    register_job("scoring.notices", lambda now: generate_due_notices(localdate(now)), daily_at=time(2, 0))

The job function receives ``now`` (an aware datetime, the moment the worker found it due) so that
it is deterministic under frozen time. Each job has a ``ScheduledJob`` row: several workers agree
on who runs a due job by locking that row (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL; the
exclusive transaction serialises workers on SQLite), advancing ``next_run_at`` before running, so
a due run happens once however many workers there are. The outcome of the last run is kept on the
row. A job that was due while no worker ran runs once when a worker comes back (no pile-up).
"""

from __future__ import annotations

import logging
import time as monotonic_time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django_tasks_db.utils import exclusive_transaction

from .models import ScheduledJob

logger = logging.getLogger("xinbao.worker")

JobFunc = Callable[[datetime], Any]


@dataclass(frozen=True)
class Job:
    """A periodic job: either every ``every`` or once a day at local time ``daily_at``."""

    key: str
    func: JobFunc
    every: timedelta | None = None
    daily_at: time | None = None

    def first_run(self, now: datetime) -> datetime:
        """When a newly registered job is first due: interval jobs at once, daily ones at their hour."""
        if self.every is not None:
            return now
        return self._daily_at_or_after(now)

    def next_run(self, now: datetime) -> datetime:
        """The next due moment after a run that started at ``now``."""
        if self.every is not None:
            return now + self.every
        return self._daily_at_or_after(now + timedelta(microseconds=1))

    def _daily_at_or_after(self, moment: datetime) -> datetime:
        assert self.daily_at is not None
        local = timezone.localtime(moment)
        # Combine with the zone (not ``local + 1 day``) so that a DST zone keeps the wall-clock hour.
        candidate = datetime.combine(local.date(), self.daily_at, tzinfo=local.tzinfo)
        if candidate < local:
            candidate = datetime.combine(local.date() + timedelta(days=1), self.daily_at, tzinfo=local.tzinfo)
        return candidate

    def describe(self) -> str:
        if self.every is not None:
            return f"every {self.every}"
        assert self.daily_at is not None
        return f"daily at {self.daily_at.strftime('%H:%M')}"


@dataclass(frozen=True)
class JobOutcome:
    key: str
    ok: bool
    duration_ms: int
    error: str = ""


_jobs: dict[str, Job] = {}


def _parse_daily_at(value: time | str) -> time:
    if isinstance(value, time):
        return value
    try:
        hours, minutes = value.split(":")
        return time(int(hours), int(minutes))
    except ValueError as exc:
        raise ValueError(f"daily_at must be a time or 'HH:MM', not {value!r}") from exc


def register_job(
    key: str,
    func: JobFunc | None = None,
    *,
    every: timedelta | None = None,
    daily_at: time | str | None = None,
) -> Any:
    """Register ``func`` under ``key``; usable as ``register_job(key, func, …)`` or as a decorator.

    Registering the same key again replaces the job (modules may be imported more than once).
    """
    if (every is None) == (daily_at is None):
        raise ValueError("register_job needs exactly one of every= or daily_at=")
    if every is not None and every <= timedelta(0):
        raise ValueError("every= must be a positive timedelta")
    if len(key) > ScheduledJob.KEY_MAX:
        raise ValueError(f"job key too long: {key!r}")
    daily = _parse_daily_at(daily_at) if daily_at is not None else None

    def add(f: JobFunc) -> JobFunc:
        _jobs[key] = Job(key=key, func=f, every=every, daily_at=daily)
        return f

    return add(func) if func is not None else add


def unregister_job(key: str) -> None:
    _jobs.pop(key, None)


def registered_jobs() -> list[Job]:
    return [_jobs[k] for k in sorted(_jobs)]


def autodiscover() -> None:
    """Import every installed app's ``jobs`` module, where apps may register their jobs."""
    autodiscover_modules("jobs")


def sync_jobs(now: datetime) -> None:
    """Create the rows of newly registered jobs (existing rows keep their schedule)."""
    existing = set(ScheduledJob.objects.filter(key__in=list(_jobs)).values_list("key", flat=True))
    missing = [ScheduledJob(key=j.key, next_run_at=j.first_run(now)) for j in _jobs.values() if j.key not in existing]
    if missing:
        # ignore_conflicts: another worker may create the same rows at the same moment.
        ScheduledJob.objects.bulk_create(missing, ignore_conflicts=True)


def _claim(job: Job, now: datetime, worker_id: str) -> bool:
    """Take the due run of ``job`` for this worker, or return False if it is not due or taken."""
    rows = ScheduledJob.objects.filter(key=job.key, next_run_at__lte=now)
    with exclusive_transaction(rows.db):
        row = rows.select_for_update(skip_locked=True).first()
        if row is None:
            return False
        row.next_run_at = job.next_run(now)
        row.last_started_at = now
        row.last_status = ScheduledJob.Status.RUNNING
        row.last_worker = worker_id[:64]
        row.save(update_fields=["next_run_at", "last_started_at", "last_status", "last_worker"])
    return True


def _run(job: Job, now: datetime) -> JobOutcome:
    start = monotonic_time.monotonic()
    error = ""
    try:
        job.func(now)
    except Exception:  # a failing job must not stop the worker; the row keeps the error
        logger.exception("scheduled job %s failed", job.key)
        error = traceback.format_exc(limit=5)[-4000:]
    duration_ms = int((monotonic_time.monotonic() - start) * 1000)
    failed = bool(error)
    ScheduledJob.objects.filter(key=job.key).update(
        last_finished_at=timezone.now(),
        last_status=ScheduledJob.Status.FAILED if failed else ScheduledJob.Status.OK,
        last_error=error,
        last_duration_ms=duration_ms,
        run_count=F("run_count") + 1,
        failure_count=F("failure_count") + (1 if failed else 0),
    )
    return JobOutcome(key=job.key, ok=not failed, duration_ms=duration_ms, error=error)


def run_due_jobs(now: datetime | None = None, *, worker_id: str = "") -> list[JobOutcome]:
    """Run every registered job that is due at ``now`` (default: the current time), once each."""
    now = now or timezone.now()
    sync_jobs(now)
    due = ScheduledJob.objects.filter(key__in=list(_jobs), next_run_at__lte=now).values_list("key", flat=True)
    outcomes = []
    for key in sorted(due):
        job = _jobs[key]
        if _claim(job, now, worker_id):
            outcomes.append(_run(job, now))
    return outcomes


def next_due() -> datetime | None:
    """The earliest ``next_run_at`` of the registered jobs (the worker sleeps no longer than that)."""
    row = ScheduledJob.objects.filter(key__in=list(_jobs)).order_by("next_run_at").first()
    return row.next_run_at if row else None
