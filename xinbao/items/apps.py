from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ItemsConfig(AppConfig):
    name = "xinbao.items"
    label = "items"
    verbose_name = _("信息")

    def ready(self) -> None:
        from . import menu  # noqa: F401
