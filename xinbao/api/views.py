"""The page where a user issues and revokes their own API tokens (a new key is shown once)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xinbao.core.errors import DomainError
from xinbao.core.http import AuthedRequest
from xinbao.core.views import show_refusal
from xinbao.orgs import duties

from . import actions, queries


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("用途"),
        max_length=60,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": gettext_lazy("例如：统计报表对接")}),
    )


def _password_first(request: AuthedRequest) -> HttpResponse | None:
    # /api/ is exempt from the forced password change (token clients), this page is not.
    if getattr(request.user, "must_change_password", False):
        return redirect("password_change")
    return None


@login_required
def tokens(request: AuthedRequest) -> HttpResponse:
    if (early := _password_first(request)) is not None:
        return early
    if not duties.uses_api(request.user):
        raise PermissionDenied(_("您的角色不使用接口，无需 API 令牌。"))
    form = TokenForm(request.POST or None)
    new_key = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = actions.issue_token(request.user, form.cleaned_data["name"])
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            form = TokenForm()
    context = {"form": form, "tokens": queries.own_tokens(request.user), "new_key": new_key}
    return render(request, "api/tokens.html", context)


@login_required
@require_POST
def revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    if (early := _password_first(request)) is not None:
        return early
    token = get_object_or_404(queries.own_tokens(request.user), pk=token_id)
    if token.revoked_at is not None:
        messages.error(request, _("该令牌已经吊销。"))
        return redirect("api_tokens")
    try:
        actions.revoke_token(request.user, token)
    except DomainError as exc:
        show_refusal(request, exc)
    messages.success(request, _("令牌已吊销，使用它的程序将无法再访问。"))
    return redirect("api_tokens")
