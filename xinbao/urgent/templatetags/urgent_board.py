"""``{{ rows|board_rows:now_iso }}``: the live board's rows, built in Python (see xinbao/urgent/board.py)."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString

from ..board import rows_html
from ..queries import BoardRow

register = template.Library()


@register.filter
def board_rows(rows: Iterable[BoardRow], now_iso: str) -> SafeString:
    return rows_html(rows, now_iso)
