"""落实反馈 late or not sent (instructions.facts) as scoring facts. A report rescores its unit's periods
at once (the missing fact of the deadline goes, a late one may come); a deadline passing with nothing
reported shows at the next recompute (the notice job, or 重新计算)."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator
from typing import Any

from django.db.models.signals import post_save
from django.utils import timezone

from xinbao.instructions.facts import KINDS, feedback_fact_rows
from xinbao.instructions.models import Feedback

from .sources import ScoringFact, register_source


def feedback_facts(unit_ids: Collection[int], start: datetime.date, end: datetime.date) -> Iterator[ScoringFact]:
    for row in feedback_fact_rows(unit_ids, start, end):
        yield ScoringFact(**row)


def on_feedback(instance: Feedback, created: bool = False, **_: Any) -> None:
    if not created:
        return
    from .tasks import schedule

    assignment = instance.assignment
    schedule({assignment.unit_id}, assignment.due_on)  # scored after commit (tasks.score_event)
    reported_on = timezone.localdate(instance.reported_at)
    if reported_on != assignment.due_on:
        schedule({assignment.unit_id}, reported_on)


register_source("instruction_feedback", feedback_facts, KINDS)
post_save.connect(on_feedback, sender=Feedback, dispatch_uid="scoring.on_instruction_feedback")
