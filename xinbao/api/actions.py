"""Issuing and revoking API tokens (each audited)."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.audit.actions import record
from xinbao.core.actions import write_action
from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.orgs import duties

from .models import ApiToken, hash_key

if TYPE_CHECKING:
    from xinbao.orgs.models import User


@write_action
def issue_token(user: User | None, name: str, *, for_user: User | None = None) -> tuple[ApiToken, str]:
    """Create a token for ``user`` (or, by the system only, for ``for_user``). Returns the plain key once."""
    owner = for_user or user
    if owner is None:  # a programming error, not input: the system names whom the token is for
        raise ValueError("issue_token by the system needs for_user")
    if for_user is not None and user is not None and for_user.pk != user.pk:
        raise PermissionRefused(_("只能为自己创建令牌。"))
    if user is not None and not duties.uses_api(owner):
        raise PermissionRefused(_("您的角色不使用接口，无需 API 令牌。"))
    if not name.strip():
        raise DomainError(_("请填写令牌用途。"), field="name")
    key = "xb_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=owner, name=name.strip(), key_hash=hash_key(key), prefix=key[3:9])
    record(user, "api.issue_token", token, new={"name": token.name, "user": owner.pk})
    return token, key


@write_action
def revoke_token(user: User | None, token: ApiToken) -> ApiToken:
    if user is not None and token.user_id != user.pk:
        raise PermissionRefused(_("只能吊销自己的令牌。"))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(user, "api.revoke_token", token)
    return token


def revoke_all_tokens(user: User | None, person: User, reason: str) -> int:
    """Revoke every live token of ``person`` (inside the caller's transaction), one audit row."""
    live = ApiToken.objects.filter(user=person, revoked_at__isnull=True)
    names = list(live.values_list("name", flat=True))
    if not names:
        return 0
    live.update(revoked_at=timezone.now())
    record(
        user,
        "api.revoke_all_tokens",
        person,
        new={"reason": reason, "count": len(names), "tokens": names},
    )
    return len(names)


def revoke_tokens_on_reset(sender: Any, *, actor: Any, person: Any, reason: str, **kwargs: Any) -> None:
    """``orgs.signals.credentials_reset``: a reset or deactivated account keeps no API access."""
    revoke_all_tokens(actor, person, reason)
