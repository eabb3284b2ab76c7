"""Assessment periods: week, month, quarter, year — containing a date, following, and labelled."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date
    kind: str  # week | month | quarter | year | range

    @property
    def label(self) -> str:
        s = self.start
        if self.kind == "year":
            return _("%(y)s年") % {"y": s.year}
        if self.kind == "quarter":
            return _("%(y)s年第%(q)s季度") % {"y": s.year, "q": (s.month - 1) // 3 + 1}
        if self.kind == "month":
            return _("%(y)s年%(m)s月") % {"y": s.year, "m": s.month}
        if self.kind == "week":
            iso = s.isocalendar()
            return _("%(y)s年第%(w)s周") % {"y": iso[0], "w": iso[1]}
        return f"{self.start:%Y-%m-%d}—{self.end:%Y-%m-%d}"

    @property
    def code(self) -> str:
        """A compact form for URLs: 2026, 2026Q1, 2026-03, 2026W05, or 2026-01-01..2026-02-15."""
        s = self.start
        if self.kind == "year":
            return f"{s.year}"
        if self.kind == "quarter":
            return f"{s.year}Q{(s.month - 1) // 3 + 1}"
        if self.kind == "month":
            return f"{s.year}-{s.month:02d}"
        if self.kind == "week":
            iso = s.isocalendar()
            return f"{iso[0]}W{iso[1]:02d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def _month_end(year: int, month: int) -> datetime.date:
    first_next = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return first_next - datetime.timedelta(days=1)


def containing(kind: str, day: datetime.date) -> Period:
    if kind == "year":
        return Period(datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31), kind)
    if kind == "quarter":
        first = (day.month - 1) // 3 * 3 + 1
        return Period(datetime.date(day.year, first, 1), _month_end(day.year, first + 2), kind)
    if kind == "month":
        return Period(datetime.date(day.year, day.month, 1), _month_end(day.year, day.month), kind)
    if kind == "week":
        start = day - datetime.timedelta(days=day.weekday())
        return Period(start, start + datetime.timedelta(days=6), kind)
    raise ValueError(kind)


def between(kind: str, start: datetime.date, end: datetime.date) -> list[Period]:
    """Every period of ``kind`` overlapping [start, end], in order."""
    result = []
    period = containing(kind, start)
    while period.start <= end:
        result.append(period)
        period = containing(kind, period.end + datetime.timedelta(days=1))
    return result


_PATTERNS = [
    (re.compile(r"^(\d{4})$"), lambda m: containing("year", datetime.date(int(m[1]), 1, 1))),
    (re.compile(r"^(\d{4})Q([1-4])$"), lambda m: containing("quarter", datetime.date(int(m[1]), int(m[2]) * 3 - 2, 1))),
    (re.compile(r"^(\d{4})-(\d{2})$"), lambda m: containing("month", datetime.date(int(m[1]), int(m[2]), 1))),
    (
        re.compile(r"^(\d{4})W(\d{2})$"),
        lambda m: containing("week", datetime.date.fromisocalendar(int(m[1]), int(m[2]), 1)),
    ),
    (
        re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$"),
        lambda m: Period(datetime.date.fromisoformat(m[1]), datetime.date.fromisoformat(m[2]), "range"),
    ),
]


def parse(code: str) -> Period | None:
    """The period a code names (see ``Period.code``), or None if it names none."""
    for pattern, build in _PATTERNS:
        match = pattern.match(code.strip())
        if match:
            try:
                period = build(match)
            except ValueError:
                return None
            return period if period.start <= period.end else None
    return None
