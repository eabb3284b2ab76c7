"""Forms of the urgent pages (the actions validate again; forms only shape the input)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinbao.orgs.roles import LeaderLevel

from . import elements
from .models import EventType, FindingKind, Severity, Stage

DT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]


def _dt(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=DT_FORMATS,
        help_text=help_text,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("请按“年-月-日 时:分”填写时间。")},
    )


def _text(label: Any, *, required: bool = False, rows: int = 0, max_length: int = 2000) -> forms.CharField:
    widget = (
        forms.Textarea(attrs={"class": "form-control", "rows": rows})
        if rows
        else forms.TextInput(attrs={"class": "form-control"})
    )
    return forms.CharField(label=label, required=required, max_length=max_length, widget=widget)


def _select(label: Any, choices: Any, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, required=required, widget=forms.Select(attrs={"class": "form-select"})
    )


class EventForm(forms.Form):
    """快报: the few fields a duty officer types on a phone in a minute."""

    title = _text(_("事件名称"), required=True, max_length=120)
    event_type = _select(_("事件类型"), EventType.choices)
    severity = _select(_("事件等级"), Severity.choices)
    sensitive = forms.BooleanField(
        label=_("敏感事件（敏感时间、地点或涉及敏感群体，不论等级都须报告）"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    place = _text(_("事发地点"), required=True, max_length=200)
    occurred_at = _dt(_("事发时间"))
    known_at = _dt(_("获知时间"), required=False, help_text=_("不填为现在"))
    source = _text(_("信息来源"), max_length=200)
    summary = _text(_("已知情况（先报已知，不等细节）"), rows=4, max_length=5000)
    intake = _text(_("报告方式（如：电话报值班室、向领导当面报告）"), max_length=60)
    vertical_line = _text(_("同时报送的上级主管部门（如有）"), max_length=120)

    def __init__(self, *args: Any, units: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units:
            self.fields["unit"] = forms.TypedChoiceField(
                label=_("报告单位"), choices=units, coerce=int, widget=forms.Select(attrs={"class": "form-select"})
            )
            self.fields["caller"] = _text(_("来电人及电话"), max_length=60)
            self.fields["called_at"] = _dt(_("来电时间"), required=False, help_text=_("不填为现在"))
            self.order_fields(["unit", "caller", "called_at"])
        if not self.is_bound:
            self.initial.setdefault("occurred_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))


class ReportForm(forms.Form):
    """A report of one stage: its element checklist and free text."""

    text = _text(_("报告正文"), rows=5, max_length=20000)

    def __init__(self, *args: Any, stage: str, phone: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in elements.stage_fields(stage).items():
            self.fields[f"el_{key}"] = _text(label, rows=2)
        if phone:
            self.fields["caller"] = _text(_("来电人及电话"), max_length=60)
            self.fields["called_at"] = _dt(_("来电时间"), required=False, help_text=_("不填为现在"))

    def element_values(self) -> dict[str, str]:
        return {k[3:]: v for k, v in self.cleaned_data.items() if k.startswith("el_")}


STAGE_CHOICES = Stage.choices


class FindingForm(forms.Form):
    kind = _select(_("认定类型"), [(k, label) for k, label in FindingKind.choices if k != FindingKind.LATE])
    found_on = forms.DateField(
        label=_("认定日期"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
        error_messages={"invalid": _("请按“年-月-日”填写日期。")},
    )
    evidence = _text(_("认定依据（从何渠道获知、核实情况）"), required=True, rows=4)
    responsible = _text(_("责任人（不填为单位签发人）"), max_length=200)

    def __init__(self, *args: Any, units: list[tuple[int, str]], events: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = forms.TypedChoiceField(
            label=_("责任单位"), choices=units, coerce=int, widget=forms.Select(attrs={"class": "form-select"})
        )
        self.fields["event"] = _select(_("相关事件（可不选）"), [("", "—"), *events], required=False)
        self.order_fields(["unit", "kind", "event", "found_on", "evidence", "responsible"])
        if not self.is_bound:
            self.initial.setdefault("found_on", timezone.localdate())


class ReasonForm(forms.Form):
    reason = _text(_("理由"), required=True, max_length=200)


class CirculationForm(forms.Form):
    """通报 of a finding by a higher office; an empty ``by`` clears what was recorded."""

    by = _text(_("通报机关（留空为清除）"), max_length=100)
    level = _select(_("级别"), [("", "—"), *LeaderLevel.choices], required=False)
    on = forms.DateField(
        label=_("通报日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}),
        error_messages={"invalid": _("请按“年-月-日”填写日期。")},
    )


class ResponseForm(forms.Form):
    text = _text(_("说明"), required=True, rows=3)


class PolicyForm(forms.Form):
    text = forms.CharField(
        label=_("规则（YAML）"),
        max_length=20000,
        widget=forms.Textarea(attrs={"class": "form-control font-monospace", "rows": 18}),
    )


class ShiftForm(forms.Form):
    starts_at = _dt(_("开始时间"))
    ends_at = _dt(_("结束时间"))

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"] = forms.TypedChoiceField(
            label=_("值班人员"), choices=people, coerce=int, widget=forms.Select(attrs={"class": "form-select"})
        )
        self.order_fields(["person", "starts_at", "ends_at"])


class HandoverForm(forms.Form):
    handover = _text(_("交接班记录"), required=True, rows=3, max_length=5000)
