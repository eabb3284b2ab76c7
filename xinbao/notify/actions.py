"""Telling people: the inbox always, email as well when an SMTP server is configured."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from xinbao.core.actions import write_action

from . import receipts
from .models import Notification


def notify(
    recipients: Iterable[Any], kind: str, text: str, url: str = "", *, email_text: str | None = None
) -> list[Notification]:
    """Queue one inbox message per distinct active recipient; email after the transaction commits.

    ``email_text``: what the e-mail copy says when it must differ from the inbox (an e-mail leaves the
    system, so callers pass a copy without sensitive titles; see items.policy.public_title).
    Called from other apps' actions inside their transaction, so it is not audited separately:
    the action that caused it is.
    """
    people = {p.pk: p for p in recipients if p is not None and p.is_active}
    rows = Notification.objects.bulk_create(
        [Notification(recipient_id=pk, kind=kind, text=text[:500], url=url) for pk in people]
    )
    if settings.EMAIL_HOST:
        addresses = [p.email for p in people.values() if p.email]
        if addresses:
            mail = email_text if email_text is not None else text
            transaction.on_commit(lambda: _send_email(addresses, mail, url))
    return rows


def _send_email(addresses: list[str], text: str, url: str) -> None:
    send_mail(_("【信报】%(t)s") % {"t": text[:60]}, f"{text}\n{url}", None, addresses, fail_silently=True)


@write_action
def mark_read(user: Any, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's own messages read (all of them when no ids are given); one audit row per click,
    naming the messages (``receipts.mark_read``, the rule every mark-read action follows)."""
    unread = Notification.objects.filter(recipient=user)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    marks = receipts.mark_read(user, action="notify.mark_read", rows=unread, object_type="notify.notification")
    return len(marks.stamped)
