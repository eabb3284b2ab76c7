"""The 批示 parts of other apps' pages (registered in ``AppConfig.ready``; publications does not import us)."""

from __future__ import annotations

from typing import Any

from xinbao.core.registry import Section, register_section
from xinbao.items import policy
from xinbao.orgs import duties

from . import queries


def issue_instructions(user: Any, issue: Any) -> dict[str, Any]:
    """The 批示 on an issue and on its items; an item's title as the reader may see it."""
    rows = list(queries.for_issue_display(issue.pk))
    titles = policy.titles_for(user, {ins.item_id: ins.item.title for ins in rows if ins.item_id})
    can_write = duties.is_leader(user) or duties.can_compose(user, issue.periodical.hub_id)
    return {
        "issue": issue,
        "instructions": [(ins, titles.get(ins.item_id, "")) for ins in rows],
        "can_write": can_write,
    }


register_section(
    Section(
        "instructions.issue",
        "publications.issue",
        "instructions/_issue_section.html",
        issue_instructions,
        order=10,
    )
)
