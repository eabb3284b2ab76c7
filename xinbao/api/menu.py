"""API tokens only for the roles that use the API (setting ``XINBAO_API_ROLES``)."""

from django.conf import settings
from django.utils.translation import gettext_lazy

from xinbao.core.registry import MenuEntry, register_menu
from xinbao.orgs.roles import Role

register_menu(
    MenuEntry(
        "api.tokens",
        gettext_lazy("API 令牌"),
        "api_tokens",
        frozenset(settings.XINBAO_API_ROLES - {Role.AUDIT_ADMIN}),
        order=97,
    )
)
