"""The 批示 parts of other apps' pages (registered in ``AppConfig.ready``; publications does not import us)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from xinbao.core.registry import Section, register_section
from xinbao.items.models import Item
from xinbao.orgs import duties
from xinbao.orgs.models import User
from xinbao.publications.models import Issue

from . import queries
from .models import Instruction


def issue_instructions(user: User | None, issue: Issue) -> dict[str, Any]:
    """The 批示 on an issue and on its items; an item's title as the reader may see it."""
    rows = list(queries.for_issue_display(issue.pk))
    can_write = duties.is_leader(user) or duties.can_compose(user, issue.periodical.hub_id)
    return {"issue": issue, "instructions": queries.titled(user, rows), "can_write": can_write}


def item_instructions(user: User | None, item: Item) -> dict[str, Any] | None:
    """领导批示 on the item (and on issues that printed it), for the people who may open the item's page."""
    on_item = Q(item_id=item.pk)
    on_its_issues = Q(item__isnull=True, issue__entries__submission__item_id=item.pk)
    rows = list(
        Instruction.objects.filter(on_item | on_its_issues)
        .select_related("issue__periodical")
        .distinct()
        .order_by("-instructed_on", "-id")
    )
    return {"instructions": rows} if rows else None


def item_opinion_handling(user: User | None, item: Item) -> dict[str, Any] | None:
    """On an adopted 社情民意: the CPPCC office's button to send it to departments for handling."""
    subs = queries.adopted_cppcc_submissions(user, item.pk)
    return {"submissions": subs} if subs else None


register_section(
    Section(
        "instructions.opinion",
        "items.item",
        "instructions/_opinion_section.html",
        item_opinion_handling,
        order=16,
    )
)
register_section(
    Section("instructions.item", "items.item", "instructions/_item_section.html", item_instructions, order=15)
)
register_section(
    Section(
        "instructions.issue",
        "publications.issue",
        "instructions/_issue_section.html",
        issue_instructions,
        order=10,
    )
)
