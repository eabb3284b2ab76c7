from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "xinbao.orgs"
    label = "orgs"
    verbose_name = _("组织与人员")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import menu  # noqa: F401

        user_logged_in.connect(expire_old_password, dispatch_uid="xinbao.orgs.expire_old_password")


def expire_old_password(sender: object, request: object, user: Any, **kwargs: object) -> None:
    """At sign-in, a password older than XINBAO_PASSWORD_MAX_AGE_DAYS must be changed first
    (ForcePasswordChangeMiddleware then shows only the password page)."""
    from .actions import expire_password
    from .passwords import password_expired

    if not getattr(user, "must_change_password", True) and password_expired(user):
        expire_password(None, user)
