"""What ``commissions`` adds to the menu and the home page: 约稿 for the hub; for the units, the
commissions still to answer and the hub's 参考选题 and 报送要点."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinbao.core.registry import HomePanel, MenuEntry, PanelData, register_menu, register_panel
from xinbao.orgs.models import User
from xinbao.orgs.roles import HUB_STAFF, WRITERS, Role

from . import queries

UNIT_PEOPLE = frozenset({*WRITERS, Role.SIGNER})

register_menu(
    MenuEntry(
        "commissions.index", gettext_lazy("约稿"), "commissions:index", frozenset({*HUB_STAFF, Role.LEADER}), order=42
    ),
    MenuEntry("commissions.mine", gettext_lazy("约稿与选题"), "commissions:mine", UNIT_PEOPLE, order=43),
)


def _url(pk: int) -> str:
    return reverse("commissions:detail", args=[pk])


def open_panel(user: User | None) -> PanelData:
    rows = list(queries.open_for_unit(user)[:5])
    return PanelData(
        count=queries.open_for_unit(user).count(),
        url=reverse("commissions:mine"),
        rows=[
            (
                _("《%(t)s》%(d)s截止") % {"t": c.title, "d": f"{timezone.localtime(c.due_at):%m-%d %H:%M}"},
                _url(c.pk),
            )
            for c in rows
        ],
        note=_("暂无待报送的约稿"),
    )


def guidance_panel(user: User | None) -> PanelData:
    rows = list(queries.guidance_for_unit(user)[:5])
    return PanelData(
        url=reverse("commissions:mine"),
        rows=[(f"〔{c.get_kind_display()}〕{c.title}", _url(c.pk)) for c in rows],
        note=_("暂无参考选题和报送要点"),
    )


register_panel(
    HomePanel("commissions.open", gettext_lazy("待报送约稿"), UNIT_PEOPLE, open_panel, order=25),
    HomePanel("commissions.guidance", gettext_lazy("参考选题与报送要点"), UNIT_PEOPLE, guidance_panel, order=26),
)
