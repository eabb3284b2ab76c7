"""The HTTP API: one NinjaAPI, each app contributing ``router`` in its ``api.py``.

Endpoints are thin: they call the owning app's queries and actions, so the API honours exactly
the same permissions as the UI. Domain errors become JSON ``{"detail": "…"}`` with 400/403/409.
"""

from __future__ import annotations

import importlib

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from xinbao.core.errors import ConflictError, DomainError, PermissionRefused

from .auth import SessionAuth, TokenAuth

api = NinjaAPI(
    title="信报 API",
    version="1",
    description="信报（xinbao）HTTP API。认证：`Authorization: Bearer <令牌>`，或已登录的浏览器会话。",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(PermissionRefused)
def on_permission_refused(request: HttpRequest, exc: PermissionRefused) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=403)


@api.exception_handler(ConflictError)
def on_conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=409)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=400)


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
