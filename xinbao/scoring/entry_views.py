"""Hub-entered assessment items (rule set's ``entered``) on a unit's ledger page: enter, cancel."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xinbao.core.http import AuthedRequest
from xinbao.core.views import domain_errors_as_messages
from xinbao.core.widgets import field_of
from xinbao.orgs.models import Unit

from . import actions, queries
from .models import HubEntry, RuleSet

CONTROL = {"class": "form-control form-control-sm"}


class EntryForm(forms.Form):
    rule_key = forms.ChoiceField(label=gettext_lazy("考核项"), widget=forms.Select(CONTROL))
    points = forms.DecimalField(
        label=gettext_lazy("分值"), max_digits=12, decimal_places=2, widget=forms.NumberInput(CONTROL)
    )
    on = forms.DateField(label=gettext_lazy("日期"), widget=forms.DateInput({**CONTROL, "type": "date"}))
    reason = forms.CharField(label=gettext_lazy("理由"), max_length=300, widget=forms.TextInput(CONTROL))

    def __init__(self, *args: Any, spec: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "rule_key", forms.ChoiceField).choices = [
            (r["key"], f"{r['label']}（{r['min']}～{r['max']}）") for r in spec.get("entered", [])
        ]


def entry_form(rule_set: RuleSet) -> EntryForm | None:
    spec = rule_set.active_version.spec if rule_set.active_version else {}
    return EntryForm(spec=spec) if spec.get("entered") else None


def _back(rule_set: RuleSet, unit_id: int) -> str:
    return f"/scoring/{rule_set.pk}/units/{unit_id}/"


def _managed(request: AuthedRequest, pk: int) -> RuleSet:
    rule_set = get_object_or_404(RuleSet, pk=pk, deleted_at__isnull=True)
    if not queries.can_manage(request.user, rule_set):
        raise PermissionDenied(_("只有该汇总单位的信息科人员可以录入考核项。"))
    return rule_set


@login_required
@require_POST
@domain_errors_as_messages(lambda request, kw: f"/scoring/{kw['pk']}/units/{kw['unit_id']}/")
def entry_add(request: AuthedRequest, pk: int, unit_id: int) -> HttpResponse:
    rule_set = _managed(request, pk)
    unit = get_object_or_404(Unit, pk=unit_id)
    spec = rule_set.active_version.spec if rule_set.active_version else {}
    form = EntryForm(request.POST, spec=spec)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, "；".join(str(error) for error in errors))
        return redirect(_back(rule_set, unit.pk))
    actions.record_hub_entry(request.user, rule_set, unit, **form.cleaned_data)
    messages.success(request, _("已录入考核项，并重新计算该单位本期得分。"))
    return redirect(_back(rule_set, unit.pk))


@login_required
@require_POST
@domain_errors_as_messages(lambda request, kw: f"/scoring/{kw['pk']}/")
def entry_cancel(request: AuthedRequest, pk: int, entry_id: int) -> HttpResponse:
    rule_set = _managed(request, pk)
    entry = get_object_or_404(HubEntry, pk=entry_id, rule_set=rule_set)
    actions.cancel_hub_entry(request.user, entry, reason=request.POST.get("reason", ""))
    messages.success(request, _("已撤销录入的考核项。"))
    return redirect(_back(rule_set, entry.unit_id))


def unit_entries_of(rule_set: RuleSet, unit: Unit, start: Any, end: Any) -> list[HubEntry]:
    return list(
        HubEntry.objects.filter(rule_set=rule_set, unit=unit, on__gte=start, on__lte=end)
        .select_related("entered_by")
        .order_by("on", "id")
    )
