"""The hubs' 原稿转送/交办 and 差错通报 records (items.Outcome) as scoring facts, scored live: credited to
the item's unit and writer on the day recorded; a withdrawn record stops counting."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator
from typing import Any

from xinbao.items.models import OutcomeKind
from xinbao.items.queries import outcomes_between
from xinbao.items.signals import outcome_changed

from .sources import PLANNED_FACT_KINDS, ScoringFact, register_source

FACT_KIND = {OutcomeKind.REFERRED: "item.referred", OutcomeKind.ERROR: "error.reported"}


def outcome_facts(unit_ids: Collection[int], start: datetime.date, end: datetime.date) -> Iterator[ScoringFact]:
    wanted = set(unit_ids)
    rows = outcomes_between(start, end)
    if len(wanted) <= 500:  # a unit's own rescoring: filter in SQL; a whole ranking: read the period once
        rows = rows.filter(submission__item__unit_id__in=wanted)
    for row in rows:
        item = row.submission.item
        if item.unit_id not in wanted:
            continue
        yield ScoringFact(
            kind=FACT_KIND[OutcomeKind(row.kind)],
            unit_id=item.unit_id,
            person_id=item.author_id,
            on=row.on,
            source_type="items.outcome",
            source_id=row.pk,
            item_id=item.pk,
            title=item.title,
            # ``by``: the departments or the reporting office, ``hub``: who recorded it (rules may match both).
            attrs={"category": item.category, "by": row.counterpart, "hub": row.submission.hub.name},
        )


def on_outcome(outcome: Any, **_: Any) -> None:
    from .tasks import schedule

    schedule({outcome.submission.item.unit_id}, outcome.on)  # scored after commit (tasks.score_event)


register_source("outcomes", outcome_facts, {k: PLANNED_FACT_KINDS[k] for k in FACT_KIND.values()})
outcome_changed.connect(on_outcome, dispatch_uid="scoring.on_outcome")
