"""Template helpers shared by all apps."""

from __future__ import annotations

from typing import Any

from django import template

from ..numbers import plain as plain_number
from ..pagination import query_without_page

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context: dict[str, Any], page_number: int) -> str:
    base = query_without_page(context["request"])
    return f"?{base}&page={page_number}" if base else f"?page={page_number}"


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def plain(value: Any) -> str:
    """``{{ total|plain }}``: 200, not 2E+2 (what ``Decimal.normalize`` prints)."""
    return plain_number(value)
