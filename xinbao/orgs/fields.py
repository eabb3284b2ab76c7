"""Unit pickers for forms with many units (合报单位, 本期增发, 报/送/发 lists): a plain multiple select that
the page turns into a searchable, grouped picker (Tom Select, vendored; static/js/xinbao.js). Each option
carries its group (the parent unit, e.g. the county) and its assessment class, so a whole county or class
can be picked at once; without JavaScript it is still an ordinary multiple select."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Unit


class UnitPicker(forms.SelectMultiple):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        labels = {"data-placeholder": _("输入名称查找"), "data-pick-all": _("全选 ")}
        super().__init__({"class": "form-select", "data-xb-units": "1", **labels, **(attrs or {})})

    def create_option(
        self,
        name: str,
        value: Any,
        label: int | str,
        selected: bool,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        unit = getattr(value, "instance", None)
        if isinstance(unit, Unit):
            group = unit.parent.name if unit.parent_id and unit.parent else str(_("其他"))
            klass = unit.assessment_class.name if unit.assessment_class_id and unit.assessment_class else ""
            option["attrs"]["data-data"] = json.dumps({"group": group, "klass": klass}, ensure_ascii=False)
        return option


class UnitsField(forms.ModelMultipleChoiceField):
    widget = UnitPicker

    def __init__(self, queryset: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        units = (queryset if queryset is not None else Unit.objects.none()).select_related("parent", "assessment_class")
        super().__init__(units.order_by("path"), **kwargs)

    def set_units(self, queryset: QuerySet[Unit]) -> None:
        self.queryset = queryset.select_related("parent", "assessment_class").order_by("path")
