from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet

from xinbao.orgs import duties

from .models import Delivery, DeliveryState, Notification, WebhookEndpoint

if TYPE_CHECKING:
    from xinbao.orgs.models import User


def inbox(user: User | None, *, unread_only: bool = False) -> QuerySet[Notification]:
    messages = Notification.objects.filter(recipient=user)
    if unread_only:
        messages = messages.filter(read_at__isnull=True)
    return messages.order_by("-created_at", "-id")


def unread_count(user: User | None) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def deliveries(user: User | None, *, state: str = "", channel: str = "") -> QuerySet[Delivery]:
    """The outbound log for the system admin (addresses, states and errors — never the messages' text)."""
    if not duties.can_manage_org(user):
        return Delivery.objects.none()
    rows = Delivery.objects.select_related("recipient", "endpoint__unit")
    if state:
        rows = rows.filter(state=state)
    if channel:
        rows = rows.filter(channel=channel)
    return rows.order_by("-created_at", "-id")


def delivery_counts(user: User | None) -> dict[str, int]:
    if not duties.can_manage_org(user):
        return {}
    counts = {s: 0 for s in DeliveryState.values}
    for row in Delivery.objects.order_by().values("state").annotate(n=Count("*")):
        counts[row["state"]] = row["n"]
    return counts


def endpoints(user: User | None) -> QuerySet[WebhookEndpoint]:
    if not duties.can_manage_org(user):
        return WebhookEndpoint.objects.none()
    return WebhookEndpoint.objects.filter(deleted_at__isnull=True).select_related("unit").order_by("unit__path", "id")
