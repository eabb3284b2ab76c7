"""What ``orgs`` adds to the menu and the home page, per role."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinbao.core.registry import HomePanel, MenuEntry, PanelData, register_menu, register_panel

from . import queries
from .models import User
from .roles import HUB_STAFF, Role

ORG_READERS = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, *HUB_STAFF})

register_menu(
    MenuEntry("orgs.units", gettext_lazy("单位"), "orgs:unit_list", ORG_READERS, order=80),
    MenuEntry("orgs.people", gettext_lazy("人员"), "orgs:people_list", ORG_READERS, order=81),
    MenuEntry(
        "orgs.vacancies",
        gettext_lazy("信息员缺员"),
        "orgs:vacancies",
        frozenset({Role.SYSTEM_ADMIN, *HUB_STAFF}),
        order=82,
    ),
    MenuEntry("orgs.roster", gettext_lazy("信息员名册"), "orgs:roster", frozenset(HUB_STAFF), order=83),
)


def vacancies_panel(user: User) -> PanelData:
    if user.unit is None:
        return PanelData(count=0)
    units = queries.vacancies(user.unit)
    rows: list[tuple[str, str | None]] = [(u.name, reverse("orgs:unit_detail", args=[u.pk])) for u in units[:5]]
    return PanelData(count=units.count(), url=reverse("orgs:vacancies"), rows=rows, note=_("所属单位均有在岗信息员"))


def org_admin_panel(user: User) -> PanelData:
    units = queries.visible_units(user)
    return PanelData(
        count=units.count(),
        url=reverse("orgs:unit_list"),
        rows=[(_("维护单位树、人员与信息员备案；导入导出 Excel。"), None)],
    )


register_panel(
    HomePanel("orgs.vacancies", gettext_lazy("断档缺人的单位"), frozenset(HUB_STAFF), vacancies_panel, order=60),
    HomePanel("orgs.admin", gettext_lazy("单位维护"), frozenset({Role.SYSTEM_ADMIN}), org_admin_panel, order=10),
)
