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


def _api_pagination() -> Any:
    # Imported lazily: ninja's settings read Django's at import time.
    from ninja import Field, Schema
    from ninja.pagination import PageNumberPagination

    class BoundedPageNumberPagination(PageNumberPagination):
        """ninja's page-number pagination with bounds: ``?page=10**30`` would overflow the
        database's OFFSET (a 500); now it is a 422 with the allowed range."""

        class Input(Schema):
            page: int = Field(1, ge=1, le=MAX_API_PAGE)
            page_size: int | None = Field(None, ge=1, le=MAX_API_PAGE_SIZE)

    return BoundedPageNumberPagination


MAX_API_PAGE = 1_000_000
MAX_API_PAGE_SIZE = 1000
ApiPagination = _api_pagination()
