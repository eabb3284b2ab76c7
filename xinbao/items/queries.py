"""Reads on items, scoped for views and the API, and period reads for scoring and notices.

(The screening queue, unit lists and search are added by the items issue.)
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from .models import Adoption, Item, ItemState


def adoptions_between(start: datetime.date, end: datetime.date) -> QuerySet[Adoption]:
    """Live adoptions dated in [start, end], with their credits and items loaded (scoring, notices)."""
    return (
        Adoption.objects.filter(adopted_on__gte=start, adopted_on__lte=end, revoked_at__isnull=True)
        .select_related("item")
        .prefetch_related("credits")
        .order_by("adopted_on", "id")
    )


def submitted_items_between(start: datetime.date, end: datetime.date) -> QuerySet[Item]:
    """Items that left their unit (were submitted) in [start, end] — for quotas and blank-unit lists."""
    return (
        Item.objects.filter(submitted_at__date__gte=start, submitted_at__date__lte=end)
        .exclude(state=ItemState.DELETED)
        .order_by("submitted_at", "id")
    )
