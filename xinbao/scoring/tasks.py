"""Live scoring off the click (docs/decisions/0014-scoring-after-commit.md).

An event that changes a unit's points (an adoption recorded or revoked, a 批示, an urgent finding) only
*records* that the unit's day needs scoring: ``schedule`` writes a ``PendingScore`` row in the event's
own transaction and, once that transaction commits, enqueues one ``score_event`` task per unit the
transaction touched — publishing a 30-entry issue enqueues one task per unit, not one per entry.

The task rescores, for that unit only, the periods containing its pending days (every rule set assessing
it, each period once), then deletes the pending rows it saw. Until it has run, pages showing the unit's
points say "计分中" (``is_pending``). The worker runs the task (``manage.py worker``); with the immediate
backend (tests, and ``XINBAO_TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend`` when no
worker runs) it runs inline right after the commit, as insights' indexing tasks do.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable

from django.db import connection, transaction
from django.db.models import Q
from django_tasks import task

from .models import PendingScore

_ATTR = "_scoring_pending"


def schedule(unit_ids: Iterable[int], day: datetime.date) -> None:
    """Record that ``unit_ids`` have an unscored event on ``day`` and enqueue their task after commit.

    A row per call (cheap, and right even when a savepoint that wrote an earlier row rolls back); the
    tasks are de-duplicated per transaction: the set of units lives on the connection and is trusted
    only while our ``_flush`` is still registered there (after a rollback Django drops the callback)."""
    units = sorted(set(unit_ids))
    if not units:
        return
    PendingScore.objects.bulk_create([PendingScore(unit_id=pk, on=day) for pk in units])
    conn = transaction.get_connection()
    pending: set[int] | None = getattr(conn, _ATTR, None)
    registered = pending is not None and any(entry[1] is _flush for entry in conn.run_on_commit)
    if not registered:
        pending = set()
        setattr(conn, _ATTR, pending)
    assert pending is not None
    pending.update(units)
    if not registered:
        transaction.on_commit(_flush)  # outside a transaction this runs at once


def _flush() -> None:
    conn = transaction.get_connection()
    work: set[int] = getattr(conn, _ATTR, None) or set()
    setattr(conn, _ATTR, None)
    for unit_id in sorted(work):
        score_event.enqueue(unit_id)


@task()
def score_event(unit_id: int) -> int:
    """Rescore ``unit_id``'s periods containing its pending days and clear those rows; the number of
    ledger lines written (0 when another run already scored them).

    All the unit's pending rows are locked first (``FOR UPDATE`` on PostgreSQL), so two runs for one unit
    never rewrite its lines at once (the second waits, then finds the rows gone); rows committed while a
    run works stay for the next run."""
    from .actions import rescore_units

    with transaction.atomic():
        _commit_without_waiting_for_disk()
        mine = PendingScore.objects.select_for_update().filter(unit_id=unit_id).order_by("id")
        rows = list(mine.values_list("id", "on"))
        if not rows:
            return 0
        written = rescore_units({unit_id}, {on for _pk, on in rows})
        PendingScore.objects.filter(id__in=[pk for pk, _on in rows]).delete()
    return written


def _commit_without_waiting_for_disk() -> None:
    """PostgreSQL: this transaction's commit does not wait for its WAL to reach the disk (5–13 ms of a task
    on the benchmark machine). Safe for a rescore: the lines are derived, and if a crash lost the commit,
    the pending rows it deleted come back with it and ``requeue_stale`` runs the task again. (SQLite in WAL
    mode with ``synchronous=NORMAL`` already commits without a sync.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def requeue_stale(older_than: datetime.datetime) -> int:
    """Enqueue again the units whose pending rows are older than ``older_than`` (a task that failed, or
    was lost); a duplicate run finds nothing to do. Returns the number of tasks enqueued."""
    units = (
        PendingScore.objects.filter(created_at__lt=older_than)
        .values_list("unit_id", flat=True)
        .distinct()
        .order_by("unit_id")
    )
    count = 0
    for unit_id in units:
        score_event.enqueue(unit_id)
        count += 1
    return count


# --- Reads: is a unit's score still being computed? -------------------------------------------------


def is_pending(unit_ids: Collection[int], start: datetime.date, end: datetime.date) -> bool:
    """Whether an event of one of ``unit_ids`` dated in [start, end] still waits for its scoring task."""
    if not unit_ids:
        return False
    return PendingScore.objects.filter(unit_id__in=list(unit_ids), on__gte=start, on__lte=end).exists()


def pending_any(pairs: Iterable[tuple[int, datetime.date, datetime.date]]) -> bool:
    """``is_pending`` for several (unit, start, end) at once (one query)."""
    condition = Q()
    for unit_id, start, end in pairs:
        condition |= Q(unit_id=unit_id, on__gte=start, on__lte=end)
    return bool(condition) and PendingScore.objects.filter(condition).exists()
