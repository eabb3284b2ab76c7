"""Statistics of a hub's 批示 for a year, and the year-end 回头看 report (Word).

- per leader level: how many 批示, how many closed (办结), closed on time, average days to 办结;
- per assignee unit: assignments, carried out, on time, still open past the deadline, average days.

"On time": every (not withdrawn) assignment was carried out by its due date, extensions included.
Days to 办结: from the 批示's date to the day it was closed. Dates are the office's local days.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from docx.shared import Cm

from xinbao.core import documents as doc
from xinbao.orgs.roles import LeaderLevel

from .models import Assignment, AssignmentState, FollowUpTrack, Instruction, InstructionState
from .queries import public_item_titles


@dataclass
class Row:
    label: str
    total: int = 0
    closed: int = 0
    on_time: int = 0
    overdue_open: int = 0
    days: list[int] = field(default_factory=list)

    @property
    def on_time_share(self) -> str:
        """按期办结率: closed on time / all (a share of every 批示, open ones count against it)."""
        return f"{100 * self.on_time / self.total:.1f}%" if self.total else "—"

    @property
    def avg_days(self) -> str:
        return f"{sum(self.days) / len(self.days):.1f}" if self.days else "—"


@dataclass
class YearStats:
    year: int
    levels: list[Row]
    units: list[Row]
    total: Row
    instructions: list[Instruction]


def _local(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _assignment_on_time(a: Assignment) -> bool:
    done = _local(a.done_at)
    return a.state == AssignmentState.DONE and done is not None and done <= a.due_on


def year_stats(hub_id: int, year: int) -> YearStats:
    """Two queries: the year's 批示 of the hub and their assignments (with units)."""
    instructions = list(
        Instruction.objects.filter(hub_id=hub_id, track=FollowUpTrack.INSTRUCTION, instructed_on__year=year)
        .select_related("item")
        .prefetch_related(Prefetch("assignments", queryset=Assignment.objects.select_related("unit")))
        .order_by("instructed_on", "id")
    )
    today = timezone.localdate()
    levels = {value: Row(str(label)) for value, label in LeaderLevel.choices}
    units: dict[int, Row] = {}
    unit_order: dict[int, str] = {}
    total = Row(_("合计"))
    for ins in instructions:
        live = [a for a in ins.assignments.all() if a.state != AssignmentState.WITHDRAWN]
        closed = ins.state == InstructionState.CLOSED
        on_time = closed and all(_assignment_on_time(a) for a in live)
        level = levels.setdefault(ins.leader_level, Row(ins.leader_level or "—"))
        for row in (level, total):
            row.total += 1
            row.closed += closed
            row.on_time += on_time
            row.overdue_open += any(a.is_open and a.due_on < today for a in live)
            if closed and ins.closed_at is not None:
                row.days.append((timezone.localdate(ins.closed_at) - ins.instructed_on).days)
        for a in live:
            row = units.setdefault(a.unit_id, Row(a.unit.name))
            unit_order[a.unit_id] = a.unit.path
            row.total += 1
            row.closed += a.state == AssignmentState.DONE
            row.on_time += _assignment_on_time(a)
            row.overdue_open += a.is_open and a.due_on < today
            if a.done_at is not None:
                row.days.append((timezone.localdate(a.done_at) - timezone.localdate(a.assigned_at)).days)
    level_rows = [levels[v] for v in reversed(LeaderLevel.values) if levels[v].total]
    unit_rows = sorted(units.values(), key=lambda r: (-r.total, r.label))
    return YearStats(year, level_rows, unit_rows, total, instructions)


def chart(stats: YearStats) -> dict[str, Any]:
    """The insights chart format (static/js/insights.js): 批示 and on-time 办结 per leader level."""
    return {
        "kind": "bar",
        "columns": [_("领导级别"), _("批示数"), _("按期办结")],
        "rows": [[r.label, r.total, r.on_time] for r in stats.levels],
        "series": [1, 2],
    }


def review_docx(stats: YearStats, hub_name: str) -> bytes:
    """年度批示落实情况“回头看”: every 批示 of the year, who carried it out and the outcome.

    A document read by many: item titles are the public ones (sensitive titles labelled)."""
    document = doc.new_document()
    doc.title(document, _("%(y)s年度领导批示落实情况“回头看”") % {"y": stats.year})
    t = stats.total
    doc.body(
        document,
        _(
            "%(h)s %(y)s年共登记领导批示%(n)s件，已办结%(c)s件，按期办结%(o)s件（按期办结率%(s)s），"
            "平均%(d)s天办结；尚有%(x)s件存在逾期未落实事项。"
        )
        % {
            "h": hub_name,
            "y": stats.year,
            "n": t.total,
            "c": t.closed,
            "o": t.on_time,
            "s": t.on_time_share,
            "d": t.avg_days,
            "x": t.overdue_open,
        },
    )
    doc.heading(document, _("一、按领导级别"))
    doc.table(
        document,
        [_("领导级别"), _("批示数"), _("已办结"), _("按期办结"), _("按期办结率"), _("平均办结天数")],
        [[r.label, str(r.total), str(r.closed), str(r.on_time), r.on_time_share, r.avg_days] for r in stats.levels],
        numeric=range(1, 6),
    )
    doc.heading(document, _("二、逐件落实情况"))
    titles = public_item_titles(stats.instructions)
    rows = []
    for n, ins in enumerate(stats.instructions, start=1):
        units = "、".join(
            f"{a.unit.name}（{a.get_state_display()}）"
            for a in ins.assignments.all()
            if a.state != AssignmentState.WITHDRAWN
        )
        about = f"《{titles[ins.item_id]}》" if ins.item_id is not None else _("整期刊物")
        outcome = ins.outcome or ins.get_state_display()
        rows.append(
            [
                str(n),
                f"{ins.instructed_on:%m-%d}",
                f"{ins.leader_name}（{ins.get_leader_level_display()}）",
                f"{about}：{ins.text[:120]}",
                units or "—",
                outcome[:300],
            ]
        )
    doc.table(
        document,
        [_("序号"), _("日期"), _("批示领导"), _("批示内容"), _("承办单位"), _("办理结果")],
        rows,
        widths=[Cm(1.1), Cm(1.5), Cm(2.6), Cm(4.6), Cm(2.8), Cm(3.0)],
        numeric=[0, 1],
        size=doc.WUHAO,
    )
    doc.heading(document, _("三、承办单位落实情况"))
    doc.table(
        document,
        [_("承办单位"), _("交办"), _("已落实"), _("按期落实"), _("逾期未落实"), _("平均天数")],
        [[r.label, str(r.total), str(r.closed), str(r.on_time), str(r.overdue_open), r.avg_days] for r in stats.units],
        numeric=range(1, 6),
    )
    return doc.to_bytes(document)
