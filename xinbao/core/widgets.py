"""Form widgets shared by every app."""

from __future__ import annotations

from typing import Any

from django import forms

# <input type="date"> reads only ISO dates: a value in the page's localised format ("2026年3月1日")
# renders as an empty field, so a default such as today's 备案日期 would silently vanish.
ISO_DATE = "%Y-%m-%d"


def date_input(**attrs: Any) -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", **attrs}, format=ISO_DATE)
