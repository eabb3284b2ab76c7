"""Chinese full-text search across items, received items, issues, 批示 and notices, scoped by the
read policy (docs/decisions/0007-search-and-similarity.md).

Each searchable thing is a ``SearchDoc``: its title and text, and ``tokens`` — the jieba words of both
(search mode, with the hubs' office terms in the dictionary) followed by *scope tokens* that say who may
find it (``xbu<unit>``: the people of the unit; ``xbh<hub>``: the hub's staff; ``xbd<unit>``: a unit the
issue or notice was delivered to; ``xba<person>``: the author) and its 密级 (``xbc0``–``xbc3``),
restriction (``xbr``), category, state and unit. The full-text index over ``tokens`` is SQLite FTS5 or
a PostgreSQL GIN index on a generated ``tsvector``; a query is the reader's words AND their scope, so
the index itself never returns what is outside the reader's scope. Every row shown is then checked
again by the owning app's policy (``items.policy``, ``publications.queries``, ``scoring.queries``).
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from xinbao.items import policy
from xinbao.orgs import duties

from . import text as tx
from .models import DocKind, SearchDoc

if TYPE_CHECKING:
    from xinbao.orgs.models import User

PAGE_SIZE = 20
COUNT_CAP = 10_000
# Relevance is computed over at most this many of the newest matches (a very common word matches a
# large share of a hub's items; ranking them all costs more than the page is worth). The pages cover
# them; the count says how many there are in all (up to COUNT_CAP).
RANK_WINDOW = 1_000
DF_CAP = 10_000  # a word's documents are counted up to this many for its weight
TITLE_WEIGHT = 2  # an occurrence in the title counts as two in the text
BM25_K1, BM25_B = 1.2, 0.75
_TOKEN = re.compile(r"^[\w\u4e00-\u9fff]+$")


# --- Documents ----------------------------------------------------------------------------------------


@dataclass
class Doc:
    kind: str
    object_id: int
    title: str
    body: str
    day: datetime.date
    unit_id: int | None = None
    category: str = ""
    state: str = ""
    scope: list[str] = field(default_factory=list)


def classification_tokens(classification: str, restricted: bool) -> list[str]:
    tokens = [f"xbc{policy.rank(classification)}"]
    if restricted:
        tokens.append("xbr")
    return tokens


def _bigrams(word: str) -> list[str]:
    return [word[i : i + 2] for i in range(len(word) - 1)]


def index_words(text: str) -> list[str]:
    """jieba's search-mode words, plus the character pairs of every word of three characters or more:
    jieba sometimes glues a word to its neighbour ("镇冷链"), and the pairs still find "冷链"."""
    found = tx.words(text, search=True)
    extra = [pair for w in found if len(w) >= 3 and not w.isascii() for pair in _bigrams(w)]
    return found + extra


def tokens_for(doc: Doc) -> str:
    words = index_words(f"{doc.title}\n{doc.body}")
    extra = [f"xbk{doc.kind}"]
    if doc.unit_id:
        extra.append(f"xbo{doc.unit_id}")
    if doc.category:
        extra.append(f"xbcat{doc.category}")
    if doc.state:
        extra.append(f"xbst{doc.state}")
    return " ".join([*words, *doc.scope, *extra])


def store(docs: Sequence[Doc]) -> None:
    """Insert or replace ``docs`` (the full-text index follows: triggers on SQLite, a generated column
    on PostgreSQL)."""
    if not docs:
        return
    for kind in {d.kind for d in docs}:
        SearchDoc.objects.filter(kind=kind, object_id__in=[d.object_id for d in docs if d.kind == kind]).delete()
    SearchDoc.objects.bulk_create(
        [
            SearchDoc(
                kind=d.kind,
                object_id=d.object_id,
                title=d.title[:300],
                body=d.body,
                tokens=tokens_for(d),
                unit_id=d.unit_id,
                category=d.category,
                state=d.state,
                day=d.day,
            )
            for d in docs
        ],
        batch_size=2000,
    )


def unstore(kind: str, object_ids: Iterable[int]) -> None:
    SearchDoc.objects.filter(kind=kind, object_id__in=list(object_ids)).delete()


# --- The reader's scope -------------------------------------------------------------------------------


def scope_expression(user: User | None) -> str | None:
    """The boolean expression over scope tokens that the reader's matches must satisfy (None: nothing)."""
    if user is None:
        return "xbkitem OR xbksubmission OR xbkissue OR xbkinstruction OR xbknotice"
    if not duties.is_business_user(user):
        return None
    unit = user.unit_id
    level = duties.clearance(user)
    classes = " OR ".join(f"xbc{r}" for r in range(level + 1))
    signer = duties.can_sign(user, unit)
    senior = duties.is_hub_senior(user, unit)
    own = f"(({classes}) NOT xbr)" if not signer else f"({classes})"
    parts = [f"(xbu{unit} AND (xba{user.pk} OR {own}))", f"xbd{unit}"]
    if duties.is_hub_staff(user, unit):
        at_hub = f"({classes})" if senior else f"(({classes}) NOT xbr)"
        parts.append(f"(xbh{unit} AND {at_hub})")
    return " OR ".join(parts)


# --- Queries ------------------------------------------------------------------------------------------


@dataclass
class Filters:
    kind: str = ""
    unit_id: int | None = None
    category: str = ""
    state: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None


@dataclass
class Hit:
    doc_id: int
    kind: str
    object_id: int
    title: str
    snippet: SafeString
    day: datetime.date
    url: str
    unit_name: str = ""


@dataclass
class Result:
    query: str
    words: list[str]
    hits: list[Hit]
    total: int
    capped: bool
    page: int
    pages: int
    windowed: bool = False  # more matches than RANK_WINDOW: the pages rank the newest RANK_WINDOW
    window: int = RANK_WINDOW


def query_words(q: str) -> list[str]:
    """The words a query asks for (each must occur): jieba's precise cut, punctuation dropped."""
    seen: list[str] = []
    for word in tx.words(q.strip()[:100]):
        if _TOKEN.match(word) and word not in seen:
            seen.append(word)
    return seen[:12]


def _match_expression(words: Sequence[str], scope: str, filters: Filters) -> str:
    required = [_word_expression(w) for w in words]
    for token, wanted in (
        (f"xbk{filters.kind}", filters.kind),
        (f"xbo{filters.unit_id}", filters.unit_id),
        (f"xbcat{filters.category}", filters.category),
        (f"xbst{filters.state}", filters.state),
    ):
        if wanted:
            required.append(token)
    return " AND ".join([*required, f"({scope})"])


def _word_expression(word: str) -> str:
    """A query word: the word itself, or (for three characters or more) all of its character pairs."""
    if len(word) < 3 or word.isascii():
        return f'"{word}"'
    pairs = " AND ".join(f'"{p}"' for p in dict.fromkeys(_bigrams(word)))
    return f'("{word}" OR ({pairs}))'


def _to_tsquery(expression: str) -> str:
    """The FTS5 expression in PostgreSQL's tsquery syntax (the same grammar, other operators)."""
    out = expression.replace(" AND ", " & ").replace(" OR ", " | ").replace(" NOT ", " & !")
    return re.sub(r'"([^"]+)"', r"'\1'", out)


def _day_clause(filters: Filters, params: list[Any], column: str) -> str:
    sql = ""
    if filters.start:
        sql += f" AND {column} >= %s"
        params.append(filters.start)
    if filters.end:
        sql += f" AND {column} <= %s"
        params.append(filters.end)
    return sql


def _window_ids(expression: str, filters: Filters, limit: int) -> list[int]:
    """The ids of the newest ``limit`` matches, newest first: the full-text index read in id order
    and stopped at ``limit`` (no ranking function: FTS5's bm25 counts, per query, the documents of every
    phrase in the expression, scope tokens that are in nearly every document included)."""
    params: list[Any]
    if connection.vendor == "postgresql":
        params = [_to_tsquery(expression)]
        days = _day_clause(filters, params, "d.day")
        sql = (
            "SELECT d.id FROM insights_searchdoc d WHERE d.tsv @@ to_tsquery('simple', %s)"
            + days
            + " ORDER BY d.id DESC LIMIT %s"
        )
    else:
        params = [expression]
        days = _day_clause(filters, params, "d.day")
        join = " JOIN insights_searchdoc d ON d.id = f.rowid" if days else ""
        sql = (
            "SELECT f.rowid FROM insights_fts f"
            + join
            + " WHERE insights_fts MATCH %s"
            + days
            + " ORDER BY f.rowid DESC LIMIT %s"
        )
    params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _count(expression: str, filters: Filters) -> int:
    """The number of matches, counted up to ``COUNT_CAP + 1`` (only asked when the window is full)."""
    params: list[Any]
    if connection.vendor == "postgresql":
        params = [_to_tsquery(expression)]
        days = _day_clause(filters, params, "day")
        sql = (
            "SELECT COUNT(*) FROM (SELECT 1 FROM insights_searchdoc WHERE tsv @@ to_tsquery('simple', %s)"
            + days
            + " LIMIT %s) c"
        )
    else:
        params = [expression]
        days = _day_clause(filters, params, "d.day")
        join = " JOIN insights_searchdoc d ON d.id = f.rowid" if days else ""
        sql = (
            "SELECT COUNT(*) FROM (SELECT 1 FROM insights_fts f"
            + join
            + " WHERE insights_fts MATCH %s"
            + days
            + " LIMIT %s) c"
        )
    params.append(COUNT_CAP + 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0])


def _weights(words: Sequence[str]) -> list[float]:
    """Each query word's inverse document frequency, from its number of documents counted up to
    ``DF_CAP`` (a word in more documents weighs as one in ``DF_CAP``: the common words all weigh
    little). One word alone: no count (every match contains it, its weight changes no order)."""
    if len(words) < 2:
        return [1.0] * len(words)
    counts: list[int] = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(id) FROM insights_searchdoc")
        n = int(cursor.fetchone()[0] or 0)
        for word in words:
            expression = _word_expression(word)
            if connection.vendor == "postgresql":
                sql = (
                    "SELECT COUNT(*) FROM (SELECT 1 FROM insights_searchdoc"
                    " WHERE tsv @@ to_tsquery('simple', %s) LIMIT %s) c"
                )
                cursor.execute(sql, [_to_tsquery(expression), DF_CAP])
            else:
                sql = "SELECT COUNT(*) FROM (SELECT 1 FROM insights_fts WHERE insights_fts MATCH %s LIMIT %s) c"
                cursor.execute(sql, [expression, DF_CAP])
            counts.append(int(cursor.fetchone()[0]))
    return [math.log(1 + (max(n, df) - df + 0.5) / (df + 0.5)) for df in counts]


def _ranked_page(
    ids: Sequence[int], words: Sequence[str], weights: Sequence[float], offset: int, limit: int
) -> list[int]:
    """``ids`` ranked by BM25 over the documents' own text, the page asked for: per word, its
    occurrences in the title (``TITLE_WEIGHT`` each) and the text, the text's length against the
    window's mean; then the newest first. Computed by the database over the window's rows (the same
    SQL on SQLite and PostgreSQL), so its cost is bounded by ``RANK_WINDOW`` whatever the corpus."""
    if not ids:
        return []
    columns: list[str] = []
    terms: list[str] = []
    params: list[Any] = []
    for k, word in enumerate(words):
        # Words are lower case (``query_words``); Chinese has no case, so only a Latin word needs LOWER.
        cased = "LOWER(d.{})" if word.isascii() else "d.{}"
        occurrences = [
            f"(LENGTH(d.{col}) - LENGTH(REPLACE({cased.format(col)}, %s, ''))) / {len(word)}"
            for col in ("title", "body")
        ]
        columns.append(f"{TITLE_WEIGHT} * {occurrences[0]} + {occurrences[1]} AS tf{k}")
        params += [word, word]
    marks = ", ".join(["%s"] * len(ids))
    params += list(ids)
    for k, weight in enumerate(weights):
        terms.append(f"%s * tf{k} * {BM25_K1 + 1} / (tf{k} + {BM25_K1} * ({1 - BM25_B} + {BM25_B} * dl / avgdl))")
        params.append(weight)
    params += [limit, offset]
    sql = (
        "SELECT id FROM (SELECT t.*, AVG(t.dl * 1.0) OVER () AS avgdl FROM ("
        f"SELECT d.id, d.day, {', '.join(columns)}, 1 + LENGTH(d.title) + LENGTH(d.body) AS dl"
        f" FROM insights_searchdoc d WHERE d.id IN ({marks})) t) r"
        f" ORDER BY {' + '.join(terms)} DESC, day DESC, id DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def search(user: User | None, q: str, filters: Filters | None = None, page: int = 1) -> Result:
    """The reader's matches for ``q``, best first, ``PAGE_SIZE`` a page, each checked by its app's policy.

    The newest ``RANK_WINDOW`` matches are ranked (one read of the index, stopped there); the matches
    are counted (up to ``COUNT_CAP``) only when there are more than that."""
    filters = filters or Filters()
    words = query_words(q)
    scope = scope_expression(user)
    if not words or scope is None:
        return Result(q, words, [], 0, False, 1, 1)
    expression = _match_expression(words, scope, filters)
    window = _window_ids(expression, filters, RANK_WINDOW)
    total = len(window) if len(window) < RANK_WINDOW else _count(expression, filters)
    capped = total > COUNT_CAP
    total = min(total, COUNT_CAP)
    pages = max(1, (len(window) + PAGE_SIZE - 1) // PAGE_SIZE)
    page = min(max(1, page), pages)
    ids = _ranked_page(window, words, _weights(words), (page - 1) * PAGE_SIZE, PAGE_SIZE)
    docs = {d.pk: d for d in SearchDoc.objects.filter(pk__in=ids).defer("tokens").select_related("unit")}
    rows = [docs[i] for i in ids if i in docs]
    allowed = allowed_docs(user, rows)
    hits = [
        Hit(
            doc_id=d.pk,
            kind=d.kind,
            object_id=d.object_id,
            title=highlight(d.title, words, whole=True),
            snippet=snippet(d.body, words),
            day=d.day,
            url=url_of(d),
            unit_name=d.unit.name if d.unit else "",
        )
        for d in rows
        if d.pk in allowed
    ]
    return Result(q, words, hits, total, capped, page, pages, windowed=total > len(window), window=RANK_WINDOW)


def allowed_docs(user: User | None, docs: Sequence[SearchDoc]) -> set[int]:
    """The docs among ``docs`` that their owning app lets ``user`` read (the final word on every row)."""
    if user is None:
        return {d.pk for d in docs}
    by_kind: dict[str, list[SearchDoc]] = {}
    for d in docs:
        by_kind.setdefault(d.kind, []).append(d)
    allowed: set[int] = set()
    items = by_kind.get(DocKind.ITEM, [])
    if items:
        ok = policy.readable_ids(user, [d.object_id for d in items])
        allowed |= {d.pk for d in items if d.object_id in ok}
    subs = by_kind.get(DocKind.SUBMISSION, [])
    if subs:
        from xinbao.items import queries as item_queries

        ok_subs = set(
            item_queries._hub_submissions(user).filter(pk__in=[d.object_id for d in subs]).values_list("pk", flat=True)
        )
        allowed |= {d.pk for d in subs if d.object_id in ok_subs}
    issues = by_kind.get(DocKind.ISSUE, [])
    if issues:
        from xinbao.publications import queries as pub_queries

        ok_issues = set(
            pub_queries.visible_issues(user).filter(pk__in=[d.object_id for d in issues]).values_list("pk", flat=True)
        )
        allowed |= {d.pk for d in issues if d.object_id in ok_issues}
    notices = by_kind.get(DocKind.NOTICE, [])
    if notices:
        from xinbao.scoring.notices import queries as notice_queries

        ok_notices = set(
            notice_queries.notices_for(user).filter(pk__in=[d.object_id for d in notices]).values_list("pk", flat=True)
        )
        allowed |= {d.pk for d in notices if d.object_id in ok_notices}
    instructions = by_kind.get(DocKind.INSTRUCTION, [])
    if instructions:
        allowed |= _allowed_instructions(user, instructions)
    return allowed


def _allowed_instructions(user: User, docs: Sequence[SearchDoc]) -> set[int]:
    from xinbao.instructions.models import Instruction
    from xinbao.publications import queries as pub_queries

    rows = dict(
        (pk, (item_id, issue_id))
        for pk, item_id, issue_id in Instruction.objects.filter(pk__in=[d.object_id for d in docs]).values_list(
            "pk", "item_id", "issue_id"
        )
    )
    items = policy.readable_ids(user, [i for i, _s in rows.values() if i])
    issues = set(
        pub_queries.visible_issues(user).filter(pk__in=[s for _i, s in rows.values() if s]).values_list("pk", flat=True)
    )
    ok = {pk for pk, (i, s) in rows.items() if (i and i in items) or (s and s in issues)}
    return {d.pk for d in docs if d.object_id in ok}


def url_of(doc: SearchDoc) -> str:
    urls: dict[str, str] = {
        DocKind.ITEM: f"/items/{doc.object_id}/",
        DocKind.SUBMISSION: f"/items/s/{doc.object_id}/",
        DocKind.ISSUE: f"/publications/issues/{doc.object_id}/",
        DocKind.INSTRUCTION: "/instructions/",
        DocKind.NOTICE: f"/scoring/notices/{doc.object_id}/",
    }
    return urls.get(doc.kind, "/")


# --- Highlighting -------------------------------------------------------------------------------------


def _pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)


def highlight(value: str, words: Sequence[str], *, whole: bool = False) -> SafeString:
    """``value`` escaped, with each query word wrapped in ``<mark>``."""
    pattern = _pattern(words)
    if pattern is None:
        return mark_safe(escape(value))  # escaped
    out: list[str] = []
    last = 0
    for m in pattern.finditer(value):
        out.append(escape(value[last : m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        last = m.end()
    out.append(escape(value[last:]))
    return mark_safe("".join(out))  # every piece escaped


def snippet(body: str, words: Sequence[str], width: int = 80) -> SafeString:
    """About ``width`` characters of ``body`` around the first query word, highlighted."""
    pattern = _pattern(words)
    first = pattern.search(body) if pattern else None
    start = max(0, (first.start() if first else 0) - width // 3)
    piece = body[start : start + width].replace("\n", " ")
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(body) else ""
    return mark_safe(prefix + highlight(piece, words) + suffix)  # highlight escapes
