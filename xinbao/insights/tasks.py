"""Background work of insights: (re)indexing one object after its transaction commits, and the bulk
rebuild used by ``manage.py insights_reindex`` and the benchmarks."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import search, similarity
from .models import DocKind, SimilaritySignature
from .search import Doc, classification_tokens


@task()
def reindex(kind: str, pk: int) -> str:
    """Bring one object's search document (and, for items, its similarity signature) up to date."""
    _dictionary()
    with transaction.atomic():
        {
            "item": index_item,
            "submission": index_submission,
            "issue": index_issue,
            "instruction": index_instruction,
            "notice": index_notice,
        }[kind](pk)
    return f"{kind}:{pk}"


_loaded: list[bool] = []


def _dictionary() -> None:
    """The hubs' office terms, loaded into the segmenter once per process (new words are added at once
    by ``actions.add_term`` in the process that adds them)."""
    if not _loaded:
        from .text import load_hub_dictionary

        load_hub_dictionary()
        _loaded.append(True)


def _day(moment: datetime.datetime | None) -> datetime.date:
    return timezone.localdate(moment) if moment else timezone.localdate()


# --- Items --------------------------------------------------------------------------------------------


def _item_doc(item: Any, title: str, body: str) -> Doc:
    restricted = item.readers == "restricted"
    return Doc(
        kind=DocKind.ITEM,
        object_id=item.pk,
        title=title,
        body=body,
        day=_day(item.submitted_at or item.created_at),
        unit_id=item.unit_id,
        category=item.category,
        state=item.state,
        scope=[f"xbu{item.unit_id}", f"xba{item.author_id}", *classification_tokens(item.classification, restricted)],
    )


SUBMITTED_STATES = ("submitted", "returned")


def _entry(item: Any, title: str, body: str) -> similarity.Entry:
    return similarity.Entry(
        item_id=item.pk,
        unit_id=item.unit_id,
        day=_day(item.submitted_at or item.created_at),
        submitted=item.state in SUBMITTED_STATES and item.submitted_at is not None,
        text=f"{title}\n{body}",
    )


def index_item(pk: int) -> None:
    """One item (the task after its transaction): the same texts and rows as ``rebuild_items``."""
    from xinbao.items.models import Item, ItemState

    item = Item.objects.filter(pk=pk).first()
    if item is None or item.state == ItemState.DELETED:
        search.unstore(DocKind.ITEM, [pk])
        similarity.remove([pk])
        return
    title, body = similarity.current_texts([pk])[pk]
    search.store([_item_doc(item, title, body)])
    similarity.index_entries([_entry(item, title, body)])


def index_submission(pk: int) -> None:
    from xinbao.items.models import Submission

    sub = Submission.objects.filter(pk=pk).select_related("item").first()
    if sub is None:
        search.unstore(DocKind.SUBMISSION, [pk])
        return
    body = sub.text.split("\n", 1)[1] if "\n" in sub.text else sub.text
    search.store(
        [
            Doc(
                kind=DocKind.SUBMISSION,
                object_id=sub.pk,
                title=sub.title,
                body=body,
                day=_day(sub.received_at),
                unit_id=sub.origin_unit_id,
                category=sub.category,
                state=sub.state,
                scope=[f"xbh{sub.hub_id}", *classification_tokens(sub.item.classification, sub.restricted)],
            )
        ]
    )


def index_issue(pk: int) -> None:
    from xinbao.publications.models import Issue, IssueState

    issue = Issue.objects.filter(pk=pk).select_related("periodical").first()
    if issue is None or issue.state == IssueState.DELETED:
        search.unstore(DocKind.ISSUE, [pk])
        return
    scope = [f"xbh{issue.periodical.hub_id}", "xbc0"]
    if issue.state == IssueState.PUBLISHED:
        scope += [f"xbd{u}" for u in issue.deliveries.values_list("unit_id", flat=True)]
    search.store(
        [
            Doc(
                kind=DocKind.ISSUE,
                object_id=issue.pk,
                title=str(issue),
                body="\n".join(filter(None, [issue.editor_note, issue.search_text])),
                day=issue.issue_date or _day(issue.created_at),
                unit_id=issue.periodical.hub_id,
                state=issue.state,
                scope=scope,
            )
        ]
    )


def index_instruction(pk: int) -> None:
    from xinbao.instructions.models import Instruction

    ins = Instruction.objects.filter(pk=pk).select_related("item", "issue__periodical").first()
    if ins is None:
        search.unstore(DocKind.INSTRUCTION, [pk])
        return
    scope: list[str] = []
    title = ins.leader_name
    if ins.item is not None:
        item = ins.item
        restricted = item.readers == "restricted"
        scope += [f"xbu{item.unit_id}", f"xba{item.author_id}", *classification_tokens(item.classification, restricted)]
        scope += [f"xbh{h}" for h in item.submissions.values_list("hub_id", flat=True)]
        title = f"{ins.leader_name}：{item.title}"
    if ins.issue is not None:
        scope += [f"xbh{ins.issue.periodical.hub_id}", "xbc0"]
        scope += [f"xbd{u}" for u in ins.issue.deliveries.values_list("unit_id", flat=True)]
        title = f"{ins.leader_name}：{ins.issue}"
    search.store(
        [
            Doc(
                kind=DocKind.INSTRUCTION,
                object_id=ins.pk,
                title=title,
                body=ins.text,
                day=ins.instructed_on,
                unit_id=ins.item.unit_id if ins.item else None,
                scope=sorted(set(scope)),
            )
        ]
    )


def index_notice(pk: int) -> None:
    from xinbao.scoring.models import Notice, NoticeState

    notice = Notice.objects.filter(pk=pk).select_related("rule_set").first()
    if notice is None:
        search.unstore(DocKind.NOTICE, [pk])
        return
    scope = [f"xbh{notice.rule_set.hub_id}", "xbc0"]
    if notice.state == NoticeState.PUBLISHED:
        scope += [f"xbd{u}" for u in notice.receipts.values_list("unit_id", flat=True)]
    search.store(
        [
            Doc(
                kind=DocKind.NOTICE,
                object_id=notice.pk,
                title=notice.title,
                body=notice.rule_set.name,
                day=notice.end,
                unit_id=notice.rule_set.hub_id,
                state=notice.state,
                scope=scope,
            )
        ]
    )


# --- Bulk rebuild ---------------------------------------------------------------------------------------


def _chunks(ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


@dataclass
class _ItemRow:
    """What indexing reads of an item (``values_list``, no model instances)."""

    pk: int
    unit_id: int
    author_id: int
    category: str
    state: str
    classification: str
    readers: str
    submitted_at: datetime.datetime | None
    created_at: datetime.datetime


BULK_MIN = 50_000


def rebuild_items(
    item_ids: Iterable[int] | None = None,
    *,
    batch: int = 2000,
    progress: Any = None,
    search_docs: bool = True,
    similar: bool = True,
    bulk: bool | None = None,
) -> int:
    """Reindex items (all when ``item_ids`` is None) in batches: a few statements per batch, no tasks.

    ``search_docs`` / ``similar``: which index to rebuild. ``bulk`` (by default: at least ``BULK_MIN``
    items and at least half as many as are indexed already): remove the items' rows first, load the
    similarity bands without their indexes and build these once at the end — several times faster than
    keeping two B-trees up to date row by row, but lookups are slow until the rebuild ends."""
    from xinbao.items.models import Item, ItemState

    ids = (
        list(item_ids)
        if item_ids is not None
        else list(Item.objects.exclude(state=ItemState.DELETED).order_by("pk").values_list("pk", flat=True))
    )
    if bulk is None:
        bulk = similar and len(ids) >= max(BULK_MIN, SimilaritySignature.objects.count() // 2)
    if bulk:
        similarity.ensure_band_indexes()  # an interrupted bulk load may have left them out
        if item_ids is None:
            similarity.clear()
        else:
            similarity.remove(ids)
        similarity.drop_band_indexes()
    done = 0
    scopes: dict[int, list[int]] = {}  # units' hub scopes, read once per unit
    try:
        for chunk in _chunks(ids, batch):
            done += _rebuild_batch(chunk, search_docs=search_docs, similar=similar, replace=not bulk, scopes=scopes)
            if progress:
                progress(done)
    finally:
        if bulk:
            similarity.ensure_band_indexes()
    return done


def _rebuild_batch(
    chunk: Sequence[int], *, search_docs: bool, similar: bool, replace: bool, scopes: dict[int, list[int]]
) -> int:
    from xinbao.items.models import Item

    fields = [f.name for f in dataclasses.fields(_ItemRow)]
    items = [_ItemRow(*row) for row in Item.objects.filter(pk__in=chunk).values_list(*fields)]
    texts = similarity.current_texts([item.pk for item in items])
    new_units = {item.unit_id for item in items} - scopes.keys()
    if similar and new_units:
        scopes.update(similarity.scopes_of_units(new_units))
    with transaction.atomic():
        if search_docs:
            search.store([_item_doc(item, *texts[item.pk]) for item in items])
        if similar:
            entries = [_entry(item, *texts[item.pk]) for item in items]
            similarity.index_entries(entries, replace=replace, scopes=scopes)
    return len(items)


def rebuild_submissions(submission_ids: Iterable[int] | None = None, *, batch: int = 2000) -> int:
    """The hubs' search documents in bulk (all submissions when ``submission_ids`` is None)."""
    from xinbao.items.models import Submission

    ids = (
        list(submission_ids)
        if submission_ids is not None
        else list(Submission.objects.order_by("pk").values_list("pk", flat=True))
    )
    done = 0
    for chunk in _chunks(ids, batch):
        rows = Submission.objects.filter(pk__in=chunk).values_list(
            "pk",
            "hub_id",
            "title",
            "text",
            "received_at",
            "origin_unit_id",
            "category",
            "state",
            "restricted",
            "item__classification",
        )
        docs = []
        for pk, hub_id, title, text, received, origin, category, state, restricted, classification in rows:
            body = text.split("\n", 1)[1] if "\n" in text else text
            docs.append(
                Doc(
                    kind=DocKind.SUBMISSION,
                    object_id=pk,
                    title=title,
                    body=body,
                    day=_day(received),
                    unit_id=origin,
                    category=category,
                    state=state,
                    scope=[f"xbh{hub_id}", *classification_tokens(classification, restricted)],
                )
            )
        with transaction.atomic():
            search.store(docs)
        done += len(docs)
    return done
