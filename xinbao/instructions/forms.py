"""The 批示 form: a leader writes their own; hub staff record one received on paper."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xinbao.orgs.roles import LeaderLevel

from .models import InstructionKind

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


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

    def __init__(self, *args: Any, items: list[tuple[int, str]], on_behalf: bool, whole_issue: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, str]] = [("", _("整期刊物"))] if whole_issue else []
        self.fields["item"].choices = choices + [(pk, f"《{title}》") for pk, title in items]
        if not on_behalf:  # a leader writes their own: name and level are theirs
            for name in ("leader_name", "leader_level", "leader_post"):
                del self.fields[name]
