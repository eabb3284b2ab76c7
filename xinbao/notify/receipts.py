"""Marking things read: one rule for every "mark read" action (the inbox, a notice, an issue).

The rule:
- only what is still unread is stamped (a second click changes nothing);
- the reader's own inbox messages that point to the thing read are marked read with it (a
  notification clears when the thing it announces has been read);
- one audit row per click, naming what it stamped and the messages it cleared; a click that changed
  nothing writes no row (opening a notice twice is not two receipts).

Call ``mark_read`` from an app's own ``@write_action`` (it runs inside that transaction). Other
"the thing is done" moments (a review decided, a return handled) clear the messages of everybody who
was asked, with ``clear_messages``, audited by the action that did the thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.audit.actions import record

from .models import Notification

if TYPE_CHECKING:
    from xinbao.orgs.models import User


@dataclass
class ReadMarks:
    stamped: list[int] = field(default_factory=list)  # ids of the rows stamped read
    messages: list[int] = field(default_factory=list)  # ids of the inbox messages cleared

    @property
    def changed(self) -> bool:
        return bool(self.stamped or self.messages)


def _unread_ids(rows: models.QuerySet[Any]) -> list[int]:
    return sorted(rows.filter(read_at__isnull=True).values_list("pk", flat=True))


def clear_messages(
    urls: Iterable[str], *, recipients: Iterable[Any] | None = None, kinds: Iterable[str] = ()
) -> list[int]:
    """Mark read the unread inbox messages pointing to ``urls`` (of ``recipients``, of ``kinds``, when
    given). Not audited here: the action that made the messages moot records that it cleared them."""
    wanted = [u for u in urls if u]
    if not wanted:
        return []
    messages = Notification.objects.filter(url__in=wanted)
    if recipients is not None:
        messages = messages.filter(recipient__in=[r.pk if hasattr(r, "pk") else r for r in recipients])
    kinds = list(kinds)
    if kinds:
        messages = messages.filter(kind__in=kinds)
    ids = _unread_ids(messages)
    if ids:
        Notification.objects.filter(pk__in=ids).update(read_at=timezone.now())
    return ids


def mark_read(
    user: User,
    *,
    action: str,
    rows: models.QuerySet[Any] | None = None,
    stamp: Mapping[str, Any] | None = None,
    created: Iterable[int] = (),
    urls: Iterable[str] = (),
    target: models.Model | None = None,
    object_type: str = "",
    object_repr: str = "",
) -> ReadMarks:
    """Stamp the unread ``rows`` read (``read_at`` now, plus ``stamp`` fields such as ``read_by``),
    clear ``user``'s inbox messages pointing to ``urls``, and audit the click once as ``action``.

    ``created``: receipt rows the caller has just created as read (a model with one row per reader,
    such as a leader's 阅 of an issue): they count as stamped.
    ``target``: the thing read (a notice, an issue), named by the audit row; without it the row names
    ``object_type`` and ``object_repr`` (the inbox: several messages at once)."""
    marks = ReadMarks(stamped=sorted(created))
    if rows is not None:
        unread = _unread_ids(rows)
        if unread:
            rows.model.objects.filter(pk__in=unread).update(read_at=timezone.now(), **dict(stamp or {}))
        marks.stamped = sorted({*marks.stamped, *unread})
    marks.messages = clear_messages(urls, recipients=[user])
    if not marks.changed:
        return marks
    new: dict[str, list[int]] = {}
    if marks.stamped:
        new["ids"] = marks.stamped
    if marks.messages:
        new["messages"] = marks.messages
    if target is not None:
        record(user, action, target, new=new)
    else:
        count = len(marks.stamped)
        record(
            user,
            action,
            object_type=object_type,
            object_repr=object_repr or _("标记已读 %(n)d 条") % {"n": count},
            new=new,
        )
    return marks
