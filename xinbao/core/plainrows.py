"""Rows of a ``values_list`` query as the database driver gives them, without Django's converters.

A year's recompute reads ~10^6 rows; Django converts every value of every row in Python (dates parsed,
booleans wrapped, decimals quantized), which costs as much as reading them. A caller that reads that many
rows takes them plain and converts only what it needs, once per distinct value (``day``)."""

from __future__ import annotations

import datetime
from functools import lru_cache
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet


def plain_rows(queryset: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The rows of a ``values_list`` queryset, unconverted (SQLite gives dates as text, booleans as 0/1)."""
    try:
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:  # e.g. an empty ``__in`` list: Django knows there is nothing without asking
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@lru_cache(maxsize=4096)
def day(value: datetime.date | str) -> datetime.date:
    """A date column's value as a date (PostgreSQL gives one already; SQLite gives ISO text)."""
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
