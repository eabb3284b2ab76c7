"""Forms of the notice pages: the editor's words, and a comment for a decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from ..notice_actions import MAX_TEXT, MAX_TITLE


class NoticeEditForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("标题"),
        max_length=MAX_TITLE,
        widget=forms.TextInput(attrs={"class": "form-control", "data-testid": "notice-title"}),
    )
    lead = forms.CharField(
        label=gettext_lazy("导语"),
        required=False,
        max_length=MAX_TEXT,
        help_text=gettext_lazy("印在标题之后、“一、总体情况”之前，如本期通报的背景和总体评价；每行一段。"),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 4, "data-testid": "notice-lead"}),
    )
    remarks = forms.CharField(
        label=gettext_lazy("有关要求"),
        required=False,
        max_length=MAX_TEXT,
        help_text=gettext_lazy("印在通报最后一节“有关要求”中，如下一步工作要求；每行一段。留空则不印此节。"),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 4, "data-testid": "notice-remarks"}),
    )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("意见"),
        required=False,
        max_length=MAX_TEXT,
        help_text=gettext_lazy("退回修改、撤回通报时必填。"),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2, "data-testid": "notice-comment"}),
    )
