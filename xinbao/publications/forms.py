"""Forms of publications: periodical settings, an issue's settings, an entry's text."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xinbao.core.widgets import field_of
from xinbao.items.models import Classification
from xinbao.orgs.fields import UnitsField
from xinbao.orgs.models import Channel, Unit
from xinbao.orgs.queries import distribution_candidates

from .models import PeriodicalKind, Series

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


def _units(hub: Unit | None) -> Any:
    return distribution_candidates(hub) if hub is not None else Unit.objects.none()


class PeriodicalForm(forms.Form):
    name = forms.CharField(label=_("刊名"), max_length=40, widget=forms.TextInput(attrs=TEXT))
    channel = forms.ModelChoiceField(
        label=_("渠道"), queryset=Channel.objects.none(), widget=forms.Select(attrs=SELECT)
    )
    kind = forms.ChoiceField(label=_("类型"), choices=PeriodicalKind.choices, widget=forms.Select(attrs=SELECT))
    issuer_name = forms.CharField(
        label=_("编印单位"), max_length=100, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    classification = forms.ChoiceField(
        label=_("默认密级"), choices=Classification.choices, widget=forms.Select(attrs=SELECT)
    )
    running_total = forms.BooleanField(label=_("标注总期数（总第N期）"), required=False)
    total_base = forms.IntegerField(label=_("已出总期数"), min_value=0, initial=0, widget=forms.NumberInput(attrs=TEXT))
    copies = forms.IntegerField(label=_("默认印数"), min_value=1, initial=50, widget=forms.NumberInput(attrs=TEXT))
    report_to = UnitsField(label=_("报"), required=False)
    send_to = UnitsField(label=_("送"), required=False)
    issue_to = UnitsField(label=_("发"), required=False)

    def __init__(self, *args: Any, channels: Any, hub: Unit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "channel", forms.ModelChoiceField).queryset = channels
        for line in ("report_to", "send_to", "issue_to"):
            field_of(self, line, UnitsField).set_units(_units(hub))


class NewIssueForm(forms.Form):
    series = forms.ChoiceField(label=_("序列"), choices=Series.choices, widget=forms.Select(attrs=SELECT))


class IssueForm(forms.Form):
    editor_note = forms.CharField(
        label=_("本期编者按"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 3})
    )
    classification = forms.ChoiceField(
        label=_("密级"), choices=Classification.choices, widget=forms.Select(attrs=SELECT)
    )
    copies = forms.IntegerField(label=_("印数"), min_value=1, widget=forms.NumberInput(attrs=TEXT))
    extra_to = UnitsField(label=_("本期增发"), required=False)

    def __init__(self, *args: Any, hub: Unit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "extra_to", UnitsField).set_units(_units(hub))


class EntryForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={**TEXT, "rows": 14}))
    editor_note = forms.CharField(label=_("编者按"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    note = forms.CharField(label=_("修改说明"), max_length=200, required=False, widget=forms.TextInput(attrs=TEXT))


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
