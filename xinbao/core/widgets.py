"""Form widgets shared by every app."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms

# <input type="date"> reads only ISO dates: a value in the page's localised format ("2026年3月1日")
# renders as an empty field, so a default such as today's 备案日期 would silently vanish.
ISO_DATE = "%Y-%m-%d"


def date_input(**attrs: Any) -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", **attrs}, format=ISO_DATE)


F = TypeVar("F", bound=forms.Field)


def field_of(form: forms.BaseForm, name: str, kind: type[F]) -> F:
    """``form.fields[name]`` as the field class it was declared with (``fields`` is typed as plain
    ``Field``s), so its own attributes (``queryset``, ``set_units``) are checked."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{name} is a {type(field).__name__}, not a {kind.__name__}")
    return field
