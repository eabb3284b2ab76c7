"""Reading API tokens: a user sees only their own."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import ApiToken


def own_tokens(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "-id")
