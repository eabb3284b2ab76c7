"""What ``instructions`` adds to the menu and the home page: 批示督办 for the hub and its leaders,
承办事项 for the units that carry instructions out."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinbao.core.registry import HomePanel, MenuEntry, PanelData, register_menu, register_panel
from xinbao.orgs.models import User
from xinbao.orgs.roles import HUB_STAFF, Role

from . import queries

HANDLERS = frozenset({Role.SIGNER, Role.OFFICER, *HUB_STAFF})

register_menu(
    MenuEntry(
        "instructions.index",
        gettext_lazy("批示督办"),
        "instructions:index",
        frozenset({*HUB_STAFF, Role.LEADER}),
        order=40,
    ),
    MenuEntry(
        "instructions.tasks",
        gettext_lazy("承办事项"),
        "instructions:tasks",
        frozenset({Role.SIGNER, Role.OFFICER}),
        order=41,
    ),
)


def _due_panel(user: User | None, scope: str) -> PanelData:
    lists = queries.due_lists(user, scope, limit=5)
    rows = [
        (
            _("%(u)s · %(l)s批示 · %(d)s到期（已逾期）")
            % {"u": a.unit.name, "l": a.instruction.leader_name, "d": f"{a.due_on:%m-%d}"},
            reverse("instructions:detail", args=[a.instruction_id]),
        )
        for a in lists.overdue
    ] + [
        (
            _("%(u)s · %(l)s批示 · %(d)s到期")
            % {"u": a.unit.name, "l": a.instruction.leader_name, "d": f"{a.due_on:%m-%d}"},
            reverse("instructions:detail", args=[a.instruction_id]),
        )
        for a in lists.due_soon
    ]
    return PanelData(
        count=len(lists.overdue) + len(lists.due_soon) + len(lists.waiting_review),
        url=reverse("instructions:due") + f"?scope={scope}",
        rows=rows[:5],
        note=_("没有逾期或即将到期的批示办理事项"),
    )


register_panel(
    HomePanel(
        "instructions.hub_due",
        gettext_lazy("批示督办"),
        frozenset(HUB_STAFF),
        lambda user: _due_panel(user, "hub"),
        order=35,
    ),
    HomePanel(
        "instructions.unit_due",
        gettext_lazy("承办的批示"),
        frozenset({Role.SIGNER, Role.OFFICER}),
        lambda user: _due_panel(user, "unit"),
        order=36,
    ),
)
