"""API tokens are for everybody who may change data (not the read-only audit admin)."""

from django.utils.translation import gettext_lazy

from xinbao.core.registry import MenuEntry, register_menu
from xinbao.orgs.roles import EVERY_ROLE, Role

register_menu(
    MenuEntry(
        "api.tokens", gettext_lazy("API 令牌"), "api_tokens", frozenset(EVERY_ROLE - {Role.AUDIT_ADMIN}), order=97
    )
)
