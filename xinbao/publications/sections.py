"""The publications parts of other apps' pages (registered in ``AppConfig.ready``)."""

from __future__ import annotations

from typing import Any

from xinbao.core.registry import Section, register_section

from . import queries


def item_printed(user: Any, item: Any) -> dict[str, Any] | None:
    """刊发情况: where the item was printed, with the text as printed (read-only). Shown to the people
    who may open the item's page (its unit and the hubs it reached)."""
    rows = queries.printed(item.pk, user)
    return {"printed": rows} if rows else None


register_section(Section("publications.printed", "items.item", "publications/_item_section.html", item_printed, 20))
