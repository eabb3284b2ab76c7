"""Home page per role and shared error handling (the password change page belongs to orgs)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DataError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .errors import DomainError, status_for
from .http import AuthedRequest
from .registry import panels_for


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    user = request.user
    labels = user.role_labels
    panels = [(panel, panel.build(user)) for panel in panels_for(user.role_codes)]
    return render(request, "core/home.html", {"panels": panels, "role_labels": labels})


def show_refusal(request: HttpRequest, exc: DomainError, form: Any = None) -> None:
    """The one way a page shows a refused action (the API maps the same classes, see api.api): a refusal of
    permission becomes the 403 page; any other refusal goes into the form (beside the field it names, else
    above the fields, core/form_fields.html), or without a form into the page's messages."""
    if status_for(exc) == 403:
        raise PermissionDenied(exc.message) from exc
    if form is not None:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    else:
        messages.error(request, exc.message)


def domain_errors_as_messages(redirect_to: Callable[[AuthedRequest, Any], str] | None = None) -> Callable[..., Any]:
    """View decorator: a refused action becomes an error message (or a 403 for permissions). Goes under
    ``@login_required``, so the request has a real user."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except DomainError as exc:
                show_refusal(request, exc)
                target = redirect_to(request, kwargs) if redirect_to else request.META.get("HTTP_REFERER") or "/"
                return redirect(target)

        return wrapper

    return decorator


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else _("您没有访问此页面的权限。")
    return render(request, "403.html", {"message": message}, status=403)


def bad_input_message(exception: Exception | None) -> tuple[str, int]:
    """The Chinese message and status for a request we refuse to read (shared with the API)."""
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        return _("提交的内容过大（超过%(mb)d MB），没有保存。请精简内容或分几次提交。") % {"mb": limit}, 413
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return _("提交的字段或文件过多，没有保存。"), 400
    if isinstance(exception, DataError | OverflowError):
        return _("输入的数值超出允许范围或格式不正确，没有保存。"), 400
    return _("请求的格式不正确，没有处理。请返回上一页检查输入后重试。"), 400


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message, status = bad_input_message(exception)
    return render(request, "400.html", {"message": message}, status=status)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)
