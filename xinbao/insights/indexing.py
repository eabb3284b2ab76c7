"""Keeping the similarity index and the search documents in step with the other apps' data.

Receivers of ``post_save`` (items, versions, submissions, issues, 批示, notices) note what changed and,
once the transaction commits, queue one task per object (``tasks``): the indexing never slows the
user's click (DESIGN.md "slow work runs after commit in a task"); tests run the tasks inline.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

# What changed in the current transaction of this thread (one task per object however often it is saved).
_local = threading.local()


def _queue(kind: str, pk: int | None) -> None:
    if pk is None:
        return
    pending: set[tuple[str, int]] | None = getattr(_local, "pending", None)
    if pending is None:
        pending = _local.pending = set()
        transaction.on_commit(_flush)
    pending.add((kind, pk))


def _flush() -> None:
    from .tasks import reindex

    work: set[tuple[str, int]] = getattr(_local, "pending", None) or set()
    _local.pending = None
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
