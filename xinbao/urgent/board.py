"""The rows of a hub's live board as HTML, built in Python.

The board shows up to several hundred open events and refreshes every 30 seconds. Through the template
engine each row is some twenty variable and tag nodes, and 500 rows were most of the page's time (the
issue's target is 200 ms); ``html.escape`` and f-strings do the same at a fraction of the cost. The markup
is the one ``urgent/_board_rows.html`` had (test ids and ``data-*`` attributes that static/js/urgent.js
reads included).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .queries import BoardRow

BADGES = {"I": "text-bg-danger", "II": "text-bg-danger", "III": "text-bg-warning"}


def _row(row: BoardRow, base: str, now_iso: str, late: str, sensitive: str) -> str:
    """One ``<tr>``; every value goes through ``html.escape`` (what Django's ``escape`` does, without its
    lazy-string wrapper, which was most of the cost)."""
    badge = BADGES.get(row.severity, "text-bg-secondary")
    flag = f' <span class="badge text-bg-warning">{sensitive}</span>' if row.sensitive else ""
    deadline, countdown = "—", ""
    if row.due_at:
        due_hm = escape(row.due_hm)
        deadline = f'{escape(row.deadline_label)} <span class="small text-muted">{due_hm}</span>'
        countdown = (
            f'<span data-due="{escape(row.due_iso)}" data-now="{now_iso}" data-late-label="{late}" '
            f'data-testid="countdown" class="{"xb-overdue" if row.overdue else ""}">'
            f"{late if row.overdue else due_hm}</span>"
        )
    return (
        f'<tr data-board-row data-testid="board-row" class="{"table-danger" if row.overdue else ""}">'
        f'<td><span class="badge {badge}">{escape(row.severity_label)}</span>{flag}</td>'
        f'<td><a href="{base}{int(row.event_id)}/">{escape(row.title)}</a>'
        f'<div class="small text-muted">{escape(row.unit_name)} · {escape(row.place)}</div></td>'
        f"<td>{deadline}</td><td>{countdown}</td><td>{escape(row.state_label)}</td></tr>\n"
    )


def rows_html(rows: Iterable[BoardRow], now_iso: str) -> SafeString:
    """The ``<tr>`` of every row (or the "nothing open" row), escaped."""
    base, now_iso = escape(reverse("urgent:index")), escape(now_iso)
    late, sensitive = escape(_("超时")), escape(_("敏感"))
    html = "".join(_row(row, base, now_iso, late, sensitive) for row in rows)
    if not html:
        html = f'<tr><td colspan="5" class="text-muted">{escape(_("暂无待处置的紧急事件"))}</td></tr>'
    return mark_safe(html)  # every value was escaped above
