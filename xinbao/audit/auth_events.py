"""Sign-in events in the audit log (等保 安全审计): sign-in, sign-out, failed sign-in, lockout.

Django's auth signals and django-axes' ``user_locked_out`` are turned into audit rows; the client
address comes from the request context (``core.middleware.request_ip``), the same rule axes uses.
The typed user name of a failed sign-in is kept (cut to the column), never the password.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.utils.translation import gettext as _

from .actions import record


def _account(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first() if username else None


def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(user, "auth.login", user)


def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None and user.is_authenticated:
        record(user, "auth.logout", user)


def _attempt(action: str, username: str) -> None:
    username = (username or "")[:150]
    account = _account(username)
    who = _("（未登录）%(u)s") % {"u": username}
    if account is not None:
        record(None, action, account, actor_name=who)
    else:
        record(None, action, object_type="orgs.user", object_repr=username, actor_name=who)


def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    _attempt("auth.login_failed", str(credentials.get("username") or ""))


def on_locked_out(sender: Any, request: Any = None, username: str = "", **kwargs: Any) -> None:
    _attempt("auth.locked_out", username or "")


def connect() -> None:
    from axes.signals import user_locked_out

    user_logged_in.connect(on_login, dispatch_uid="xinbao.audit.login")
    user_logged_out.connect(on_logout, dispatch_uid="xinbao.audit.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="xinbao.audit.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="xinbao.audit.locked_out")
