"""The HTTP API: one NinjaAPI, each app contributing ``router`` in its ``api.py``.

Endpoints are thin: they call the owning app's queries and actions, so the API honours exactly
the same permissions as the UI. Domain errors become JSON ``{"detail": "…"}`` with 400/403/409.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, ValidationError
from django.db import DataError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from xinbao.core.errors import DomainError, status_for
from xinbao.core.views import bad_input_message

from .auth import SessionAuth, TokenAuth


def docs_need_sign_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """``/api/docs`` and ``/api/openapi.json`` are open in the demo (DEBUG) and need a signed-in
    session or an API token in production: the schema maps every operation for whoever reads it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.DEBUG and not request.user.is_authenticated and TokenAuth()(request) is None:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


api = NinjaAPI(
    title="信报 API",
    version="1",
    description="信报（xinbao）HTTP API。认证：`Authorization: Bearer <令牌>`，或已登录的浏览器会话。",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
    docs_decorator=docs_need_sign_in,
)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    """Every refused action, by the one mapping pages use too (core.errors.status_for): 403 for permission,
    409 for a conflict, 400 otherwise with the field it concerns."""
    status = status_for(exc)
    body: dict[str, str | None] = {"detail": exc.message}
    if status == 400:
        body["field"] = exc.field
    return api.create_response(request, body, status=status)


@api.exception_handler(RequestDataTooBig)
@api.exception_handler(TooManyFieldsSent)
@api.exception_handler(DataError)
@api.exception_handler(OverflowError)
def on_bad_input(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Input the database or Django cannot take (a number out of range, a body over the limit):
    the client's mistake, answered in Chinese, never a 500."""
    message, status = bad_input_message(exc)
    return api.create_response(request, {"detail": message}, status=status)


@api.exception_handler(ValidationError)
def on_model_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = "；".join(exc.messages) or _("输入不正确。")
    return api.create_response(request, {"detail": detail}, status=400)


def _mount_app_routers() -> None:
    for app in settings.XINBAO_APPS:
        if app == "xinbao.api":
            continue
        try:
            module = importlib.import_module(f"{app}.api")
        except ModuleNotFoundError as exc:
            if exc.name == f"{app}.api":
                continue
            raise
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router(f"/{app.rsplit('.', 1)[-1]}/", router)


_mount_app_routers()
