"""The audit log is on the audit admin's menu only (三员分立)."""

from django.utils.translation import gettext_lazy

from xinbao.core.registry import MenuEntry, register_menu
from xinbao.orgs.roles import Role

register_menu(MenuEntry("audit.log", gettext_lazy("审计记录"), "audit:log", frozenset({Role.AUDIT_ADMIN}), order=90))
