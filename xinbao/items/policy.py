"""The read policy: may this person read this item — its text, its title?

One place answers it (DESIGN.md "duties and the read policy"); every derived view asks here: item and
submission pages, the queue, merges, publications, notifications and e-mail, rankings, ledgers, 十佳
lists, notices, search results, similar-item hints, dashboards and exports.

Text (``visible_items``, ``may_read``):
- the people of the item's unit read its items, drafts included, within their clearance
  (``orgs.duties.clearance``); the author always reads what they wrote;
- hub staff read what was submitted or forwarded to their hub, within their clearance — never a unit's
  draft or unsubmitted revision (``versions_for``);
- the restricted 知悉范围 narrows it to the author, the unit's signers and the hub's chief and director;
- higher apps may add readers through ``register_reader_source`` (publications: the readers of a
  published issue the item is printed in);
- admin accounts read no business content at all.

Titles (``titles_for``, ``title_for``): a title is shown to a business user when the item is not
sensitive (公开/内部 and not restricted), or when the person may read the item. Otherwise a neutral label
with the item's number stands in its place, never the title. ``public_title`` is for what leaves the
reader's screen for many people (a 通报 document, an e-mail): sensitive titles are always labelled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from xinbao.core.idlists import IdList
from xinbao.orgs import duties

from .models import (
    CLASSIFICATION_RANK,
    Attachment,
    Classification,
    Item,
    ItemState,
    ItemVersion,
    Readers,
    Submission,
)

if TYPE_CHECKING:
    from xinbao.orgs.models import User

SENSITIVE_CLASSES = (Classification.SECRET, Classification.CONFIDENTIAL)
SENSITIVE = Q(classification__in=SENSITIVE_CLASSES) | Q(readers=Readers.RESTRICTED)

# (user, item ids) → the ids among them the user may read through a higher app (e.g. an issue).
ReaderSource = Callable[[Any, list[int]], set[int]]
_reader_sources: list[ReaderSource] = []


def register_reader_source(source: ReaderSource) -> None:
    """A higher app (publications) says who else may read an item; called in its ``AppConfig.ready``."""
    if source not in _reader_sources:
        _reader_sources.append(source)


def is_sensitive(item: Item) -> bool:
    """秘密/机密, or the restricted 知悉范围."""
    return _sensitive(item.classification, item.readers)


def _sensitive(classification: str, readers: str) -> bool:
    """``is_sensitive`` (and ``SENSITIVE`` in SQL) for values already read."""
    return classification in SENSITIVE_CLASSES or readers == Readers.RESTRICTED


def is_restricted(item: Item) -> bool:
    """What a hub editor (not chief/director) may not read: 机密 or restricted (kept denormalised on
    ``Submission.restricted`` for the queue)."""
    return item.classification == Classification.CONFIDENTIAL or item.readers == Readers.RESTRICTED


def rank(classification: str) -> int:
    return CLASSIFICATION_RANK.get(classification, 0)


def _within(level: int, prefix: str = "") -> Q:
    allowed = [c for c in Classification.values if CLASSIFICATION_RANK[c] <= level]
    return Q(**{f"{prefix}classification__in": allowed})


def _unrestricted(prefix: str = "") -> Q:
    return ~Q(**{f"{prefix}readers": Readers.RESTRICTED})


# --- Text -------------------------------------------------------------------------------------------


def visible_items(user: User | None) -> QuerySet[Item]:
    """Every item whose text ``user`` may read (None = the system: all), deleted ones excluded."""
    items = Item.objects.exclude(state=ItemState.DELETED)
    if user is None:
        return items
    if not duties.is_business_user(user):
        return Item.objects.none()
    level = duties.clearance(user)
    # The unit's signers read restricted items (知悉范围: 起草人、签发人); other colleagues do not.
    own_readable = _within(level) if _signer(user) else _within(level) & _unrestricted()
    condition = Q(unit_id=user.unit_id) & (Q(author_id=user.pk) | own_readable)
    if duties.is_hub_staff(user):
        at_hub = Exists(Submission.objects.filter(item=OuterRef("pk"), hub_id=user.unit_id))
        senior = duties.is_hub_senior(user)
        condition |= Q(at_hub) & _within(level) & (Q() if senior else _unrestricted())
    return items.filter(condition)


def _signer(user: User) -> bool:
    return duties.can_sign(user, user.unit_id)


def can_open(user: User | None, item: Item) -> bool:
    """The item's own pages and files (item, submission, versions, attachments, evidence): the unit and
    the hubs it reached — not the readers of an issue it was printed in, who read it in the issue."""
    return user is None or visible_items(user).filter(pk=item.pk).exists()


def may_read(user: User | None, item: Item) -> bool:
    """Whether ``user`` may read the item's text anywhere (its own pages, or an issue sent to them)."""
    if user is None:
        return True
    if visible_items(user).filter(pk=item.pk).exists():
        return True
    return item.pk in _extra_readable(user, [item.pk])


def _extra_readable(user: User, item_ids: list[int]) -> set[int]:
    found: set[int] = set()
    for source in _reader_sources:
        found |= source(user, item_ids)
    return found


def hub_visible(user: User | None, *, prefix: str = "") -> Q:
    """The queue's filter for hub staff: editors never see 机密 or restricted items (the denormalised
    ``Submission.restricted``); chiefs and directors see all that reached the hub."""
    if user is None or duties.is_hub_senior(user):
        return Q()
    # ``__in`` because SQLite gets ``NOT restricted`` for ``=False``, which no index serves;
    # ``restricted IN (0)`` uses the covering queue indexes.
    return Q(**{f"{prefix}restricted__in": [False]})


def versions_for(user: User | None, item: Item) -> list[ItemVersion]:
    """The versions ``user`` may read: the unit its own versions; a hub the versions the unit submitted
    and the edits along the route to that hub — a unit's unsubmitted revision stays the unit's."""
    versions = list(item.versions.select_related("editor", "submission__hub").order_by("number"))
    if user is None:
        return versions
    if user.unit_id == item.unit_id:
        return [v for v in versions if v.submission_id is None]
    from .queries import route_of

    subs = item.submissions.filter(hub_id=user.unit_id)
    route = {s.pk for sub in subs for s in route_of(sub)}
    return [v for v in versions if (v.submission_id is None and v.submitted) or v.submission_id in route]


def attachments_for(user: User | None, item: Item) -> list[Attachment]:
    """The files ``user`` may open, for an item they may read: the unit its live attachments; a hub
    what was sent with the item (a file added while revising stays the unit's until it is sent)."""
    rows = item.attachments.order_by("id")
    if user is not None and user.unit_id != item.unit_id:
        return list(rows.filter(submitted=True))
    return list(rows.filter(deleted_at__isnull=True))


# --- Titles -----------------------------------------------------------------------------------------


def neutral_label(item_id: int | None) -> str:
    """What stands in place of a title the reader may not see."""
    if item_id is None:
        return _("〔涉密信息〕")
    return _("〔涉密信息〕（编号%(n)s）") % {"n": item_id}


def readable_ids(user: User | None, item_ids: Iterable[int]) -> set[int]:
    """The ids among ``item_ids`` whose text ``user`` may read (two or three queries, any number of ids)."""
    ids = sorted({int(i) for i in item_ids if i is not None})
    if not ids:
        return set()
    if user is None:
        return set(ids)
    found = set(visible_items(user).filter(pk__in=ids).values_list("pk", flat=True))
    missing = [i for i in ids if i not in found]
    if missing and duties.is_business_user(user):
        found |= _extra_readable(user, missing)
    return found


def titles_for(user: User | None, titles: Mapping[int, str]) -> dict[int, str]:
    """``{item id: title}`` as ``user`` may see them: a sensitive item's title only if they may read it."""
    if not titles:
        return {}
    if user is not None and not duties.is_business_user(user):
        return {pk: neutral_label(pk) for pk in titles}
    sensitive = set(Item.objects.filter(SENSITIVE, pk__in=list(titles)).values_list("pk", flat=True))
    allowed = readable_ids(user, sensitive) if sensitive else set()
    return {pk: (title if pk not in sensitive or pk in allowed else neutral_label(pk)) for pk, title in titles.items()}


def title_for(user: User | None, item: Item, title: str | None = None) -> str:
    """One item's title as ``user`` may see it (``title``: the one the context shows, e.g. a hub's)."""
    shown = item.title if title is None else title
    if user is not None and not duties.is_business_user(user):
        return neutral_label(item.pk)
    if not is_sensitive(item) or may_read(user, item):
        return shown
    return neutral_label(item.pk)


def public_title(item: Item, title: str | None = None) -> str:
    """The title for what many people read at once (a 通报 document, an e-mail): sensitive → label."""
    return neutral_label(item.pk) if is_sensitive(item) else (item.title if title is None else title)


def public_titles(titles: Mapping[int, str]) -> dict[int, str]:
    """``public_title`` for many items in one query."""
    if not titles:
        return {}
    sensitive = set(Item.objects.filter(SENSITIVE, pk__in_ids=IdList(titles)).order_by().values_list("pk", flat=True))
    return {pk: (neutral_label(pk) if pk in sensitive else title) for pk, title in titles.items()}


def public_titles_of(item_ids: Iterable[int]) -> dict[int, str]:
    """``public_titles(titles_of(item_ids))``, reading each item row once (a year's recompute names
    400,000 items)."""
    from .titles import titles_and_marks

    titles, marks = titles_and_marks(item_ids)
    return {pk: (neutral_label(pk) if _sensitive(*marks[pk]) else title) for pk, title in titles.items()}


def strictest(items: Iterable[Item]) -> tuple[str, str]:
    """The 密级 and 知悉范围 a combined (综合) item takes from its sources: the strictest of each."""
    rows = list(items)
    classification = max((i.classification for i in rows), key=rank, default=Classification.INTERNAL)
    readers = Readers.RESTRICTED if any(i.readers == Readers.RESTRICTED for i in rows) else Readers.GENERAL
    return classification, readers
