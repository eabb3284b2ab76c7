"""``manage.py worker``: the long-running background process (like Healthchecks' ``sendalerts``).

Each round it runs the periodic jobs that are due (``xinbao.core.schedule``) and then every queued
background task of the Django Tasks database backend (``django_tasks_db``), then sleeps. Start as
many workers as needed against PostgreSQL: jobs and tasks are claimed with row locks
(``SKIP LOCKED``), so each runs once. On SQLite run a single worker.

``--once`` runs one round and exits (tests, cron); ``--list`` prints the jobs and their last run.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import OperationalError, close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker as TaskRunner
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from xinbao.core import schedule
from xinbao.core.models import ScheduledJob


def default_worker_id() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(6)}"


class Command(BaseCommand):
    help = "运行后台任务和定时任务（长期运行；--once 只运行一轮后退出）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run one round (due jobs, queued tasks) and exit.")
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds to sleep between rounds.")
        parser.add_argument("--queue-name", default="*", help="Task queues to run, comma-separated ('*' = all).")
        parser.add_argument("--no-jobs", action="store_true", help="Do not run periodic jobs.")
        parser.add_argument("--no-tasks", action="store_true", help="Do not run queued tasks.")
        parser.add_argument("--list", action="store_true", help="List the registered jobs and exit.")
        parser.add_argument("--worker-id", default=None, help="Unique id of this worker (default: host-pid-random).")

    def handle(self, *args: Any, **options: Any) -> None:
        schedule.autodiscover()
        if options["list"]:
            self._list_jobs()
            return
        self.worker_id: str = options["worker_id"] or default_worker_id()
        self.queues = [q for q in options["queue_name"].split(",") if q]
        self.running = True
        run_jobs, run_tasks = not options["no_jobs"], not options["no_tasks"]
        if options["once"]:
            self._round(run_jobs, run_tasks)
            return
        self._install_signals()
        self.stdout.write(f"worker {self.worker_id} started; jobs: {len(schedule.registered_jobs())}")
        while self.running:
            # A long-lived process must drop connections the server closed (as Django does per request).
            close_old_connections()
            try:
                self._round(run_jobs, run_tasks)
            except OperationalError as exc:  # database away or locked: log, wait, try again
                self.stderr.write(f"database error, retrying: {exc}")
            self._sleep(options["interval"])
        self.stdout.write(f"worker {self.worker_id} stopped")

    # --- one round ------------------------------------------------------------------------
    def _round(self, run_jobs: bool, run_tasks: bool) -> None:
        if run_jobs:
            for outcome in schedule.run_due_jobs(worker_id=self.worker_id):
                status = "ok" if outcome.ok else "FAILED"
                self.stdout.write(f"job {outcome.key}: {status} ({outcome.duration_ms} ms)")
        if run_tasks:
            count = self._run_tasks()
            if count:
                self.stdout.write(f"tasks run: {count}")

    def _run_tasks(self) -> int:
        """Run queued tasks until none is ready; return how many ran."""
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if not isinstance(backend, DatabaseBackend):
            return 0  # the immediate/dummy backends have no queue
        # django_tasks_db's own runner executes a claimed task (signals, result, errors).
        runner = TaskRunner(
            queue_names=self.queues,
            interval=0,
            batch=True,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=self.worker_id,
            excluded_queue_names=[],
        )
        count = 0
        while self.running:
            tasks = DBTaskResult.objects.ready().filter(backend_name=DEFAULT_TASK_BACKEND_ALIAS)
            if "*" not in self.queues:
                tasks = tasks.filter(queue_name__in=self.queues)
            try:
                with exclusive_transaction(tasks.db):
                    result = tasks.get_locked()
                    if result is not None:
                        result.claim(self.worker_id)
            except OperationalError as exc:
                if is_locked_database_exception(exc):
                    return count  # another worker holds SQLite; next round
                raise
            if result is None:
                return count
            runner.run_task(result)
            count += 1
        return count

    # --- process handling -----------------------------------------------------------------
    def _install_signals(self) -> None:
        def stop(signum: int, frame: Any) -> None:
            self.running = False

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while self.running and time.monotonic() < deadline:
            time.sleep(min(0.2, max(0.0, deadline - time.monotonic())))

    def _list_jobs(self) -> None:
        schedule.sync_jobs(timezone.now())
        rows = {r.key: r for r in ScheduledJob.objects.all()}
        for job in schedule.registered_jobs():
            row = rows.get(job.key)
            next_run = timezone.localtime(row.next_run_at).strftime("%Y-%m-%d %H:%M") if row else "-"
            last = row.get_last_status_display() if row else "-"
            self.stdout.write(f"{job.key:<40} {job.describe():<22} next {next_run}  last {last}")
