"""What insights adds to the menu and the home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinbao.core.registry import HomePanel, MenuEntry, PanelData, register_menu, register_panel
from xinbao.orgs.roles import ADMIN_ROLES, EVERY_ROLE, HUB_STAFF, WRITERS, Role

from . import queries

BUSINESS = frozenset(EVERY_ROLE - ADMIN_ROLES)

register_menu(
    MenuEntry("insights.dashboard", gettext_lazy("统计分析"), "insights:dashboard", frozenset(HUB_STAFF), order=60),
    MenuEntry("insights.leader", gettext_lazy("工作概览"), "insights:leader", frozenset({Role.LEADER}), order=61),
    MenuEntry("insights.search", gettext_lazy("全文检索"), "insights:search", BUSINESS, order=62),
)


def progress_panel(user: Any) -> PanelData:
    """本单位本期任务进度: each quota of the rule sets assessing the unit, done against target."""
    if user.unit is None:
        return PanelData(note=_("未归属单位"))
    rows: list[tuple[str, str | None]] = []
    what = {"submitted": _("报送"), "adopted": _("被采用")}
    for name, quota_rows, period in queries.unit_progress(user):
        for r in quota_rows:
            status = _("已完成") if r.missing == 0 else _("还差%(n)s条") % {"n": r.missing}
            text = _("%(r)s（%(p)s）%(q)s：%(w)s%(d)s/%(t)s条，%(s)s") % {
                "r": name,
                "p": period.label if period else "",
                "q": r.quota,
                "w": what.get(r.count, r.count),
                "d": r.done,
                "t": r.target,
                "s": status,
            }
            rows.append((text, None))
    rows.append((_("提醒记录：为什么收到提醒"), reverse("insights:alerts")))
    return PanelData(rows=rows, note=_("本单位暂无任务数要求。"))


register_panel(
    HomePanel(
        "insights.progress",
        gettext_lazy("本期任务进度"),
        frozenset({*WRITERS, Role.SIGNER}),
        progress_panel,
        order=41,
    )
)
