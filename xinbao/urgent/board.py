"""The rows of a hub's live board as HTML, built in Python.

The board shows up to several hundred open events and refreshes every 30 seconds. Through the template
engine each row is some twenty variable and tag nodes, and 500 rows were most of the page's time (the
issue's target is 200 ms); ``format_html`` escapes the same values at a fraction of the cost. The markup
is the one ``urgent/_board_rows.html`` had (test ids and ``data-*`` attributes that static/js/urgent.js
reads included).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .queries import BoardRow

BADGES = {"I": "text-bg-danger", "II": "text-bg-danger", "III": "text-bg-warning"}


def _row(row: BoardRow, base: str, now_iso: str, late: str, sensitive: str) -> str:
    sensitive_badge = format_html(' <span class="badge text-bg-warning">{}</span>', sensitive) if row.sensitive else ""
    deadline: str = "—"
    countdown: str = ""
    if row.due_at:
        due_hm = row.due_hm
        deadline = format_html('{} <span class="small text-muted">{}</span>', row.deadline_label, due_hm)
        countdown = format_html(
            '<span data-due="{}" data-now="{}" data-late-label="{}" data-testid="countdown" class="{}">{}</span>',
            row.due_iso,
            now_iso,
            late,
            "xb-overdue" if row.overdue else "",
            late if row.overdue else due_hm,
        )
    return format_html(
        '<tr data-board-row data-testid="board-row" class="{}">'
        '<td><span class="badge {}">{}</span>{}</td>'
        '<td><a href="{}{}/">{}</a><div class="small text-muted">{} · {}</div></td>'
        "<td>{}</td><td>{}</td><td>{}</td></tr>\n",
        "table-danger" if row.overdue else "",
        BADGES.get(row.severity, "text-bg-secondary"),
        row.severity_label,
        sensitive_badge,
        base,
        row.event_id,
        row.title,
        row.unit_name,
        row.place,
        deadline,
        countdown,
        row.state_label,
    )


def rows_html(rows: Iterable[BoardRow], now_iso: str) -> SafeString:
    """The ``<tr>`` of every row (or the "nothing open" row), escaped."""
    base, late, sensitive = reverse("urgent:index"), _("超时"), _("敏感")
    html = "".join(_row(row, base, now_iso, late, sensitive) for row in rows)
    if not html:
        html = format_html('<tr><td colspan="5" class="text-muted">{}</td></tr>', _("暂无待处置的紧急事件"))
    return mark_safe(html)  # every part went through format_html above
