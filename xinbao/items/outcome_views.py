"""Outcomes recorded beside the hub's decisions: 原稿转送/交办 and 差错通报 of a submission
(items.actions.outcomes), and 直报采用 of an item (items.actions.record_direct_adoption)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinbao.core.errors import DomainError
from xinbao.core.http import AuthedRequest
from xinbao.core.views import show_refusal

from . import actions, queries
from .forms import DirectAdoptionForm, OutcomeForm
from .models import Item, Outcome, Submission
from .policy import can_open
from .view_access import screenable_or_403


def _screenable_submission(request: AuthedRequest, submission_id: int) -> Submission:
    return screenable_or_403(request, submission_id, _("只有接收单位信息科的人员可以登记转送交办和差错。"))


@login_required
def record_outcome(request: AuthedRequest, submission_id: int) -> HttpResponse:
    sub = _screenable_submission(request, submission_id)
    form = OutcomeForm(request.POST or None, initial={"on": timezone.localdate(), "kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        try:
            outcome = actions.record_outcome(request.user, sub, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(
                request, _("已登记%(k)s，原报单位和撰稿人已收到消息。") % {"k": outcome.get_kind_display()}
            )
            return redirect("items:submission", sub.pk)
    return render(request, "items/outcome_form.html", {"sub": sub, "form": form})


@login_required
@require_POST
def withdraw_outcome(request: AuthedRequest, outcome_id: int) -> HttpResponse:
    row = Outcome.objects.filter(pk=outcome_id).select_related("submission").first()
    if row is None or queries.visible_submission(request.user, row.submission_id) is None:
        raise Http404
    try:
        actions.withdraw_outcome(request.user, row, request.POST.get("reason", ""))
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("登记已撤销（记录保留，不再计分）。"))
    return redirect("items:submission", row.submission_id)


@login_required
def direct_adoption(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = Item.objects.filter(pk=item_id).first()
    if item is None or not can_open(request.user, item):
        raise Http404
    if not queries.may_record_direct_adoption(request.user, item):
        raise PermissionDenied(_("只有本单位签发人或信息所报送单位的信息科人员可以登记直报采用。"))
    form = DirectAdoptionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_direct_adoption(request.user, item, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("已登记直报采用。"))
            return redirect("items:detail", item.pk)
    return render(request, "items/direct_adoption.html", {"item": item, "form": form})
