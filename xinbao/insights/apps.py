from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "xinbao.insights"
    label = "insights"
    verbose_name = _("统计分析")

    def ready(self) -> None:
        from . import indexing, menu, sections  # noqa: F401 - indexes, menu, the submission page's section

        indexing.connect()
