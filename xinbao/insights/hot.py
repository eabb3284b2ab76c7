"""本周/本月热点: what the hub's units write about now.

Over the items submitted in the hub's scope in the last N days: keywords by TF-IDF over their jieba
words (already segmented in the search documents), each with the items and units that use it; and
clusters of near-duplicate items (the same event from several units) from the similarity index
(datasketch's in-memory LSH over the stored signatures). Titles go through the read policy; links only
to items the reader may open. Cached for ten minutes per hub, window and reader.
"""

from __future__ import annotations

import datetime
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.utils import timezone

from xinbao.items import policy

from . import similarity
from .models import DocKind, SearchDoc, SimilaritySignature
from .text import STOPWORDS

if TYPE_CHECKING:
    from xinbao.orgs.models import Unit, User

MAX_ITEMS = 5000
TOPICS = 8


@dataclass
class TopicItem:
    item_id: int
    title: str
    unit: str
    url: str | None


@dataclass
class Topic:
    label: str
    weight: float
    units: list[str]
    items: list[TopicItem] = field(default_factory=list)
    kind: str = "keyword"  # keyword | event


def _window_docs(hub: Unit, since: datetime.date) -> list[tuple[int, str, str, str]]:
    units = similarity._units_in_scope(hub.pk)
    ids = list(
        SimilaritySignature.objects.filter(day__gte=since, submitted=True, unit_id__in=units)
        .order_by("-day", "-item_id")
        .values_list("item_id", flat=True)[:MAX_ITEMS]
    )
    rows = SearchDoc.objects.filter(kind=DocKind.ITEM, object_id__in=ids).values_list(
        "object_id", "title", "tokens", "unit__name"
    )
    return [(pk, title, tokens, unit or "") for pk, title, tokens, unit in rows]


def _words(tokens: str) -> list[str]:
    return [w for w in tokens.split() if not w.startswith("xb") and len(w) >= 2 and w not in STOPWORDS]


def compute(hub: Unit, days: int, today: datetime.date) -> list[dict[str, Any]]:
    """The raw topics (no titles yet: they depend on the reader)."""
    since = today - datetime.timedelta(days=days)
    docs = _window_docs(hub, since)
    if not docs:
        return []
    doc_words = {pk: set(_words(tokens)) for pk, _t, tokens, _u in docs}
    df: Counter[str] = Counter()
    for words in doc_words.values():
        df.update(words)
    n = len(docs)
    # A word used by many items now, but not by nearly all (boilerplate): df · idf, smoothed.
    scored = {w: c * math.log((n + 1) / (c + 0.5)) for w, c in df.items() if c >= 2 and c <= 0.6 * n}
    units = {pk: unit for pk, _t, _k, unit in docs}
    topics: list[dict[str, Any]] = []
    used: set[str] = set()
    for word, weight in sorted(scored.items(), key=lambda kv: (-kv[1], kv[0])):
        if any(word in u or u in word for u in used):
            continue
        used.add(word)
        ids = sorted((pk for pk, words in doc_words.items() if word in words), reverse=True)
        topics.append(
            {
                "label": word,
                "weight": round(weight, 2),
                "kind": "keyword",
                "items": ids[:20],
                "units": sorted({units[i] for i in ids}),
            }
        )
        if len(topics) >= TOPICS:
            break
    for group in similarity.pairs_in_window(hub.pk, since)[:TOPICS]:
        ids = sorted(group, reverse=True)
        topics.append(
            {
                "label": "",
                "weight": float(len(ids)),
                "kind": "event",
                "items": ids[:20],
                "units": sorted({units.get(i, "") for i in ids} - {""}),
            }
        )
    return topics


def hot_topics(user: User | None, hub: Unit, days: int = 7) -> list[Topic]:
    today = timezone.localdate()
    key = f"insights:hot:{hub.pk}:{days}:{today.isoformat()}"
    raw = cache.get(key)
    if raw is None:
        raw = compute(hub, days, today)
        cache.set(key, raw, 600)
    ids = {i for t in raw for i in t["items"]}
    titles = dict(SearchDoc.objects.filter(kind=DocKind.ITEM, object_id__in=ids).values_list("object_id", "title"))
    shown = policy.titles_for(user, {i: titles.get(i, "") for i in ids})
    readable = policy.readable_ids(user, ids)
    units = dict(SearchDoc.objects.filter(kind=DocKind.ITEM, object_id__in=ids).values_list("object_id", "unit__name"))
    topics = []
    for t in raw:
        items = [
            TopicItem(i, shown[i], units.get(i) or "", f"/items/{i}/" if i in readable else None) for i in t["items"]
        ]
        label = t["label"] or (items[0].title if items else "")
        topics.append(Topic(label, t["weight"], t["units"], items, t["kind"]))
    return topics
