"""Pagination shared by every list page (20 rows by default, ``?page=`` and ``?per=``)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PER_PAGE_CHOICES = (20, 50, 100)


def paginate(request: HttpRequest, queryset: Any, per_page: int = 20) -> Page:
    try:
        per = int(request.GET.get("per", per_page))
    except ValueError:
        per = per_page
    if per not in PER_PAGE_CHOICES:
        per = per_page
    paginator = Paginator(queryset, per)
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The current query string minus ``page``, for building page links that keep filters."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
