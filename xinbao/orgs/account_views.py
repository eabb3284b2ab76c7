"""One's own account: the password change page (the action is orgs' ``change_own_password``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinbao.core.errors import DomainError
from xinbao.core.http import AuthedRequest
from xinbao.core.views import show_refusal

from .actions import change_own_password


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=gettext_lazy("原密码"),
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=gettext_lazy("新密码"),
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        label=gettext_lazy("再次输入新密码"),
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password") and data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", _("两次输入的新密码不一致。"))
        return data


@login_required
def password_change(request: AuthedRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change_own_password(request.user, form.cleaned_data["old_password"], form.cleaned_data["new_password"])
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已修改。"))
            return redirect("home")
    return render(request, "registration/password_change.html", {"form": form})
