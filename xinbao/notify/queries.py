from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from xinbao.orgs import duties

from .models import Delivery, DeliveryState, Notification, WebhookEndpoint


def inbox(user: Any, *, unread_only: bool = False) -> QuerySet[Notification]:
    messages = Notification.objects.filter(recipient=user)
    if unread_only:
        messages = messages.filter(read_at__isnull=True)
    return messages.order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def deliveries(user: Any, *, state: str = "", channel: str = "") -> QuerySet[Delivery]:
    """The outbound log for the system admin (addresses, states and errors — never the messages' text)."""
    if not duties.can_manage_org(user):
        return Delivery.objects.none()
    rows = Delivery.objects.select_related("recipient", "endpoint__unit")
    if state:
        rows = rows.filter(state=state)
    if channel:
        rows = rows.filter(channel=channel)
    return rows.order_by("-created_at", "-id")


def delivery_counts(user: Any) -> dict[str, int]:
    if not duties.can_manage_org(user):
        return {}
    counts = {s: 0 for s in DeliveryState.values}
    for row in Delivery.objects.order_by().values("state").annotate(n=Count("*")):
        counts[row["state"]] = row["n"]
    return counts


def endpoints(user: Any) -> QuerySet[WebhookEndpoint]:
    if not duties.can_manage_org(user):
        return WebhookEndpoint.objects.none()
    return WebhookEndpoint.objects.filter(deleted_at__isnull=True).select_related("unit").order_by("unit__path", "id")
