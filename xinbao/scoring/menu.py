"""What scoring adds to the menu and the home page."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinbao.core.registry import HomePanel, MenuEntry, PanelData, register_menu, register_panel
from xinbao.orgs.models import User
from xinbao.orgs.roles import HUB_STAFF, WRITERS, Role

from . import member, periods, queries
from .notices import queries as notice_queries

register_menu(
    MenuEntry("scoring.rule_sets", gettext_lazy("考核排名"), "scoring:index", None, order=50),
    MenuEntry("scoring.notices", gettext_lazy("通报"), "scoring:notices", None, order=51),
)


def my_score_panel(user: User) -> PanelData:
    """Our unit's score and rank this month, in every rule set that assesses it."""
    if user.unit is None:
        return PanelData(note=_("未归属单位"))
    month = periods.containing("month", timezone.localdate())
    rows = []
    for rule_set in queries.visible_rule_sets(user).exclude(hub_id=user.unit_id)[:3]:
        row, count = queries.unit_rank(rule_set, user.unit, month)
        if row is None:
            continue
        text = _("%(r)s：本月%(t)s，第%(k)s名/共%(n)s个单位") % {
            "r": rule_set.name,
            "t": f"{row.total.normalize():f}",
            "k": row.rank,
            "n": count,
        }
        rows.append((text, reverse("scoring:unit_ledger", args=[rule_set.pk, user.unit_id]) + f"?period={month.code}"))
    unread = notice_queries.unread_notices(user).count()
    if unread:
        rows.append((_("有%(n)s份通报未读") % {"n": unread}, reverse("scoring:notices")))
    return PanelData(rows=rows, url=reverse("scoring:index"), note=_("本单位暂未纳入考核"))


register_panel(
    HomePanel(
        "scoring.my_score",
        gettext_lazy("本单位考核得分"),
        frozenset({*WRITERS, Role.SIGNER, *HUB_STAFF}),
        my_score_panel,
        order=40,
    )
)


def my_record_panel(user: User) -> PanelData:
    """A writer assessed in person (政协委员, 特邀信息员): this year's counts, quotas now and 稿酬 to date."""
    figures = member.summary(user)
    url = reverse("scoring:my_record")
    rows: list[tuple[str, str | None]] = [
        (
            _("%(y)s年报送%(s)s条，采用%(a)s条，批示%(i)s次")
            % {"y": figures.year, "s": figures.submitted, "a": figures.adopted, "i": figures.instructed},
            url,
        )
    ]
    for a in figures.assessments:
        rows.append(
            (
                _("%(r)s：%(t)s%(u)s")
                % {"r": a.rule_set.name, "t": f"{a.total.normalize():f}", "u": a.unit_of_account},
                url,
            )
        )
        for q in a.quotas:
            status = _("已完成") if q.met else _("未完成")
            rows.append((f"{q.label}（{q.window}）：{q.done}/{q.target} {status}", url))
    return PanelData(rows=rows, url=url)


register_panel(
    HomePanel(
        "scoring.my_record",
        gettext_lazy("我的履职"),
        frozenset({Role.CPPCC_MEMBER, Role.SPECIAL_OFFICER}),
        my_record_panel,
        order=39,
    )
)
