from __future__ import annotations

import datetime

from django.db.models import QuerySet

from .models import Instruction


def instructions_between(start: datetime.date, end: datetime.date) -> QuerySet[Instruction]:
    """Instructions dated in [start, end] (for scoring and notices)."""
    return Instruction.objects.filter(instructed_on__gte=start, instructed_on__lte=end).select_related("item")


def for_item(item_id: int) -> QuerySet[Instruction]:
    return Instruction.objects.filter(item_id=item_id)


def for_issue(issue_id: int) -> QuerySet[Instruction]:
    return Instruction.objects.filter(issue_id=issue_id)


def for_issue_display(issue_id: int) -> QuerySet[Instruction]:
    """The 批示 on an issue and on the items in it, newest first, ready for a list."""
    return for_issue(issue_id).select_related("item", "leader").order_by("-instructed_on", "-id")


def for_item_display(item_id: int) -> QuerySet[Instruction]:
    return for_item(item_id).select_related("item", "leader").order_by("-instructed_on", "-id")
