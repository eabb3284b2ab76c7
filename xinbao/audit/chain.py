"""The hash chain of the audit log.

Each row stores ``prev_hash`` (the ``hash`` of the row before it, by id) and ``hash`` =
SHA-256 of ``prev_hash`` and the row's canonical content. Changing, removing or inserting a row
behind the triggers' back (raw SQL with the triggers dropped, a restored old copy of the table)
breaks the chain at that row; ``manage.py audit_verify`` reports the first broken link.

Appends are serialised so that the chain has one order: on PostgreSQL by a transaction-level
advisory lock taken before reading the last hash (held to commit, so ids are also committed in
chain order); on SQLite every write transaction already holds the database's write lock
(``transaction_mode = IMMEDIATE`` in settings).

What a chain cannot show by itself: the newest rows cut off the end. ``audit_verify`` prints the
head (the last id and hash); the operator notes it off the system (see docs/security.md).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection

from .models import AuditRecord

GENESIS = ""
# pg_advisory_xact_lock key: the ASCII of "xbaudit" as a number (any fixed bigint would do).
ADVISORY_LOCK_KEY = int.from_bytes(b"xbaudit", "big")
CONTENT_FIELDS = (
    "actor_id",
    "actor_name",
    "unit_name",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "old_values",
    "new_values",
    "ip",
)


def _normal(value: Any) -> Any:
    """JSON values as any database gives them back (PostgreSQL's jsonb turns 2.0 into 2)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dict):
        return {str(k): _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return value


def canonical(record: AuditRecord) -> str:
    at = record.at.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    content = {"at": at, **{name: _normal(getattr(record, name)) for name in CONTENT_FIELDS}}
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def link_hash(prev_hash: str, record: AuditRecord) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical(record)}".encode()).hexdigest()


def lock_and_get_head() -> str:
    """Serialise appends (call inside the appending transaction) and return the last hash."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
    last = AuditRecord.objects.order_by("-id").values_list("hash", flat=True).first()
    return last or GENESIS


def seal(records: Iterable[AuditRecord], prev_hash: str) -> str:
    """Fill ``prev_hash``/``hash`` of unsaved records in order; returns the new head."""
    for record in records:
        record.prev_hash = prev_hash
        record.hash = prev_hash = link_hash(prev_hash, record)
    return prev_hash


@dataclass
class Verdict:
    checked: int
    head_id: int | None
    head_hash: str
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def _rows(chunk: int) -> Iterator[AuditRecord]:
    # Keyset pagination in id order: constant memory whatever the size of the log.
    last_id = 0
    while True:
        batch = list(AuditRecord.objects.filter(id__gt=last_id).order_by("id")[:chunk])
        if not batch:
            return
        yield from batch
        last_id = batch[-1].id


def verify(*, purge_anchors: Iterable[str] = (), chunk: int = 2000) -> Verdict:
    """Walk the whole log in id order and return the first broken link, if any.

    The first row must start the chain (empty ``prev_hash``) unless older rows were purged:
    then its ``prev_hash`` must be one that ``audit_purge`` recorded as the last purged hash.
    """
    anchors = {GENESIS, *purge_anchors}
    expected: str | None = None
    verdict = Verdict(checked=0, head_id=None, head_hash=GENESIS)
    for record in _rows(chunk):
        if expected is None and record.prev_hash not in anchors:
            verdict.broken_id, verdict.reason = record.id, "first row does not start the chain (rows removed?)"
            return verdict
        if expected is not None and record.prev_hash != expected:
            verdict.broken_id, verdict.reason = record.id, "prev_hash differs from the previous row's hash"
            return verdict
        if link_hash(record.prev_hash, record) != record.hash:
            verdict.broken_id, verdict.reason = record.id, "content does not match its hash (row changed)"
            return verdict
        expected = record.hash
        verdict.checked += 1
        verdict.head_id, verdict.head_hash = record.id, record.hash
    return verdict
