"""What ``publications`` adds to the menu and the home page: 待核签 for the chief and director,
待阅刊物 for leaders, the hub's issues in progress for editors."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinbao.core.registry import HomePanel, MenuEntry, PanelData, register_menu, register_panel
from xinbao.orgs.models import User
from xinbao.orgs.roles import HUB_STAFF, Role

from . import queries
from .models import Issue

register_menu(
    MenuEntry(
        "publications.issues", gettext_lazy("刊物编辑"), "publications:issue_list", frozenset(HUB_STAFF), order=30
    ),
    MenuEntry("publications.archive", gettext_lazy("刊物档案"), "publications:archive", None, order=31),
    MenuEntry(
        "publications.reading", gettext_lazy("待阅刊物"), "publications:reading_list", frozenset({Role.LEADER}), order=5
    ),
)


def signoff_panel(user: User) -> PanelData:
    issues = queries.awaiting_signoff(user)
    rows = [(f"{issue.periodical}（{issue.get_state_display()}）", _issue_url(issue)) for issue in issues[:5]]
    return PanelData(
        count=issues.count(), url=reverse("publications:issue_list"), rows=rows, note=_("暂无待核签的刊物")
    )


def reading_panel(user: User) -> PanelData:
    issues = queries.reading_list(user, unread_only=True)
    rows = [(str(issue), _issue_url(issue)) for issue in issues[:5]]
    return PanelData(count=issues.count(), url=reverse("publications:reading_list"), rows=rows, note=_("刊物均已阅"))


def editing_panel(user: User) -> PanelData:
    issues = queries.working_issues(user)
    rows = [(f"{issue}（{issue.get_state_display()}）", _issue_url(issue)) for issue in issues[:5]]
    return PanelData(count=issues.count(), url=reverse("publications:issue_list"), rows=rows, note=_("没有在编的刊物"))


def _issue_url(issue: Issue) -> str:
    return reverse("publications:issue_detail", args=[issue.pk])


register_panel(
    HomePanel(
        "publications.signoff",
        gettext_lazy("待核签刊物"),
        frozenset({Role.HUB_CHIEF, Role.HUB_DIRECTOR}),
        signoff_panel,
        order=20,
    ),
    HomePanel("publications.to_read", gettext_lazy("待阅刊物"), frozenset({Role.LEADER}), reading_panel, order=5),
    HomePanel("publications.editing", gettext_lazy("在编刊物"), frozenset({Role.HUB_EDITOR}), editing_panel, order=30),
)
