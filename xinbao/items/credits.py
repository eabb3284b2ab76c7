"""Who gets credit for an adoption (shared by the items and publications apps, read by scoring).

- a single item: its unit (and its author), plus every co-submitting unit (合报) marked ``joint``;
- a combined (综合) item: every source submission's origin unit (and author), each once, plus their
  co-submitting units — "every source item and unit keeps credit".
Whether joint credit is split or given in full is the rule set's decision (scoring), not ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .models import Item, MergeSource


@dataclass(frozen=True)
class Credit:
    unit_id: int
    person_id: int | None
    source_item_id: int
    joint: bool


def _credits_of_single(item: Item) -> list[Credit]:
    credits = [Credit(item.unit_id, item.author_id, item.pk, False)]
    credits += [Credit(u.pk, None, item.pk, True) for u in item.co_units.all() if u.pk != item.unit_id]
    return credits


def credits_for(item: Item) -> list[Credit]:
    if not item.is_combined:
        return _credits_of_single(item)
    sources = (
        MergeSource.objects.filter(combined=item)
        .select_related("source__item")
        .prefetch_related("source__item__co_units")
    )
    seen: set[tuple[int, int]] = set()
    result: list[Credit] = []
    for merge in sources:
        for credit in credits_for(merge.source.item):
            key = (credit.unit_id, credit.source_item_id)
            if key not in seen:
                seen.add(key)
                result.append(credit)
    return result


def unit_ids(credits: list[Credit]) -> list[Any]:
    return sorted({c.unit_id for c in credits})
