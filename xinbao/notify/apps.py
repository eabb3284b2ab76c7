from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "xinbao.notify"
    label = "notify"
    verbose_name = _("消息")

    def ready(self) -> None:
        from xinbao.orgs.signals import unit_urged

        from . import handlers, menu  # noqa: F401

        unit_urged.connect(handlers.tell_urged_unit, dispatch_uid="notify.tell_urged_unit")
