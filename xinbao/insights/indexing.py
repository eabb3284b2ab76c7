"""Keeping the similarity index and the search documents in step with the other apps' data.

Receivers of ``post_save`` (items, versions, submissions, issues, 批示, notices) note what changed and,
once the transaction commits, queue one task per object (``tasks``): the indexing never slows the
user's click (DESIGN.md "slow work runs after commit in a task"); tests run the tasks inline.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save


def _queue(kind: str, pk: int | None) -> None:
    """Note (kind, pk) for the current transaction; one ``_flush`` after commit enqueues each once.

    The set lives on the connection and is trusted only while our ``_flush`` is still registered there:
    after a rollback Django drops the callback, and the next save starts a new set."""
    if pk is None:
        return
    conn = transaction.get_connection()
    pending: set[tuple[str, int]] | None = getattr(conn, "_insights_pending", None)
    registered = pending is not None and any(entry[1] is _flush for entry in conn.run_on_commit)
    if not registered:
        pending = set()
        conn._insights_pending = pending
    assert pending is not None
    pending.add((kind, pk))
    if not registered:
        transaction.on_commit(_flush)  # outside a transaction this runs at once


def _flush() -> None:
    from .tasks import reindex

    conn = transaction.get_connection()
    work: set[tuple[str, int]] = getattr(conn, "_insights_pending", None) or set()
    conn._insights_pending = None
    for kind, pk in sorted(work):
        reindex.enqueue(kind, pk)


def on_item(sender: Any, instance: Any, **_: Any) -> None:
    _queue("item", instance.pk)


def on_version(sender: Any, instance: Any, **_: Any) -> None:
    _queue("item", instance.item_id)


def on_submission(sender: Any, instance: Any, **_: Any) -> None:
    _queue("submission", instance.pk)


def on_issue(sender: Any, instance: Any, **_: Any) -> None:
    _queue("issue", instance.pk)


def on_instruction(sender: Any, instance: Any, **_: Any) -> None:
    _queue("instruction", instance.pk)


def on_notice(sender: Any, instance: Any, **_: Any) -> None:
    _queue("notice", instance.pk)


def on_notice_receipt(sender: Any, instance: Any, **_: Any) -> None:
    _queue("notice", instance.notice_id)


def on_delivery(sender: Any, instance: Any, **_: Any) -> None:
    _queue("issue", instance.issue_id)


def connect() -> None:
    from xinbao.instructions.models import Instruction
    from xinbao.items.models import Item, ItemVersion, Submission
    from xinbao.publications.models import Issue, IssueDelivery
    from xinbao.scoring.models import Notice

    post_save.connect(on_item, sender=Item, dispatch_uid="insights.item")
    post_save.connect(on_version, sender=ItemVersion, dispatch_uid="insights.version")
    post_save.connect(on_submission, sender=Submission, dispatch_uid="insights.submission")
    post_save.connect(on_issue, sender=Issue, dispatch_uid="insights.issue")
    post_save.connect(on_delivery, sender=IssueDelivery, dispatch_uid="insights.delivery")
    post_save.connect(on_instruction, sender=Instruction, dispatch_uid="insights.instruction")
    post_save.connect(on_notice, sender=Notice, dispatch_uid="insights.notice")
