"""The commission an item answers, shown on the item's page (items does not import commissions)."""

from __future__ import annotations

from typing import Any

from xinbao.core.registry import Section, register_section
from xinbao.orgs.models import User

from . import queries


def item_commission(user: User | None, item: Any) -> dict[str, Any] | None:
    if item.commission_id is None:
        return None
    commission = item.commission
    return {"commission": commission, "link": queries.commission_for(user, commission.pk) is not None}


register_section(Section("commissions.item", "items.item", "commissions/_item_section.html", item_commission, order=5))
