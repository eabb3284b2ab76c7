from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "xinbao.notify"
    label = "notify"
    verbose_name = _("消息")

    def ready(self) -> None:
        from . import menu  # noqa: F401
