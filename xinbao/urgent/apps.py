from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UrgentConfig(AppConfig):
    name = "xinbao.urgent"
    label = "urgent"
    verbose_name = _("紧急信息")

    def ready(self) -> None:
        from . import audiences, menu  # noqa: F401 - reminder audiences and guard, menu and home panels
