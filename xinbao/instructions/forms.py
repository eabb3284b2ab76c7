"""Forms of the 批示 and its follow-up: record, 交办, 落实反馈, review, 延期, 撤回, 办结."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xinbao.core.widgets import field_of
from xinbao.orgs.roles import LeaderLevel

from .models import InstructionKind, Rating, ReviewDecision

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
DATE = {"class": "form-control", "type": "date"}


class InstructionForm(forms.Form):
    item = forms.TypedChoiceField(
        label=_("批示对象"), coerce=int, required=False, empty_value=None, widget=forms.Select(attrs=SELECT)
    )
    kind = forms.ChoiceField(
        label=_("批示类型"),
        choices=InstructionKind.choices,
        initial=InstructionKind.GUIDANCE,
        widget=forms.Select(attrs=SELECT),
    )
    text = forms.CharField(label=_("批示内容"), widget=forms.Textarea(attrs={**TEXT, "rows": 4}))
    leader_name = forms.CharField(
        label=_("批示领导"), max_length=60, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    leader_level = forms.ChoiceField(
        label=_("领导级别"),
        choices=[("", "—"), *LeaderLevel.choices],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    leader_post = forms.CharField(
        label=_("领导职务"), max_length=60, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    instructed_on = forms.DateField(
        label=_("批示日期"), required=False, widget=forms.DateInput(attrs=DATE), help_text=_("留空为今天")
    )
    scan = forms.FileField(
        label=_("批示原件扫描件"),
        required=False,
        widget=forms.ClearableFileInput(attrs=TEXT),
        help_text=_("PDF、OFD 或图片，不超过 20 MB"),
    )

    def __init__(self, *args: Any, items: list[tuple[int, str]], on_behalf: bool, whole_issue: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, Any]] = [("", _("整期刊物"))] if whole_issue else []
        field_of(self, "item", forms.ChoiceField).choices = choices + [(pk, f"《{title}》") for pk, title in items]
        if not on_behalf:  # a leader writes their own: name, level and date are theirs, no paper original
            for name in ("leader_name", "leader_level", "leader_post", "instructed_on", "scan"):
                del self.fields[name]


class AssignForm(forms.Form):
    units = forms.TypedMultipleChoiceField(
        label=_("承办单位"), coerce=int, widget=forms.SelectMultiple(attrs={**SELECT, "size": 8})
    )
    due_on = forms.DateField(label=_("办理期限"), widget=forms.DateInput(attrs=DATE))
    expectation = forms.CharField(
        label=_("办理要求"), required=False, max_length=2000, widget=forms.Textarea(attrs={**TEXT, "rows": 3})
    )

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field_of(self, "units", forms.ChoiceField).choices = units


class ReportForm(forms.Form):
    text = forms.CharField(label=_("落实情况"), max_length=5000, widget=forms.Textarea(attrs={**TEXT, "rows": 4}))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("审核意见"), choices=ReviewDecision.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("说明"), required=False, max_length=500, widget=forms.TextInput(attrs=TEXT))


class ExtensionForm(forms.Form):
    until = forms.DateField(label=_("申请延至"), widget=forms.DateInput(attrs=DATE))
    reason = forms.CharField(label=_("延期理由"), max_length=500, widget=forms.TextInput(attrs=TEXT))


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("审批"), choices=[("yes", _("同意")), ("no", _("不同意"))], coerce=lambda v: v == "yes"
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=500, widget=forms.TextInput(attrs=TEXT))


class CloseForm(forms.Form):
    outcome = forms.CharField(label=_("办结情况"), max_length=5000, widget=forms.Textarea(attrs={**TEXT, "rows": 3}))


class RateForm(forms.Form):
    rating = forms.ChoiceField(label=_("评价"), choices=Rating.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("意见"), required=False, max_length=500, widget=forms.TextInput(attrs=TEXT))


class PlanForm(forms.Form):
    """督办提醒方案: day lists are typed as text ("3、0"); the action parses and checks them."""

    remind_before = forms.CharField(
        label=_("到期前几天提醒承办单位"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
        help_text=_("如“3、0”：前3天和当天；留空为不提醒。"),
    )
    chase_after = forms.CharField(
        label=_("逾期第几天催办"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
        help_text=_("如“1、3”：逾期第1天催办，第3天再次催办；留空为不催办。"),
    )
    chief_after = forms.IntegerField(
        label=_("逾期几天告知科长"), required=False, widget=forms.NumberInput(attrs=TEXT), help_text=_("留空为不告知。")
    )
    director_after = forms.IntegerField(
        label=_("逾期几天告知主任"), required=False, widget=forms.NumberInput(attrs=TEXT), help_text=_("留空为不告知。")
    )
