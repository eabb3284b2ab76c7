"""Small test-local builders for items, combined items and adoptions (the items app's own helpers
build the full lifecycle; scoring only needs submitted items and recorded adoptions)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.utils import timezone

from xinbao.items.actions import AdoptionRecord, record_adoption
from xinbao.items.models import Item, ItemState, MergeSource, Submission
from xinbao.scoring import actions
from xinbao.scoring.models import RuleSet

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def example(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def make_item(
    unit: Any,
    author: Any,
    day: datetime.date,
    *,
    title: str = "",
    category: str = "news",
    co_units: tuple[Any, ...] = (),
    item_type: str = "text",
) -> Item:
    item = Item.objects.create(
        unit=unit,
        author=author,
        title=title or f"{unit.name}{day:%m月%d日}信息",
        category=category,
        item_type=item_type,
        state=ItemState.SUBMITTED,
        submitted_at=at(day),
        signed_at=at(day),
    )
    if co_units:
        item.co_units.set(co_units)
    return item


def make_items(unit: Any, author: Any, day: datetime.date, n: int, **kw: Any) -> list[Item]:
    return [make_item(unit, author, day, title=f"{unit.name}常规信息{i + 1}", **kw) for i in range(n)]


def make_combined(hub: Any, editor: Any, channel: Any, sources: list[Item], day: datetime.date, title: str) -> Item:
    """A 综合 item written by ``hub`` from ``sources`` (each gets a Submission at the hub)."""
    combined = Item.objects.create(
        unit=hub, author=editor, title=title, category="combined", state=ItemState.SUBMITTED, is_combined=True
    )
    for source in sources:
        submission = Submission.objects.create(
            item=source,
            hub=hub,
            channel=channel,
            from_unit=source.unit,
            origin_unit=source.unit,
            state="merged",
            category=source.category,
            tone=source.tone,
            title=source.title,
            received_at=at(day),
        )
        MergeSource.objects.create(combined=combined, source=submission)
    return combined


def adopt(item: Item, day: datetime.date, level: str, **kw: Any) -> Any:
    kw.setdefault(
        "adopter_name",
        {"county": "县委办公室", "city": "市委办公室", "province": "省委办公厅"}.get(level, "中央办公厅"),
    )
    return record_adoption(None, AdoptionRecord(item=item, level=level, adopted_on=day, **kw))


def rule_set(hub: Any, channel: Any, text: str, valid_from: datetime.date) -> RuleSet:
    return actions.create_rule_set(None, hub=hub, channel=channel, text=text, valid_from=valid_from)
