"""Telling people: the inbox always; e-mail and webhooks as outbound deliveries, sent after commit and
retried by the worker, so one failing channel never stops the others or the action that caused them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.audit.actions import record
from xinbao.core.actions import write_action
from xinbao.core.errors import DomainError
from xinbao.orgs import duties

from . import channels, receipts
from .models import Channel, Delivery, DeliveryState, Notification, WebhookEndpoint

if TYPE_CHECKING:
    from xinbao.orgs.models import Unit, User

# Back-off between attempts of a failing delivery; after the last one it is given up (shown as failed).
RETRY_DELAYS = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=15),
    datetime.timedelta(hours=1),
    datetime.timedelta(hours=4),
]


@dataclass(frozen=True)
class Message:
    """One text for some people (``notify_many`` sends many at once)."""

    recipients: Iterable[User | None]
    kind: str
    text: str
    url: str = ""
    email_text: str | None = None


def notify(
    recipients: Iterable[User | None], kind: str, text: str, url: str = "", *, email_text: str | None = None
) -> list[Notification]:
    """One inbox message per distinct active recipient, and the outbound copies (e-mail to those with an
    address when an SMTP server is configured; each webhook of the recipients' units that takes ``kind``).

    ``email_text``: what leaves the system (e-mail, webhooks) when it must differ from the inbox — callers
    pass a copy without sensitive titles (see items.policy.public_title). Called inside the caller's
    transaction and not audited separately: the action that caused it is."""
    return notify_many([Message(recipients, kind, text, url, email_text)])


def notify_many(messages: Sequence[Message]) -> list[Notification]:
    """``notify`` for many messages in a fixed number of queries (publishing an issue tells every writer)."""
    addressed = [(m, {p.pk: p for p in m.recipients if p is not None and p.is_active}) for m in messages]
    rows = Notification.objects.bulk_create(
        [
            Notification(recipient_id=pk, kind=m.kind, text=m.text[:500], url=m.url)
            for m, people in addressed
            for pk in people
        ]
    )
    endpoints = _endpoints_of({p.unit_id for _m, people in addressed for p in people.values() if p.unit_id})
    deliveries: list[Delivery] = []
    for m, people in addressed:
        outbound = m.email_text if m.email_text is not None else m.text
        deliveries += _email_deliveries(people.values(), m.kind, outbound, m.url)
        deliveries += _webhook_deliveries(endpoints, people.values(), m.kind, outbound, m.url)
    if deliveries:
        created = Delivery.objects.bulk_create(deliveries)
        ids = [d.pk for d in created]
        transaction.on_commit(lambda: _enqueue(ids))
    return rows


def _email_deliveries(people: Iterable[User], kind: str, text: str, url: str) -> list[Delivery]:
    if not settings.EMAIL_HOST:
        return []
    subject = _("【信报】%(t)s") % {"t": text[:60]}
    return [
        Delivery(channel=Channel.EMAIL, recipient=p, address=p.email, kind=kind, subject=subject, text=text, url=url)
        for p in people
        if p.email
    ]


def _endpoints_of(unit_ids: set[int]) -> list[WebhookEndpoint]:
    if not unit_ids:
        return []
    return list(WebhookEndpoint.objects.filter(unit_id__in=unit_ids, active=True, deleted_at__isnull=True))


def _webhook_deliveries(
    endpoints: list[WebhookEndpoint], people: Iterable[User], kind: str, text: str, url: str
) -> list[Delivery]:
    result = []
    for endpoint in (e for e in endpoints if e.wants(kind)):
        for person in (p for p in people if p.unit_id == endpoint.unit_id):
            result.append(
                Delivery(
                    channel=Channel.WEBHOOK,
                    recipient=person,
                    endpoint=endpoint,
                    address=endpoint.url,
                    kind=kind,
                    text=text,
                    url=url,
                )
            )
    return result


def _enqueue(ids: list[int]) -> None:
    from .tasks import deliver

    deliver.enqueue(ids)


# --- Sending (a task after commit; the worker retries) -----------------------------------------------

SENDERS = {Channel.EMAIL: channels.send_email, Channel.WEBHOOK: channels.send_webhook}


def send_deliveries(ids: Iterable[int] | None = None, *, now: datetime.datetime | None = None) -> int:
    """Send the given deliveries, or every one that is due; returns how many went out. Each delivery is
    locked while it is sent (SKIP LOCKED), so two workers never send the same one."""
    now = now or timezone.now()
    due = Delivery.objects.filter(state__in=[DeliveryState.PENDING, DeliveryState.RETRYING])
    due = due.filter(pk__in=list(ids)) if ids is not None else due.filter(next_attempt_at__lte=now)
    sent = 0
    for pk in list(due.order_by("pk").values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            delivery = (
                # ``of=("self",)``: PostgreSQL cannot lock the nullable side of the outer joins.
                Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("endpoint", "recipient")
                .filter(pk=pk, state__in=[DeliveryState.PENDING, DeliveryState.RETRYING])
                .first()
            )
            if delivery is not None:
                sent += _attempt(delivery, now)
    return sent


def _attempt(delivery: Delivery, now: datetime.datetime) -> int:
    delivery.attempts += 1
    try:
        SENDERS[Channel(delivery.channel)](delivery)
    except channels.ChannelError as exc:
        delivery.last_error = str(exc)[:500]
        if delivery.attempts > len(RETRY_DELAYS):
            delivery.state, delivery.next_attempt_at = DeliveryState.FAILED, None
        else:
            delivery.state = DeliveryState.RETRYING
            delivery.next_attempt_at = now + RETRY_DELAYS[delivery.attempts - 1]
        delivery.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
        return 0
    delivery.state, delivery.sent_at, delivery.next_attempt_at = DeliveryState.SENT, now, None
    delivery.save(update_fields=["attempts", "state", "sent_at", "next_attempt_at"])
    return 1


@write_action
def retry_delivery(user: User | None, delivery: Delivery) -> Delivery:
    """A failed delivery is queued again at once (the system admin, after fixing an address or server)."""
    duties.require(duties.can_manage_org(user), _("只有系统管理员可以处理外发失败记录。"))
    if delivery.state not in (DeliveryState.FAILED, DeliveryState.RETRYING):
        raise DomainError(_("只有发送失败或重试中的记录可以重新发送。"))
    delivery.state, delivery.next_attempt_at, delivery.attempts = DeliveryState.RETRYING, timezone.now(), 0
    delivery.save(update_fields=["state", "next_attempt_at", "attempts"])
    record(user, "notify.retry_delivery", delivery, new={"channel": delivery.channel, "address": delivery.address})
    return delivery


# --- Webhook endpoints (system admin) ------------------------------------------------------------------

ENDPOINT_FIELDS = ("name", "url", "secret", "kinds", "active")


def _clean_endpoint(fields: dict[str, Any]) -> dict[str, Any]:
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items() if k in ENDPOINT_FIELDS}
    if not clean.get("name"):
        raise DomainError(_("请填写名称。"), field="name")
    url = clean.get("url", "")
    if not url.startswith(("http://", "https://")):
        raise DomainError(_("推送地址须以 http:// 或 https:// 开头。"), field="url")
    return clean


@write_action
def save_endpoint(
    user: User | None, *, unit: Unit, endpoint: WebhookEndpoint | None = None, **fields: Any
) -> WebhookEndpoint:
    duties.require(duties.can_manage_org(user), _("只有系统管理员可以设置推送地址。"))
    clean = _clean_endpoint(fields)
    if endpoint is None:
        endpoint = WebhookEndpoint.objects.create(unit=unit, **clean)
        record(user, "notify.create_endpoint", endpoint, new={**clean, "secret": bool(clean.get("secret"))})
        return endpoint
    old = {k: getattr(endpoint, k) for k in clean}
    for key, value in clean.items():
        setattr(endpoint, key, value)
    endpoint.save()
    hide = {"secret": "***"}
    record(user, "notify.update_endpoint", endpoint, old={**old, **hide}, new={**clean, **hide})
    return endpoint


@write_action
def delete_endpoint(user: User | None, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Soft delete: past deliveries keep their endpoint."""
    duties.require(duties.can_manage_org(user), _("只有系统管理员可以设置推送地址。"))
    endpoint.deleted_at, endpoint.active = timezone.now(), False
    endpoint.save(update_fields=["deleted_at", "active"])
    record(user, "notify.delete_endpoint", endpoint)
    return endpoint


# --- The inbox -------------------------------------------------------------------------------------------


@write_action
def mark_read(user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's own messages read (all of them when no ids are given); one audit row per click,
    naming the messages (``receipts.mark_read``, the rule every mark-read action follows)."""
    unread = Notification.objects.filter(recipient=user)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    marks = receipts.mark_read(user, action="notify.mark_read", rows=unread, object_type="notify.notification")
    return len(marks.stamped)


def clear_for(user: User | None, url: str) -> int:
    """Messages that point at ``url`` are done once the user has opened it (a read issue, a handled
    return): marked read without a click of their own. Part of the caller's action (audited there)."""
    if user is None or not url:
        return 0
    return len(receipts.clear_messages([url], recipients=[user]))
