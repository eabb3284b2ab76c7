"""Excel cells that cannot carry formulas (CSV/formula injection, 等保 入侵防范).

A text beginning with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
spreadsheet programs skip before one of those) would be taken for a formula by openpyxl and by
Excel when edited or re-saved as CSV: ``=HYPERLINK(...)`` in a unit's name must stay text. Such a
text is written with a leading apostrophe, Excel's own "this is text" mark. Every export goes
through ``safe_row``; imports read it back with ``unquote``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"


def safe_cell(value: Any) -> Any:
    """The value to write: numbers, dates and plain texts unchanged; a formula-like text quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return TEXT_MARK + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]


def unquote(text: str) -> str:
    """Undo ``safe_cell`` on a cell read back from one of our files (re-import of an export)."""
    if text.startswith(TEXT_MARK) and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
