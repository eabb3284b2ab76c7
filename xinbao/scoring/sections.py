"""Scoring's part of another app's page (registered in ``AppConfig.ready``): an item's points."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from xinbao.core.registry import Section, register_section
from xinbao.orgs.models import User

from . import queries
from .models import ScoreEntry
from .tasks import is_pending

if TYPE_CHECKING:
    from xinbao.items.models import Item


def item_points(user: User, item: Item) -> dict[str, Any] | None:
    """考核得分: the ledger lines this item earned, in the rule sets whose ledger of that unit the reader
    may see, and "计分中" while an event of the item's units still waits for its scoring task."""
    from xinbao.items.queries import adoptions_between

    adoptions = adoptions_between(datetime.date.min, datetime.date.max).filter(item=item)
    units = {item.unit_id, *(c.unit_id for a in adoptions for c in a.credits.all())}
    entries = (
        ScoreEntry.objects.filter(item_id=item.pk, writer_only=False, rule_set__deleted_at__isnull=True)
        .select_related("rule_set", "unit")
        .order_by("rule_set_id", "period_start", "seq", "id")
    )
    lines = [e for e in entries[:50] if queries.can_view_unit(user, e.rule_set, e.unit)]
    pending = bool(lines or adoptions) and is_pending(units, datetime.date.min, datetime.date.max)
    if not lines and not pending:
        return None
    return {"lines": lines, "pending": pending}


register_section(Section("scoring.item", "items.item", "scoring/_item_section.html", item_points, order=30))
