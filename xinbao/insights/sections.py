"""What insights adds to other apps' pages (they do not import insights): on the page of a submission
the hub screens, the similar items of the hub's scope and the category / 喜忧 suggestions."""

from __future__ import annotations

from typing import Any

from xinbao.core.registry import Section, register_section
from xinbao.orgs.models import User

from . import similarity, suggest


def submission_insights(user: User | None, sub: Any) -> dict[str, Any] | None:
    """The hub's staff only; suggestions are shown beside the submission's current values, never applied."""
    found = similarity.for_submission(user, sub)
    if found is None:
        return None
    matches, days = found
    title, _sep, body = sub.text.partition("\n") if sub.text else (sub.title, "", "")
    current = {"category": sub.category, "tone": sub.tone}
    suggestions = [(s, s.value == current.get(s.target)) for s in suggest.suggest_for_hubs([sub.hub_id], title, body)]
    return {"matches": matches, "days": days, "suggestions": suggestions, "sub": sub}


register_section(
    Section("insights.submission", "items.submission", "insights/_submission_section.html", submission_insights, 10)
)
