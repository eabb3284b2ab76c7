"""Reading API tokens: a user sees only their own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import ApiToken

if TYPE_CHECKING:
    from xinbao.orgs.models import User


def own_tokens(user: User | None) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "-id")
