"""What urgent adds to the menu and the home page (the duty officer's home panel among them)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinbao.core.registry import HomePanel, MenuEntry, PanelData, register_menu, register_panel
from xinbao.orgs.models import User
from xinbao.orgs.roles import HUB_STAFF, WRITERS, Role

from . import queries

URGENT_ROLES = frozenset({*WRITERS, Role.SIGNER, Role.DUTY_OFFICER, Role.LEADER, *HUB_STAFF})

register_menu(MenuEntry("urgent.index", gettext_lazy("紧急信息"), "urgent:index", URGENT_ROLES, order=30))


def _countdown(due: Any, now: Any) -> str:
    minutes = int((due - now).total_seconds() // 60)
    span = abs(minutes)
    text = _("%(h)s小时%(m)s分钟") % {"h": span // 60, "m": span % 60} if span >= 60 else _("%(m)s分钟") % {"m": span}
    return _("已超时%(t)s") % {"t": text} if minutes < 0 else _("还剩%(t)s") % {"t": text}


def duty_panel(user: User | None) -> PanelData:
    """The duty officer's desk: open events with their next deadline, and the latest handover note."""
    hub = queries.watched_hub(user)
    if hub is None:
        return PanelData(note=_("本单位不接报紧急信息"))
    now = timezone.now()
    rows: list[tuple[str, str | None]] = []
    board = queries.board(hub, now)
    for row in board[:6]:
        due = f"（{row.deadline_label}{_countdown(row.due_at, now)}）" if row.due_at else ""
        rows.append((f"{row.severity_label} {row.title}{due}", reverse("urgent:event", args=[row.event_id])))
    for shift in queries.recent_handovers(hub, 1):
        rows.append(
            (
                _("交接班：%(p)s：%(t)s") % {"p": shift.person.display_name, "t": shift.handover[:60]},
                reverse("urgent:duty"),
            )
        )
    return PanelData(count=len(board), url=reverse("urgent:duty"), rows=rows, note=_("暂无待处置的紧急事件"))


def unit_panel(user: User | None) -> PanelData:
    """A reporting unit: its events still owing a report."""
    unit_id = user.unit_id if user is not None else None
    events = queries.event_list(user, state="live").filter(unit_id=unit_id)[:5] if unit_id is not None else []
    rows = [(e.title, reverse("urgent:event", args=[e.pk])) for e in events]
    return PanelData(count=len(rows), url=reverse("urgent:index"), rows=rows, note=_("本单位暂无处置中的紧急事件"))


register_panel(
    HomePanel(
        "urgent.duty", gettext_lazy("值班：紧急信息"), frozenset({Role.DUTY_OFFICER, *HUB_STAFF}), duty_panel, order=5
    ),
    HomePanel("urgent.unit", gettext_lazy("本单位紧急信息"), frozenset({*WRITERS, Role.SIGNER}), unit_panel, order=15),
)
