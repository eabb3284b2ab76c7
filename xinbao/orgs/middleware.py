"""三员分立 at the door: the admin accounts reach only their own pages, never business content.

Business pages check duties and the read policy themselves; this is the second lock, an allow-list,
so a page added by a future app is closed to admin accounts until it is listed here on purpose.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from . import duties
from .models import User
from .roles import Role

# Every admin account: the home page, one's own account, the language switch, static files.
COMMON = ("/accounts/", "/i18n/", "/static/")
# The admin areas; the views there decide which admin may do what (units and people for the system
# admin, roles and passwords for the security admin). The audit admin reads the audit log only.
AREAS: dict[str, tuple[str, ...]] = {
    Role.SYSTEM_ADMIN: ("/orgs/", "/audit/", "/inbox/", "/api/orgs/", "/api/tokens/", "/api/docs", "/api/openapi.json"),
    Role.SECURITY_ADMIN: (
        "/orgs/",
        "/audit/",
        "/inbox/",
        "/api/orgs/",
        "/api/tokens/",
        "/api/docs",
        "/api/openapi.json",
    ),
    Role.AUDIT_ADMIN: ("/audit/",),
}


def admin_may_reach(roles: set[str], path: str) -> bool:
    if path == "/" or path.startswith(COMMON):
        return True
    return any(path.startswith(area) for role in roles for area in AREAS.get(role, ()))


class AdminSeparationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if isinstance(user, User) and duties.is_admin(user) and not admin_may_reach(user.admin_roles, request.path):
            raise PermissionDenied(_("三员分立：管理员账号不能查看或办理业务内容。"))
        return self.get_response(request)
