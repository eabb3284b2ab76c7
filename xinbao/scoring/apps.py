from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "xinbao.scoring"
    label = "scoring"
    verbose_name = _("考核")

    def ready(self) -> None:
        # *_source: the facts of lower apps (urgent, 转送交办/差错, 落实反馈); sections: the item page's scores.
        from . import feedback_source, handlers, menu, outcome_source, sections, urgent_source  # noqa: F401

        handlers.connect()
        from xinbao.core.registry import register_lookup

        from .bodies import choices

        register_lookup("adopting_bodies", choices)
