"""Pages of the form-based rule-set editor (``editor``) and the rule set file's download.

The form writes YAML; saving goes through the same actions as the YAML view (``create_rule_set``,
``save_version``: validated by the engine, audited, each save a new version)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinbao.core.errors import DomainError
from xinbao.core.http import AuthedRequest
from xinbao.core.views import show_refusal
from xinbao.core.widgets import field_of
from xinbao.orgs.models import Channel
from xinbao.orgs.queries import hub_channels
from xinbao.orgs.roles import HUB_STAFF

from . import actions, editor, queries
from .models import RuleSet, RuleSetVersion
from .rules import RuleIssue, RuleSetInvalid
from .views import _rule_set

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"})


class NewRuleSetForm(forms.Form):
    channel = forms.ChoiceField(label=gettext_lazy("渠道"), widget=forms.Select(attrs=editor.SELECT))
    valid_from = forms.DateField(label=gettext_lazy("生效日期"), widget=DATE)
    valid_to = forms.DateField(label=gettext_lazy("截止日期"), required=False, widget=DATE)

    def __init__(self, *args: Any, channels: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "channel", forms.ChoiceField).choices = channels


class NoteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("修改说明"), required=False, max_length=200, widget=forms.TextInput(attrs=editor.TEXT)
    )


class Editor:
    """The bound forms of one request, the YAML they wrote, and the engine's issues placed on them."""

    def __init__(self, data: Any = None, text: str | None = None) -> None:
        main, rows = editor.initial_of(text) if text else ({"period": "year", "unit": "points"}, {})
        self.main = editor.MainForm(data, initial=main)
        self.sections = editor.formsets(data, initial=rows)
        self.written: editor.Written | None = None
        self.general: list[str] = []  # issues no field wrote (shown above the form)
        self.warnings: dict[editor.Place, list[str]] = {}

    def is_valid(self) -> bool:
        return all([self.main.is_valid(), *(fs.is_valid() for fs in self.sections.values())])

    def write(self) -> str:
        rows = {name: [f.cleaned_data for f in fs.forms] for name, fs in self.sections.items()}
        self.written = editor.write(self.main.cleaned_data, rows)
        return self.written.text

    def _form(self, place: editor.Place) -> forms.Form:
        return self.main if place[0] == "main" else self.sections[place[0]].forms[place[1]]

    def place_errors(self, issues: list[RuleIssue]) -> None:
        for issue in issues:
            place = editor.field_of(issue, self.written) if self.written else None
            if place is None:
                self.general.append(str(issue))
            else:
                self._form(place).add_error(place[2], issue.message)

    def place_warnings(self, issues: list[RuleIssue]) -> None:
        for issue in issues:
            place = editor.field_of(issue, self.written) if self.written else None
            if place is None:
                self.general.append(_("提醒：%(w)s") % {"w": issue})
            else:
                self.warnings.setdefault(place, []).append(issue.message)

    def check(self) -> bool:
        """Write the text and run the engine's validator on it; True when it can be saved."""
        if not self.is_valid():
            return False
        try:
            _spec, warnings = actions.check_text(self.write())
        except RuleSetInvalid as exc:
            self.place_errors(exc.issues)
            return False
        self.place_warnings(warnings)
        return True

    def context(self) -> dict[str, Any]:
        def cells(form: forms.Form, section: str, index: int) -> list[dict[str, Any]]:
            return [
                {"field": form[name], "warnings": self.warnings.get((section, index, name), [])} for name in form.fields
            ]

        sections = [
            {
                "name": name,
                "title": editor.SECTION_TITLES[name],
                "formset": fs,
                "headers": [f.label for f in fs.forms[0].fields.values()] if fs.forms else [],
                "rows": [cells(form, name, i) for i, form in enumerate(fs.forms)],
            }
            for name, fs in self.sections.items()
        ]
        return {
            "main_cells": cells(self.main, "main", 0),
            "main_form": self.main,
            "sections": sections,
            "general": self.general,
            "written": self.written.text if self.written else "",
        }


def _channels(request: AuthedRequest) -> list[tuple[int, str]]:
    user = request.user
    if not user.has_role(*HUB_STAFF) or user.unit is None:
        raise PermissionDenied(_("只有汇总单位的信息科人员可以制定考核办法。"))
    channels = [(c.pk, c.name) for c in hub_channels(user.unit)]
    if not channels:
        raise PermissionDenied(_("本单位不是任何渠道的信息汇总单位。"))
    return channels


@login_required
def form_new(request: AuthedRequest) -> HttpResponse:
    """A new rule set written with the form (saved and activated as version 1, like the YAML view)."""
    meta = NewRuleSetForm(request.POST or None, channels=_channels(request))
    hub = request.user.unit
    assert hub is not None  # _channels refused a person without a unit
    page = Editor(request.POST or None)
    if request.method == "POST" and all([meta.is_valid(), page.check()]) and request.POST.get("do") == "save":
        try:
            rule_set = actions.create_rule_set(
                request.user,
                hub=hub,
                channel=get_object_or_404(Channel, pk=meta.cleaned_data["channel"]),
                text=page.written.text if page.written else "",
                valid_from=meta.cleaned_data["valid_from"],
                valid_to=meta.cleaned_data.get("valid_to"),
            )
        except RuleSetInvalid as exc:
            page.place_errors(exc.issues)
        except DomainError as exc:
            show_refusal(request, exc, meta)
        else:
            messages.success(request, _("考核办法已建立并启用第1版。"))
            return redirect("scoring:rule_set", rule_set.pk)
    context = {"meta": meta, "title": _("用表单新建考核办法"), **page.context()}
    return render(request, "scoring/rule_editor.html", context)


@login_required
def form_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """The rule set's version (the active one, or ``?version=N``) in the form; saving stores a new version.
    A version using parts the form does not have is shown in the YAML view with a note."""
    rule_set = _rule_set(request, pk)
    if not queries.can_manage(request.user, rule_set):
        raise PermissionDenied(_("只有该汇总单位的信息科人员可以维护考核办法。"))
    version = _version(rule_set, request.GET.get("version", ""))
    text = version.text if version else ""
    advanced = editor.advanced_parts(text) if text else []
    if advanced:
        advanced_context = {"rule_set": rule_set, "version": version, "advanced": advanced}
        return render(request, "scoring/rule_editor_advanced.html", advanced_context)
    note = NoteForm(request.POST or None)
    page = Editor(request.POST or None, text=text)
    if request.method == "POST" and all([note.is_valid(), page.check()]) and request.POST.get("do") == "save":
        try:
            saved = actions.save_version(
                request.user, rule_set, text=page.written.text if page.written else "", note=note.cleaned_data["note"]
            )
        except RuleSetInvalid as exc:
            page.place_errors(exc.issues)
        else:
            messages.success(
                request, _("已保存第%(n)s版（尚未启用）。可先预览对排名的影响，再启用。") % {"n": saved.number}
            )
            return redirect(f"/scoring/{rule_set.pk}/?version={saved.number}")
    context: dict[str, Any] = {
        "rule_set": rule_set,
        "version": version,
        "meta": note,
        "title": _("用表单修改考核办法"),
        "has_comments": "#" in text,
        **page.context(),
    }
    return render(request, "scoring/rule_editor.html", context)


def _version(rule_set: RuleSet, number: str) -> RuleSetVersion | None:
    if number.isdigit():
        found = rule_set.versions.filter(number=int(number)).first()
        if found is not None:
            return found
    return rule_set.active_version


@login_required
def download(request: AuthedRequest, pk: int, number: int) -> HttpResponse:
    """A version's text as a .yaml file (import it elsewhere through the upload of either view)."""
    rule_set = _rule_set(request, pk)
    version = get_object_or_404(RuleSetVersion, rule_set=rule_set, number=number)
    response = HttpResponse(version.text, content_type="application/yaml; charset=utf-8")
    name = _("%(name)s（第%(n)s版）.yaml") % {"name": rule_set.name, "n": number}
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    return response
