"""Token auth (``Authorization: Bearer xb_…``) and session auth for the browsable docs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from xinbao.core.context import client_ip
from xinbao.core.middleware import request_ip
from xinbao.orgs import duties

from .models import ApiToken, hash_key


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.select_related("user", "user__unit")
            .filter(key_hash=hash_key(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None or not duties.uses_api(found.user):  # a role that lost API use keeps no access
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        client_ip.set(request_ip(request))
        return found.user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session (CSRF checked by ninja for unsafe methods)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not getattr(user, "must_change_password", False):
            return user
        return None
