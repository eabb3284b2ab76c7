"""Typed requests for views that only signed-in people reach."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.utils.dateparse import parse_date

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from xinbao.orgs.models import User


class AuthedRequest(HttpRequest):
    """A request behind ``@login_required`` (or the API's session auth): ``user`` is a real ``User``.

    Only an annotation for the type checker (the django-stubs pattern); Django still builds a plain
    ``HttpRequest`` at run time.
    """

    user: User
    # Set on every request by django_htmx's middleware (settings.MIDDLEWARE).
    htmx: HtmxDetails


# The largest id a BIGINT column holds (PostgreSQL's bigint, SQLite's INTEGER): anything larger
# cannot name a row.
MAX_ID = 2**63 - 1


def int_param(value: str | None) -> int | None:
    """A positive id from a query string or form field; anything else (missing, "abc", "-1", "²",
    a number beyond any id) is None, so a tampered parameter gives a 404 or an ignored filter,
    never a 500. (``str.isdigit`` alone accepts "²", which ``int`` refuses.)"""
    if not value or not value.isascii() or not value.isdigit() or len(value) > 19:
        return None
    number = int(value)
    return number if number <= MAX_ID else None


def int_params(values: list[str]) -> list[int]:
    """The valid ids among posted values (``getlist``), in their order; the rest are dropped."""
    return [number for number in (int_param(v.strip()) for v in values) if number is not None]


def date_param(value: str | None) -> datetime.date | None:
    """A date from a query string (``2026-03-01``); a malformed or impossible one ("2026-02-31") is
    None rather than a 500 (``date_errors`` names the bad ones for a message)."""
    if not value:
        return None
    try:
        return parse_date(value.strip())
    except ValueError:
        return None


def date_errors(values: dict[str, str]) -> list[str]:
    """The labels of the non-empty values that are not valid dates (for one message to the user)."""
    return [label for label, value in values.items() if value and date_param(value) is None]
