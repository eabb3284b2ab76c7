from django.urls import reverse
from django.utils.translation import gettext_lazy

from xinbao.core.registry import HomePanel, MenuEntry, PanelData, register_menu, register_panel
from xinbao.orgs.models import User
from xinbao.orgs.roles import EVERY_ROLE, Role

from . import queries

# Everybody but the audit admin receives work messages (the audit admin only reads the log).
RECIPIENTS = frozenset(EVERY_ROLE - {Role.AUDIT_ADMIN})

register_menu(
    MenuEntry("notify.inbox", gettext_lazy("消息"), "notify:inbox", RECIPIENTS, order=95),
    MenuEntry("notify.channels", gettext_lazy("消息推送"), "notify:channels", frozenset({Role.SYSTEM_ADMIN}), order=90),
)


def unread_panel(user: User) -> PanelData:
    unread = queries.inbox(user, unread_only=True)
    rows = [(n.text, n.url or None) for n in unread[:5]]
    return PanelData(count=unread.count(), url=reverse("notify:inbox") + "?unread=1", rows=rows)


register_panel(HomePanel("notify.unread", gettext_lazy("未读消息"), RECIPIENTS, unread_panel, order=99))
