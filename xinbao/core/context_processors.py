"""Template context: the menu of the signed-in user's roles."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .registry import menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": []}
    return {"nav_entries": menu_for(user.role_codes)}
