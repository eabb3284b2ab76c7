"""Typed requests for views that only signed-in people reach."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from xinbao.orgs.models import User


class AuthedRequest(HttpRequest):
    """A request behind ``@login_required`` (or the API's session auth): ``user`` is a real ``User``.

    Only an annotation for the type checker (the django-stubs pattern); Django still builds a plain
    ``HttpRequest`` at run time.
    """

    user: User


def int_param(value: str | None) -> int | None:
    """A positive id from a query string or form field; anything else (missing, "abc", "-1") is None,
    so a tampered parameter gives a 404 or an ignored filter, never a 500."""
    return int(value) if value and value.isdigit() else None
