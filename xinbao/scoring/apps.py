from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "xinbao.scoring"
    label = "scoring"
    verbose_name = _("考核")

    def ready(self) -> None:
        from . import feedback_source, handlers, menu, outcome_source, urgent_source  # noqa: F401 - *_source: facts

        handlers.connect()
        from xinbao.core.registry import register_lookup

        from .bodies import choices

        register_lookup("adopting_bodies", choices)
