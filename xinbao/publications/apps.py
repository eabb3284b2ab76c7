from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "xinbao.publications"
    label = "publications"
    verbose_name = _("刊物")

    def ready(self) -> None:
        from xinbao.items.policy import register_reader_source

        from . import menu, sections  # noqa: F401
        from .queries import readable_items_in_issues

        register_reader_source(readable_items_in_issues)
