"""Scoring facts of commissions: ``commission.completed`` (按要求完成约稿) and ``commission.missed``
(未完成约稿), one per target unit once the deadline has passed.

Scoring sits above commissions, so commissions cannot call ``scoring.sources.register_source``
itself (the layer test forbids the import). This module gives the rows; ``scoring.sources.commission_facts``
wraps and registers them, as it does for instructions.

A unit completed a commission when it submitted a linked item by the deadline (its own, or one it
reported jointly with another unit, 合报); otherwise (nothing, or
only after the deadline) it missed it. The fact is dated on the deadline's local day, so a period
holds the commissions that fell due in it; a commission not yet due produces nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator
from typing import Any

from django.db.models import OuterRef
from django.utils import timezone

from .models import CommissionKind, CommissionTarget
from .queries import first_answer

COMPLETED, MISSED = "commission.completed", "commission.missed"
# Below this many units the unit filter goes into SQL; above it, it is cheaper to filter here.
_SQL_FILTER_LIMIT = 500


def _bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    low = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    high = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min))
    return low, high


def commission_fact_rows(
    unit_ids: Collection[int], start: datetime.date, end: datetime.date
) -> Iterator[dict[str, Any]]:
    """Keyword arguments of one ``ScoringFact`` per (commission due in [start, end], target unit)."""
    low, high = _bounds(start, end)
    high = min(high, timezone.now())  # only commissions whose deadline has passed are decided
    if high <= low:
        return
    rows = (
        CommissionTarget.objects.filter(
            commission__kind=CommissionKind.COMMISSION,
            commission__cancelled_at__isnull=True,
            commission__due_at__gte=low,
            commission__due_at__lt=high,
        )
        .annotate(answered_at=first_answer(OuterRef("commission"), OuterRef("unit")))  # 合报 counts too
        .order_by("commission__due_at", "commission_id", "unit_id")
        .values_list("commission_id", "commission__title", "commission__due_at", "unit_id", "is_lead", "answered_at")
    )
    wanted = set(unit_ids)
    if len(wanted) <= _SQL_FILTER_LIMIT:
        rows = rows.filter(unit_id__in=wanted)
    for commission_id, title, due_at, unit_id, is_lead, answered_at in rows:
        if unit_id not in wanted:
            continue
        done = answered_at is not None and answered_at <= due_at
        yield {
            "kind": COMPLETED if done else MISSED,
            "unit_id": unit_id,
            "on": timezone.localdate(due_at),
            "source_type": "commissions.commission",
            "source_id": commission_id,
            "title": title,
            "attrs": {"lead": is_lead, "late": answered_at is not None and not done},
        }
