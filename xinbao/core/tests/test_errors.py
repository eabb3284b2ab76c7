"""The one mapping from a refused action to what the user gets (pages and API alike)."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from xinbao.core.errors import ConflictError, DomainError, InvalidTransition, PermissionRefused, status_for
from xinbao.core.views import show_refusal


class _StaleCopy(ConflictError):
    """A subclass keeps its parent's status."""


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (PermissionRefused("不可"), 403),
        (ConflictError("已被他人修改"), 409),
        (_StaleCopy("旧版本"), 409),
        (InvalidTransition("状态不允许"), 400),
        (DomainError("输入有误"), 400),
    ],
)
def test_status_of_each_refusal(exc: DomainError, status: int) -> None:
    assert status_for(exc) == status


class _TitleForm(forms.Form):
    title = forms.CharField()


def _request():  # type: ignore[no-untyped-def]
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_a_refusal_of_permission_is_the_403_page() -> None:
    with pytest.raises(PermissionDenied, match="只有信息科"):
        show_refusal(_request(), PermissionRefused("只有信息科人员可以处理。"), _TitleForm({"title": "x"}))


def test_a_refusal_naming_a_field_goes_beside_it() -> None:
    form = _TitleForm({"title": "x"})
    show_refusal(_request(), DomainError("标题重复。", field="title"), form)
    assert form.errors == {"title": ["标题重复。"]}


def test_a_refusal_without_a_known_field_goes_above_the_fields() -> None:
    form = _TitleForm({"title": "x"})
    show_refusal(_request(), DomainError("状态已变。", field="nonexistent"), form)
    assert form.non_field_errors() == ["状态已变。"]


def test_a_refusal_without_a_form_is_a_message() -> None:
    request = _request()
    show_refusal(request, ConflictError("已被他人修改，请刷新。"))
    assert [str(m) for m in get_messages(request)] == ["已被他人修改，请刷新。"]
