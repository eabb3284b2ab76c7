"""Long id lists read in batches: SQLite refuses a statement with more than 32,766 parameters, and a year's
recompute at 1,000,000 items names hundreds of thousands of items."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
IN_BATCH = 5000  # ids per ``pk__in`` (well under SQLite's limit, cheap for PostgreSQL)


def in_batches(values: Sequence[T], size: int = IN_BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
