"""The insights API: similar items and suggestions for a text (the caller's read policy applies)."""

from __future__ import annotations

from typing import Any

from ninja import Router, Schema

from xinbao.core.errors import DomainError
from xinbao.core.http import AuthedRequest

from . import checks, similarity, suggest

router = Router(tags=["insights"])


class TextIn(Schema):
    title: str = ""
    body: str = ""
    category: str = ""


class MatchOut(Schema):
    item_id: int
    score: float
    title: str
    unit: str
    readable: bool
    date: str


class SuggestionOut(Schema):
    target: str
    value: str
    label: str
    confidence: float
    samples: int
    accuracy: float | None


class SuggestOut(Schema):
    suggestions: list[SuggestionOut]
    checks: dict[str, Any]


def _text(payload: TextIn) -> tuple[str, str]:
    title, body = payload.title.strip()[:200], payload.body.strip()[:20000]
    if not title and not body:
        raise DomainError("请提供标题或正文。", field="body")
    return title, body


@router.post("/similar", response=list[MatchOut])
def similar(request: AuthedRequest, payload: TextIn) -> list[dict[str, Any]]:
    """The indexed items most similar to ``{title, body}`` that the caller may know of, with scores
    (texts the caller may not read are never returned; sensitive titles are labelled)."""
    title, body = _text(payload)
    return [m.as_dict() for m in similarity.similar_for(request.user, title, body)]


@router.post("/suggest", response=SuggestOut)
def suggest_labels(request: AuthedRequest, payload: TextIn) -> dict[str, Any]:
    """Suggested category and 喜/忧 with confidence (from the hub's own adopted items), and the writing
    checks. Suggestions only: nothing is changed."""
    title, body = _text(payload)
    user = request.user
    return {
        "suggestions": [s.as_dict() for s in suggest.suggest(user, title, body)],
        "checks": checks.check(user, title, body, payload.category).as_dict(),
    }
