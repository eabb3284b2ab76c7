from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommissionsConfig(AppConfig):
    name = "xinbao.commissions"
    label = "commissions"
    verbose_name = _("约稿")

    def ready(self) -> None:
        from . import deadlines, menu, sections  # noqa: F401 - reminders guard, menu, home panels, item section
