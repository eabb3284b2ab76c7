"""Insights: dashboards, reminders, similar items, search, hot topics, suggestions and writing checks."""

from __future__ import annotations

from typing import Any


def settings_for(hub: Any) -> Any:
    """A hub's insight settings (defaults when the hub never saved any; nothing is written)."""
    from .models import HubSettings

    hub_id = hub if isinstance(hub, int) else hub.pk
    found = HubSettings.objects.filter(hub_id=hub_id).first()
    return found or HubSettings(hub_id=hub_id)
