"""Scoring facts of the 批示 follow-up loop (落实反馈), one per assignment (承办单位) whose deadline has
passed: ``instruction.feedback_late`` when its first report came after the deadline (dated on the day
it came), ``instruction.feedback_missing`` while none has come (dated on the deadline). A late report
replaces the missing fact, so a rule never punishes one assignment twice. The deadline is the current
one (an approved extension moves it); withdrawn assignments produce nothing.

Scoring sits above instructions: this module gives the rows, ``scoring.feedback_source`` registers them.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Assignment, AssignmentState, Feedback

LATE, MISSING = "instruction.feedback_late", "instruction.feedback_missing"
KINDS: dict[str, Any] = {LATE: _("批示落实反馈迟报"), MISSING: _("批示落实反馈未报")}
# Below this many units the unit filter goes into SQL; above it, it is cheaper to filter here.
_SQL_FILTER_LIMIT = 500


def feedback_fact_rows(unit_ids: Collection[int], start: datetime.date, end: datetime.date) -> Iterator[dict[str, Any]]:
    """Keyword arguments of one ``ScoringFact`` per late or missing 落实反馈 dated in [start, end]."""
    today = timezone.localdate()
    first_report = Feedback.objects.filter(assignment=OuterRef("pk")).order_by("reported_at").values("reported_at")[:1]
    rows = (
        Assignment.objects.exclude(state=AssignmentState.WITHDRAWN)
        .filter(due_on__lt=min(today, end + datetime.timedelta(days=1)))  # only deadlines that have passed
        .annotate(first_at=Subquery(first_report))
        .select_related("instruction__item")
        .order_by("due_on", "id")
    )
    wanted = set(unit_ids)
    if len(wanted) <= _SQL_FILTER_LIMIT:
        rows = rows.filter(unit_id__in=wanted)
    for row in rows:
        if row.unit_id not in wanted:
            continue
        fact = _fact_of(row)
        if fact is not None and start <= fact["on"] <= end:
            yield fact


def _fact_of(row: Assignment) -> dict[str, Any] | None:
    first_at = getattr(row, "first_at", None)
    if first_at is None:
        kind, day, days_late = MISSING, row.due_on, None
    else:
        day = timezone.localdate(first_at)
        if day <= row.due_on:
            return None
        kind, days_late = LATE, (day - row.due_on).days
    instruction = row.instruction
    item = instruction.item
    return {
        "kind": kind,
        "unit_id": row.unit_id,
        "on": day,
        "source_type": "instructions.assignment",
        "source_id": row.pk,
        "item_id": item.pk if item is not None else None,
        "title": item.title if item is not None else instruction.text[:60],
        # Rules may weight by the leader's level or the instruction's kind (批办性/指导性/参阅性).
        "attrs": {"leader_level": instruction.leader_level, "kind": instruction.kind, "days_late": days_late},
    }
