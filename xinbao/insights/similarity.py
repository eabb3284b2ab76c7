"""Similar items (同题/重复信息): a MinHash-LSH index over items' current texts, and lookups through it
that honour the read policy.

Index (kept incrementally by ``indexing``): per item one ``SimilaritySignature`` (64 MinHash values of
its character 3-grams) and, per hub whose scope the item is in, 32 ``SimilarityBand`` buckets. An item
is in the scope of every hub its unit reports to, and of its own unit when that unit is a hub (a hub's
own items, which it submits upward).

Lookup: the bands of the query text within the reader's hub → candidates of the last N days, bounded
(the newest ``BUCKET_CAP`` of each bucket, of those the ``MAX_CANDIDATES`` in most of the query's
buckets; docs/decisions/0017) → the MinHash estimate prunes them → the exact Jaccard similarity of the
3-gram sets (the items' current unit texts) decides. ``DEFAULT_THRESHOLD`` is set from the planted-duplicate benchmark
(bench/bench_insights.py, docs/performance.md).

Read policy: a match is shown only if the reader may read it (``policy.readable_ids``: text, score,
diff) or it has left its unit (submitted) into the reader's hub's scope — then only its title as the
policy allows (``titles_for``), its unit and the score, never its text. Drafts of other units never
appear. Admin accounts get nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone

from xinbao.items import policy
from xinbao.orgs import duties
from xinbao.orgs.models import UnitChannel

from . import minhash, settings_for
from .models import DocKind, SearchDoc, SimilarityBand, SimilaritySignature
from .text import shingles

if TYPE_CHECKING:
    from xinbao.orgs.models import User

DEFAULT_THRESHOLD = 0.28
PRUNE_MARGIN = 0.15  # the estimate's error with 64 permutations is about ±0.06 (one s.d.)
MAX_VERIFY = 40
# A lookup's bound (docs/decisions/0017): the newest BUCKET_CAP items of each of the query's buckets
# (templated texts put thousands of items in one bucket at a million items), and of those the
# MAX_CANDIDATES in most of its buckets, whose signatures are read and compared.
BUCKET_CAP = 400
MAX_CANDIDATES = 400
MAX_RESULTS = 10


# --- Scopes ------------------------------------------------------------------------------------------


def scopes_of_units(unit_ids: Iterable[int]) -> dict[int, list[int]]:
    """{unit id: the hubs in whose scope its items are}: the hubs it reports to, and itself if a hub."""
    ids = list(set(unit_ids))
    found: dict[int, set[int]] = {u: set() for u in ids}
    rows = UnitChannel.objects.filter(unit_id__in=ids).values_list("unit_id", "hub_id", "is_hub")
    for unit_id, hub_id, is_hub in rows:
        if hub_id:
            found[unit_id].add(hub_id)
        if is_hub:
            found[unit_id].add(unit_id)
    return {u: sorted(h) for u, h in found.items()}


def reader_scopes(user: User | None) -> list[int]:
    """The hubs whose scope a reader's lookup covers: hub staff their hub; others their unit's hubs."""
    if user is None or not duties.is_business_user(user):
        return []
    assert user.unit_id is not None
    if duties.is_hub_staff(user) or duties.is_leader(user):
        scopes = scopes_of_units([user.unit_id])[user.unit_id]
        return [user.unit_id] if user.unit_id in scopes else scopes
    return scopes_of_units([user.unit_id])[user.unit_id]


# --- Writing the index -------------------------------------------------------------------------------


@dataclass
class Entry:
    item_id: int
    unit_id: int
    day: datetime.date
    submitted: bool
    text: str


def index_entries(entries: Sequence[Entry], *, replace: bool = True, scopes: dict[int, list[int]] | None = None) -> int:
    """(Re)index ``entries``: their signatures and bands, in a few statements per batch (``replace``:
    remove their old rows first; a bulk rebuild has removed them already). ``scopes``: the units' hub
    scopes when the caller has them (``scopes_of_units``)."""
    if not entries:
        return 0
    sigs = minhash.signatures([e.text for e in entries])
    if scopes is None:
        scopes = scopes_of_units(e.unit_id for e in entries)
    if replace:
        remove([e.item_id for e in entries])
    _insert_signatures(entries, sigs)
    _insert_bands(band_rows(entries, sigs, scopes))
    return len(entries)


@dataclass
class BandRows:
    """The band rows of a batch as columns: bucket, day (proleptic ordinal), item."""

    buckets: np.ndarray
    days: np.ndarray
    items: np.ndarray

    def __len__(self) -> int:
        return len(self.buckets)

    def tuples(self) -> list[tuple[int, str, int]]:
        iso = {d: datetime.date.fromordinal(d).isoformat() for d in set(self.days.tolist())}
        days = [iso[d] for d in self.days.tolist()]
        return list(zip(self.buckets.tolist(), days, self.items.tolist(), strict=True))


def band_rows(entries: Sequence[Entry], sigs: np.ndarray, scopes: dict[int, list[int]]) -> BandRows:
    """Every band of every entry in every hub scope of its unit, the keys computed per scope with numpy."""
    members: dict[int, list[int]] = {}
    for k, entry in enumerate(entries):
        for scope in scopes.get(entry.unit_id, []):
            members.setdefault(scope, []).append(k)
    items = np.array([e.item_id for e in entries], dtype=np.int64)
    days = np.array([e.day.toordinal() for e in entries], dtype=np.int64)
    parts = []
    for scope in sorted(members):
        chosen = np.array(members[scope])
        keys = minhash.band_keys_many(sigs[chosen], scope).ravel()
        parts.append((keys, np.repeat(days[chosen], minhash.BANDS), np.repeat(items[chosen], minhash.BANDS)))
    if not parts:
        return BandRows(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64))
    return BandRows(*(np.concatenate(column) for column in zip(*parts, strict=True)))


def _insert_signatures(entries: Sequence[Entry], sigs: np.ndarray) -> None:
    """Signature rows: ``executemany`` on SQLite, a text ``COPY`` on PostgreSQL."""
    table = SimilaritySignature._meta.db_table
    columns = "item_id, unit_id, day, submitted, signature, length"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            data = "".join(
                f"{e.item_id}\t{e.unit_id}\t{e.day.isoformat()}\t{'t' if e.submitted else 'f'}"
                f"\t\\\\x{minhash.to_bytes(sig).hex()}\t{len(e.text)}\n"
                for e, sig in zip(entries, sigs, strict=True)
            )
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                copy.write(data)
            return
        rows = [
            (e.item_id, e.unit_id, e.day.isoformat(), e.submitted, minhash.to_bytes(sig), len(e.text))
            for e, sig in zip(entries, sigs, strict=True)
        ]
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s)", rows)


_PG_EPOCH = datetime.date(2000, 1, 1).toordinal()
_PG_ROW = np.dtype(
    [("n", ">i2"), ("l1", ">i4"), ("bucket", ">i8"), ("l2", ">i4"), ("day", ">i4"), ("l3", ">i4"), ("item", ">i8")]
)


def _pg_binary_copy(rows: BandRows) -> bytes:
    """The rows in PostgreSQL's binary COPY format, built with numpy (no Python object per row):
    a header, per row the field count and each field's length and big-endian value, a trailer."""
    data = np.zeros(len(rows), dtype=_PG_ROW)
    data["n"], data["l1"], data["l2"], data["l3"] = 3, 8, 4, 8
    data["bucket"], data["day"], data["item"] = rows.buckets, rows.days - _PG_EPOCH, rows.items
    return b"PGCOPY\n\xff\r\n\x00" + bytes(8) + data.tobytes() + b"\xff\xff"


def _insert_bands(rows: BandRows) -> None:
    """Band rows: one ``executemany`` on SQLite, one binary ``COPY`` on PostgreSQL (an INSERT per row
    costs three times as much there)."""
    if not len(rows):
        return
    table = SimilarityBand._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} (bucket, day, item_id) FROM STDIN (FORMAT BINARY)") as copy:
                copy.write(_pg_binary_copy(rows))
        else:
            cursor.executemany(f"INSERT INTO {table} (bucket, day, item_id) VALUES (%s, %s, %s)", rows.tuples())


def _delete_where_item_in(model: Any, ids: Sequence[int]) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 2000):
            chunk = list(ids[start : start + 2000])
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {table} WHERE item_id IN ({marks})", chunk)


def remove(item_ids: Iterable[int]) -> None:
    ids = list(item_ids)
    _delete_where_item_in(SimilarityBand, ids)
    _delete_where_item_in(SimilaritySignature, ids)


def clear() -> None:
    """Empty the index (before a rebuild of every item). PostgreSQL: ``TRUNCATE`` (a ``DELETE`` of
    millions of rows takes minutes), except inside a transaction, where deferred checks may be pending."""
    truncate = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        for model in (SimilarityBand, SimilaritySignature):
            table = model._meta.db_table
            cursor.execute(f"TRUNCATE {table}" if truncate else f"DELETE FROM {table}")


# --- Bulk loading: the band table without its indexes, then the indexes built once --------------------


def _band_indexes() -> list[tuple[str, list[str]]]:
    """(name, columns) of the band table's indexes, as the model declares them."""
    meta = SimilarityBand._meta
    columns = {f.name: f.column for f in meta.concrete_fields}
    return [(str(index.name), [columns[f] for f in index.fields]) for index in meta.indexes]


def drop_band_indexes() -> None:
    """Before a bulk load: inserting 32 rows an item into two B-trees costs more than sorting them once
    afterwards. Lookups scan the table until ``ensure_band_indexes`` runs."""
    with connection.cursor() as cursor:
        for name, _columns in _band_indexes():
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


def ensure_band_indexes() -> None:
    """(Re)create the band table's indexes if missing (after a bulk load, or one that was interrupted)."""
    table = SimilarityBand._meta.db_table
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        # More memory for the sort that builds an index (this connection, while it runs).
        if postgres:
            cursor.execute("SET maintenance_work_mem = '256MB'")
        else:
            cursor.execute("PRAGMA cache_size")
            cache_size = int(cursor.fetchone()[0])
            cursor.execute("PRAGMA cache_size = -256000")
        for name, columns in _band_indexes():
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({', '.join(columns)})")
        if postgres:
            cursor.execute("RESET maintenance_work_mem")
            cursor.execute(f"ANALYZE {table}")
        else:
            cursor.execute(f"PRAGMA cache_size = {cache_size}")


# --- Lookup ------------------------------------------------------------------------------------------


@dataclass
class Match:
    item_id: int
    score: float
    title: str
    unit_name: str
    readable: bool
    submitted: bool
    day: datetime.date

    def as_dict(self) -> dict[str, Any]:
        return {
            "item_id": self.item_id,
            "score": round(self.score, 3),
            "title": self.title,
            "unit": self.unit_name,
            "readable": self.readable,
            "date": self.day.isoformat(),
        }


def jaccard(a: str, b: str) -> float:
    return _jaccard_sets(set(shingles(a)), set(shingles(b)))


def _jaccard_sets(sa: set[str], sb: set[str]) -> float:
    if not sa or not sb:
        return 0.0
    common = len(sa & sb)
    return common / (len(sa) + len(sb) - common)


def candidates(
    text: str, scope_ids: Sequence[int], since: datetime.date, *, exclude: Iterable[int] = ()
) -> list[tuple[int, float]]:
    """(item id, exact Jaccard) of the indexed items in ``scope_ids`` since ``since`` that are similar
    to ``text`` at least at the pruning level, best first (no read policy: callers apply it)."""
    return _lookup(text, scope_ids, since, exclude).scored


@dataclass
class _Found:
    """A lookup's scores, best first, with what ``similar_for`` needs of the same rows: each verified
    candidate's (unit, day, submitted) from its signature row and the title its unit last sent."""

    scored: list[tuple[int, float]]
    meta: dict[int, tuple[int, datetime.date, bool]]
    sent: dict[int, str]
    read: int = 0  # candidate signatures read (at most MAX_CANDIDATES)


def _lookup(text: str, scope_ids: Sequence[int], since: datetime.date, exclude: Iterable[int] = ()) -> _Found:
    if not scope_ids or not text.strip():
        return _Found([], {}, {})
    sig = minhash.signature(text)
    keys = minhash.band_keys(sig, scope_ids)
    # One statement: the signatures of the items in most of the query's buckets, of the newest of each
    # bucket (no id list sent back and forth; bounded by BUCKET_CAP and MAX_CANDIDATES, whatever the
    # buckets' sizes).
    in_buckets, params = bucket_members_sql(keys, since)
    rows = list(
        SimilaritySignature.objects.filter(item_id__in=RawSQL(in_buckets, params))
        .exclude(item_id__in=list(exclude))
        .order_by("item_id")  # ties in the estimate are kept in item order
        .values_list("item_id", "signature", "unit_id", "day", "submitted")
    )
    if not rows:
        return _Found([], {}, {})
    others = np.frombuffer(b"".join(bytes(row[1]) for row in rows), dtype="<u4").reshape(len(rows), -1)
    estimates = minhash.estimate(sig, others)
    keep = sorted(
        ((row[0], float(e)) for row, e in zip(rows, estimates, strict=True) if e >= DEFAULT_THRESHOLD - PRUNE_MARGIN),
        key=lambda r: -r[1],
    )[:MAX_VERIFY]
    if not keep:
        return _Found([], {}, {}, read=len(rows))
    kept = [pk for pk, _e in keep]
    texts, sent = _unit_texts(kept)
    mine = set(shingles(text))  # once, not once per candidate
    scored = [(pk, _jaccard_sets(mine, set(shingles("\n".join(texts.get(pk, ("", ""))))))) for pk in kept]
    wanted = set(kept)
    meta = {pk: (unit_id, day, submitted) for pk, _raw, unit_id, day, submitted in rows if pk in wanted}
    return _Found(sorted(scored, key=lambda r: (-r[1], r[0])), meta, sent, read=len(rows))


def bucket_rows_sql(keys: Sequence[int], since: datetime.date) -> tuple[str, list[Any]]:
    """SQL (and its parameters) of the band rows a lookup reads: per bucket in ``keys`` the newest
    ``BUCKET_CAP`` items since ``since`` (by day, then id), each read backwards from the (bucket, day,
    item) index — at most ``BUCKET_CAP`` rows a bucket however crowded it is."""
    table = SimilarityBand._meta.db_table
    day: Any = since.isoformat() if connection.vendor == "sqlite" else since
    parts = [
        f"SELECT item_id FROM (SELECT item_id FROM {table} WHERE bucket = %s AND day >= %s"
        f" ORDER BY day DESC, item_id DESC LIMIT %s) b{n}"
        for n in range(len(keys))
    ]
    params: list[Any] = []
    for key in keys:
        params += [key, day, BUCKET_CAP]
    return " UNION ALL ".join(parts), params


def bucket_members_sql(keys: Sequence[int], since: datetime.date) -> tuple[str, list[Any]]:
    """SQL (and its parameters) of a lookup's candidates: of the band rows ``bucket_rows_sql`` reads,
    the ``MAX_CANDIDATES`` items in most of the query's buckets (the newest first among equals): an item
    shares about 32·s² of them with a text it is similar to at Jaccard s, so the count ranks them before
    any signature is read (docs/decisions/0017-capped-similarity-buckets.md)."""
    rows, params = bucket_rows_sql(keys, since)
    sql = f"SELECT item_id FROM ({rows}) u GROUP BY item_id ORDER BY COUNT(*) DESC, item_id DESC LIMIT %s"
    return sql, [*params, MAX_CANDIDATES]


def _unit_texts(item_ids: Sequence[int]) -> tuple[dict[int, tuple[str, str]], dict[int, str]]:
    """``current_texts`` and ``sent_titles`` of the same items from one read of their unit versions."""
    from xinbao.items.models import Item, ItemVersion

    # Every version of the items, the hub's edits dropped here rather than by ``submission IS NULL`` in
    # SQL: without statistics (a database just loaded) SQLite read that condition from the submission
    # index — every unit version of the city, 1–1.5 s at 1,000,000 items — instead of the item's.
    rows = (
        ItemVersion.objects.filter(item_id__in=item_ids)
        .order_by("item_id", "number")
        .values_list("item_id", "title", "body", "submitted", "submission_id")
    )
    texts: dict[int, tuple[str, str]] = {}
    sent: dict[int, str] = {}
    for pk, title, body, submitted, at_hub in rows:  # the highest number wins
        if at_hub is not None:
            continue
        texts[pk] = (title, body)
        if submitted:
            sent[pk] = title
    missing = [pk for pk in item_ids if pk not in texts]
    if missing:
        texts.update((pk, (title, "")) for pk, title in Item.objects.filter(pk__in=missing).values_list("pk", "title"))
    return texts, sent


def current_texts(item_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """{item: (title, body)} of the unit's current text, the text its signature was made from (the
    latest unit version; the item's title alone if it has none)."""
    return _unit_texts(item_ids)[0]


def similar_for(
    user: User | None,
    title: str,
    body: str,
    *,
    exclude_item: int | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = MAX_RESULTS,
    scopes: Sequence[int] | None = None,
    days: int | None = None,
) -> list[Match]:
    """The items similar to ``title``/``body`` that ``user`` may know of, with scores (see module doc).
    ``scopes``: the hubs to look in, when the caller has checked the reader's duty there (a submission's
    hub); by default the reader's own (``reader_scopes``). ``days``: the window, when the caller has read
    the hub's setting already; by default the longest of the scopes' settings."""
    if scopes is None:
        scopes = reader_scopes(user)
    elif user is None or not duties.is_business_user(user):
        return []
    if not scopes:
        return []
    if days is None:
        days = max(settings_for(s).similar_days for s in scopes)
    since = timezone.localdate() - datetime.timedelta(days=days)
    lookup = _lookup(f"{title}\n{body}", scopes, since, [exclude_item] if exclude_item else [])
    found = [(pk, score) for pk, score in lookup.scored if score >= threshold]
    if not found:
        return []
    ids = [pk for pk, _s in found]
    meta = lookup.meta
    readable = policy.readable_ids(user, ids)
    allowed = [pk for pk in ids if pk in readable or (pk in meta and meta[pk][2])]
    docs = {
        pk: (title_, unit_name)
        for pk, title_, unit_name in SearchDoc.objects.filter(kind=DocKind.ITEM, object_id__in=allowed).values_list(
            "object_id", "title", "unit__name"
        )
    }
    # Another unit's item: the title it was sent with, never a revision the unit has not sent.
    others = [pk for pk in allowed if pk in meta and user is not None and meta[pk][0] != user.unit_id]
    for pk in others:
        if pk in lookup.sent:
            docs[pk] = (lookup.sent[pk], docs.get(pk, ("", ""))[1])
    shown = policy.titles_for(user, {pk: docs.get(pk, ("", ""))[0] for pk in allowed})
    scores = dict(found)
    matches = [
        Match(
            item_id=pk,
            score=scores[pk],
            title=shown[pk],
            unit_name=docs.get(pk, ("", ""))[1] or "",
            readable=pk in readable,
            submitted=meta[pk][2],
            day=meta[pk][1],
        )
        for pk in allowed
        if pk in meta
    ]
    return sorted(matches, key=lambda m: (-m.score, m.item_id))[:limit]


def sent_titles(item_ids: list[int]) -> dict[int, str]:
    """The title of the latest version each item's unit sent (submitted)."""
    from xinbao.items.models import ItemVersion

    rows = (
        ItemVersion.objects.filter(item_id__in=item_ids, submission__isnull=True, submitted=True)
        .order_by("item_id", "number")
        .values_list("item_id", "title")
    )
    return dict(rows)  # the highest number wins


def pairs_in_window(scope_id: int, since: datetime.date, threshold: float = DEFAULT_THRESHOLD) -> list[set[int]]:
    """Groups of mutually similar items in one hub's scope since ``since`` (datasketch's in-memory LSH
    over the stored signatures) — the clusters of hot topics."""
    from datasketch import MinHashLSH

    rows = list(
        SimilaritySignature.objects.filter(day__gte=since, submitted=True, unit_id__in=_units_in_scope(scope_id))
        .values_list("item_id", "signature")
        .order_by("item_id")[:20000]
    )
    lsh = MinHashLSH(threshold=max(0.1, threshold - 0.1), num_perm=minhash.NUM_PERM)
    sigs = {}
    for pk, raw in rows:
        sig = minhash.lean(minhash.from_bytes(raw))
        sigs[pk] = sig
        lsh.insert(pk, sig)
    parent: dict[int, int] = {pk: pk for pk in sigs}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pk, sig in sigs.items():
        for other in lsh.query(sig):
            if other != pk and sig.jaccard(sigs[other]) >= threshold:
                parent[find(pk)] = find(other)
    groups: dict[int, set[int]] = {}
    for pk in sigs:
        groups.setdefault(find(pk), set()).add(pk)
    return [g for g in groups.values() if len(g) > 1]


def _units_in_scope(scope_id: int) -> list[int]:
    members = list(UnitChannel.objects.filter(hub_id=scope_id).values_list("unit_id", flat=True))
    return [scope_id, *members]


def _readable_text(user: User | None, item_id: int) -> SearchDoc | None:
    """The text of an item as the reader may read it: the unit's own current text for its people; for a
    hub, the text the hub received (its submission's document), never the unit's unsent revision."""
    from xinbao.items.queries import screenable_submissions

    doc = SearchDoc.objects.filter(kind=DocKind.ITEM, object_id=item_id).select_related("unit").first()
    if doc is None or user is None or doc.unit_id == user.unit_id:
        return doc
    sub = screenable_submissions(user).filter(item_id=item_id).order_by("-received_at").first()
    if sub is None:
        return None
    found = SearchDoc.objects.filter(kind=DocKind.SUBMISSION, object_id=sub.pk).select_related("unit").first()
    if found is not None:
        found.object_id = item_id  # the comparison links to the item
    return found


def comparison(user: User | None, item_id: int, other_id: int) -> dict[str, Any] | None:
    """Both texts side by side with their differences marked, when the reader may read both (None
    otherwise: a text the reader may not read is never shown). For hub staff, the submissions at their
    hub for a merge link."""
    from xinbao.items.diff import side_by_side
    from xinbao.items.queries import screenable_submissions

    if item_id == other_id or policy.readable_ids(user, [item_id, other_id]) != {item_id, other_id}:
        return None
    a, b = _readable_text(user, item_id), _readable_text(user, other_id)
    if a is None or b is None:
        return None
    left, right = side_by_side(f"{a.title}\n{a.body}", f"{b.title}\n{b.body}")
    subs: list[int] = []
    if user is not None and duties.is_hub_staff(user):
        subs = list(screenable_submissions(user).filter(item_id__in=[item_id, other_id]).values_list("pk", flat=True))
    merge_url = "/items/queue/merge/?" + "&".join(f"sub={s}" for s in subs) if len(subs) >= 2 else ""
    return {
        "a": a,
        "b": b,
        "left": left,
        "right": right,
        "score": jaccard(f"{a.title}\n{a.body}", f"{b.title}\n{b.body}"),
        "merge_url": merge_url,
    }


# --- A submission the hub screens --------------------------------------------------------------------


@dataclass
class ScreeningMatch:
    """A similar item as the hub's submission page lists it: the match, the state of its own submission
    at this hub (if it reached the hub), and links to compare (both texts readable) and merge (both
    submissions still open at the hub, same channel)."""

    match: Match
    state_label: str
    compare_url: str
    merge_url: str


def for_submission(user: User | None, sub: Any) -> tuple[list[ScreeningMatch], int] | None:
    """The items similar to a submission's current text (the hub's, as in its queue) in the hub's scope
    — its member units' items and the hub's own, of the last N days — for the hub's staff only (None
    for anyone else); and N. The read policy applies as in ``similar_for``. A constant number of queries
    whatever the number of matches."""
    from django.urls import reverse

    from xinbao.items.models import SubmissionState
    from xinbao.items.queries import screenable_submissions
    from xinbao.items.states import SUBMISSION_TRANSITIONS, SubmissionAction

    if user is None or not duties.can_screen(user, sub.hub_id):
        return None
    days = settings_for(sub.hub_id).similar_days
    title, _sep, body = sub.text.partition("\n") if sub.text else (sub.title, "", "")
    matches = similar_for(user, title, body, exclude_item=sub.item_id, scopes=[sub.hub_id], days=days)
    at_hub: dict[int, tuple[int, str, int]] = {}
    if matches:
        rows = (
            screenable_submissions(user)
            .filter(item_id__in=[m.item_id for m in matches])
            .order_by("received_at", "id")
            .values_list("item_id", "pk", "state", "channel_id")
        )
        at_hub = {item_id: (pk, state, channel_id) for item_id, pk, state, channel_id in rows}  # latest wins
    labels = dict(SubmissionState.choices)

    def mergeable(state: str) -> bool:
        return SubmissionAction.MERGE in SUBMISSION_TRANSITIONS.get(state, {})

    found = []
    for m in matches:
        other = at_hub.get(m.item_id)
        compare_url = reverse("insights:compare", args=[sub.item_id, m.item_id]) if m.readable else ""
        merge_url = ""
        if other and m.readable and mergeable(sub.state) and mergeable(other[1]) and other[2] == sub.channel_id:
            merge_url = f"{reverse('items:merge')}?sub={sub.pk}&sub={other[0]}"
        state_label = str(labels.get(other[1], "")) if other else ""
        found.append(ScreeningMatch(m, state_label, compare_url, merge_url))
    return found, days
