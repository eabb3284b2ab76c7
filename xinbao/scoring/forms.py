"""Forms of scoring: a rule set's text (typed in a textarea or uploaded as a .yaml file)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinbao.core.widgets import field_of

MAX_UPLOAD = 200_000

TEXTAREA = forms.Textarea(
    attrs={"class": "form-control font-monospace", "rows": 24, "spellcheck": "false", "data-testid": "rules-text"}
)


class RuleTextMixin(forms.Form):
    text = forms.CharField(label=gettext_lazy("规则文本（YAML）"), widget=TEXTAREA, required=False)
    upload = forms.FileField(
        label=gettext_lazy("或上传规则文件"),
        required=False,
        help_text=gettext_lazy("UTF-8 编码的 .yaml 文件；上传后以文件内容为准"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".yaml,.yml,.txt"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("upload")
        if upload:
            if not upload.name.lower().endswith((".yaml", ".yml", ".txt")):
                raise forms.ValidationError(_("请上传 .yaml 规则文件（由“下载”得到的文件，或 UTF-8 编码的文本）。"))
            if upload.size > MAX_UPLOAD:
                raise forms.ValidationError(_("规则文件过大（不超过200KB）。"))
            try:
                data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("规则文件须为 UTF-8 编码的文本。")) from None
        if not (data.get("text") or "").strip():
            self.add_error("text", _("请填写规则文本或上传规则文件。"))
        return data


class RuleSetForm(RuleTextMixin):
    channel = forms.ChoiceField(label=gettext_lazy("渠道"), widget=forms.Select(attrs={"class": "form-select"}))
    valid_from = forms.DateField(
        label=gettext_lazy("生效日期"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    valid_to = forms.DateField(
        label=gettext_lazy("截止日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    field_order = ["channel", "valid_from", "valid_to", "text", "upload"]

    def __init__(self, *args: Any, channels: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "channel", forms.ChoiceField).choices = channels


class VersionForm(RuleTextMixin):
    note = forms.CharField(
        label=gettext_lazy("修改说明"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
