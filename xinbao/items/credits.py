"""Who gets credit for an adoption (shared by the items and publications apps, read by scoring).

- a single item: its unit (and its author), plus every co-submitting unit (合报) marked ``joint``;
- a combined (综合) item: every source submission's origin unit (and author), each once, plus their
  co-submitting units — "every source item and unit keeps credit".
Whether joint credit is split or given in full is the rule set's decision (scoring), not ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from xinbao.orgs.models import Unit

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


def writer_credit(item: Item) -> str | None:
    """A CPPCC member writing in person is credited by name and 界别 ("张三（经济界）"), not by the office."""
    author = item.author
    if author is None or author.sector_id is None or author.sector is None:
        return None
    return f"{author.display_name or author.username}（{author.sector.name}）"


def credit_lines(rows: list[tuple[Item, str]]) -> list[str]:
    """The credit printed after each item in an issue: the unit that sent it (with its 合报 units), or for a
    combined (综合) item the units whose items it was made from — "（根据甲、乙报送信息综合）". For all of an
    issue's (item, origin unit name) in a fixed number of queries."""
    items = [item for item, _origin in rows]
    prefetch_related_objects(items, "co_units")
    combined_ids = [item.pk for item in items if item.is_combined]
    sources: dict[int, list[Credit]] = {pk: [] for pk in combined_ids}
    merges = (
        MergeSource.objects.filter(combined_id__in=combined_ids)
        .select_related("source__item")
        .prefetch_related("source__item__co_units")
        .order_by("pk")
    )
    for merge in merges:
        sources[merge.combined_id] += credits_for(merge.source.item)  # a merge of merges recurses (rare)
    source_units = {c.unit_id for credits in sources.values() for c in credits}
    unit_names = {u.pk: u.short_name or u.name for u in Unit.objects.filter(pk__in=source_units).order_by("path")}
    lines = []
    for item, origin in rows:
        if not item.is_combined:
            partners = [u.short_name or u.name for u in item.co_units.all()]
            lines.append("、".join([writer_credit(item) or origin, *partners]))
            continue
        names = [name for pk, name in unit_names.items() if pk in {c.unit_id for c in sources[item.pk]}]
        lines.append(_("根据%(u)s报送信息综合") % {"u": "、".join(names)} if names else origin)
    return lines
