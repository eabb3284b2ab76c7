from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "xinbao.api"
    label = "api"
    verbose_name = _("接口")

    def ready(self) -> None:
        from xinbao.orgs.signals import credentials_reset

        from . import menu  # noqa: F401
        from .actions import revoke_tokens_on_reset

        credentials_reset.connect(revoke_tokens_on_reset, dispatch_uid="xinbao.api.revoke_tokens_on_reset")
