"""What ``items`` adds to the menu and the home page, per role."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinbao.core.registry import HomePanel, MenuEntry, PanelData, register_menu, register_panel
from xinbao.orgs.models import User
from xinbao.orgs.roles import HUB_STAFF, WRITERS, Role

from . import queries
from .models import SubmissionState

UNIT_PEOPLE = frozenset({*WRITERS, Role.SIGNER})

register_menu(
    MenuEntry("items.mine", gettext_lazy("我的信息"), "items:mine", UNIT_PEOPLE, order=10),
    MenuEntry("items.new", gettext_lazy("起草信息"), "items:new", frozenset(WRITERS), order=11),
    MenuEntry("items.signoff", gettext_lazy("待签发"), "items:signoff", frozenset({Role.SIGNER}), order=12),
    MenuEntry("items.queue", gettext_lazy("信息筛选"), "items:queue", frozenset(HUB_STAFF), order=20),
)


def writer_panel(user: User) -> PanelData:
    returned = queries.unit_items(user, queries.ItemFilters(state=queries.TO_REVISE))
    rows = [(i.title, reverse("items:detail", args=[i.pk])) for i in returned[:5]]
    return PanelData(
        count=returned.count(),
        url=reverse("items:mine") + f"?state={queries.TO_REVISE}",
        rows=rows,
        note=_("没有被退回修改的信息。"),
    )


def signoff_panel(user: User) -> PanelData:
    waiting = queries.signoff_queue(user)
    rows = [(i.title, reverse("items:detail", args=[i.pk])) for i in waiting[:5]]
    return PanelData(count=waiting.count(), url=reverse("items:signoff"), rows=rows, note=_("没有待签发的信息。"))


def queue_panel(user: User) -> PanelData:
    counts = queries.queue_counts(user)
    pending = queries.screenable_submissions(user, queries.QueueFilters(state=SubmissionState.PENDING))
    rows = [(s.title, reverse("items:submission", args=[s.pk])) for s in pending[:5]]
    note = _("待处理 %(p)d 条，备用 %(r)d 条，已采用 %(a)d 条。") % {
        "p": counts[SubmissionState.PENDING],
        "r": counts[SubmissionState.RESERVE],
        "a": counts[SubmissionState.ADOPTED],
    }
    return PanelData(count=counts[SubmissionState.PENDING], url=reverse("items:queue"), rows=rows, note=note)


register_panel(
    HomePanel("items.returned", gettext_lazy("退回修改的信息"), frozenset(WRITERS), writer_panel, order=20),
    HomePanel("items.signoff", gettext_lazy("待签发"), frozenset({Role.SIGNER}), signoff_panel, order=21),
    HomePanel("items.queue", gettext_lazy("待筛选信息"), frozenset(HUB_STAFF), queue_panel, order=22),
)
