"""Scores and amounts as offices write them (Decimal.normalize alone prints 200 as 2E+2)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template

from xinbao.core.numbers import plain


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("200.00"), "200"),
        (Decimal("10"), "10"),
        (Decimal("3.50"), "3.5"),
        (Decimal("-20.0"), "-20"),
        (Decimal("0.00"), "0"),
        (120, "120"),
        (None, ""),
    ],
)
def test_plain(value: object, shown: str) -> None:
    assert plain(value) == shown


def test_the_template_filter() -> None:
    html = Template("{% load xinbao %}{{ total|plain }}分").render(Context({"total": Decimal("200.00")}))
    assert html == "200分"
