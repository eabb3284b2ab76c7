"""Numbers as offices write them: 200 (never 2E+2), 3.5, 0."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def plain(value: Any) -> str:
    """A score or amount without trailing zeros or exponent: Decimal("200.00") → "200", 3.50 → "3.5"."""
    if value is None or value == "":
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return format(number.normalize(), "f") if number != 0 else "0"
