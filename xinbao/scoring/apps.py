from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "xinbao.scoring"
    label = "scoring"
    verbose_name = _("考核")

    def ready(self) -> None:
        from . import handlers, menu, sections, urgent_source  # noqa: F401 - urgent_source: the urgent app's findings

        handlers.connect()
        from xinbao.core.registry import register_lookup

        from .bodies import choices

        register_lookup("adopting_bodies", choices)
