from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstructionsConfig(AppConfig):
    name = "xinbao.instructions"
    label = "instructions"
    verbose_name = _("领导批示")

    def ready(self) -> None:
        from . import followup, menu, sections  # noqa: F401 - reminders' audiences/guard, menu, page sections
