"""Excel export of a chart's table (openpyxl), safe against formula injection.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be read by
Excel as a formula (CSV/formula injection): such text is written as a string cell with Excel's quote
prefix (``quotePrefix``), so Excel shows it and never evaluates it.
(A shared helper is planned in core; this one is local to insights until then.)
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment

from .queries import Chart, _plain

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def is_dangerous(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(DANGEROUS_START)


def safe_cell(sheet: Any, value: Any) -> WriteOnlyCell:
    """A write-only cell for ``value``; text that Excel would take for a formula stays plain text."""
    value = _plain(value)
    if value is None:
        value = ""
    cell = WriteOnlyCell(sheet, value=value)
    if is_dangerous(value):
        cell.data_type = "s"  # a string cell, never a formula
        cell.quotePrefix = True
        cell.alignment = Alignment(horizontal="left")
    return cell


def chart_workbook(chart: Chart, subtitle: str = "") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(chart.title[:31])
    sheet.append([safe_cell(sheet, chart.title)])
    if subtitle:
        sheet.append([safe_cell(sheet, subtitle)])
    sheet.append([safe_cell(sheet, c) for c in chart.columns])
    for row in chart.rows:
        sheet.append([safe_cell(sheet, v) for v in row])
    if chart.note:
        sheet.append([safe_cell(sheet, chart.note)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
