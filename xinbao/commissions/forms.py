"""The form a hub issues a commission (or publishes topics / reporting priorities) with, and the form a
unit starts its answer with."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xinbao.core.widgets import field_of
from xinbao.items.models import Category

from .models import CommissionKind, TargetRule

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


class CommissionForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=CommissionKind.choices, widget=forms.Select(attrs=SELECT))
    channel = forms.TypedChoiceField(label=_("渠道"), coerce=int, widget=forms.Select(attrs=SELECT))
    title = forms.CharField(label=_("选题"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    requirements = forms.CharField(
        label=_("要求"), required=False, max_length=5000, widget=forms.Textarea(attrs={**TEXT, "rows": 4})
    )
    due_at = forms.DateTimeField(
        label=_("截止时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={**TEXT, "type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        help_text=_("约稿必填；选题、要点不需要"),
    )
    rule = forms.ChoiceField(
        label=_("约稿对象"), choices=TargetRule.choices, widget=forms.RadioSelect, initial=TargetRule.CHOSEN
    )
    units = forms.TypedMultipleChoiceField(
        label=_("指定单位"), coerce=int, required=False, widget=forms.SelectMultiple(attrs={**SELECT, "size": 8})
    )
    unit_class = forms.TypedChoiceField(
        label=_("考核类别"), coerce=int, required=False, empty_value=None, widget=forms.Select(attrs=SELECT)
    )
    lead_unit = forms.TypedChoiceField(
        label=_("牵头单位（1+N+N，可不选）"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(
        self,
        *args: Any,
        channels: list[tuple[int, str]],
        units: list[tuple[int, str]],
        classes: list[tuple[int, str]],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        field_of(self, "channel", forms.ChoiceField).choices = channels
        field_of(self, "units", forms.ChoiceField).choices = units
        field_of(self, "unit_class", forms.ChoiceField).choices = [("", "—"), *classes]
        field_of(self, "lead_unit", forms.ChoiceField).choices = [("", "—"), *units]


class AnswerForm(forms.Form):
    category = forms.ChoiceField(
        label=_("类别"),
        choices=[(v, label) for v, label in Category.choices if v not in ("urgent", "combined")],
        initial=Category.COMMISSION,
        widget=forms.Select(attrs=SELECT),
    )
    title = forms.CharField(label=_("标题"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    body = forms.CharField(label=_("正文"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 10}))
    writer_name = forms.CharField(label=_("执笔人"), max_length=40, required=False, widget=forms.TextInput(attrs=TEXT))
    writer_phone = forms.CharField(
        label=_("联系电话"), max_length=30, required=False, widget=forms.TextInput(attrs=TEXT)
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("撤销理由"), max_length=500, widget=forms.TextInput(attrs=TEXT))
