from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "xinbao.publications"
    label = "publications"
    verbose_name = _("刊物")

    def ready(self) -> None:
        from xinbao.items.actions import register_use_check
        from xinbao.items.policy import register_reader_source
        from xinbao.items.titles import register_printed_titles

        from . import menu, sections  # noqa: F401
        from .queries import in_issue_reason, printed_titles, readable_items_in_issues

        register_reader_source(readable_items_in_issues)
        register_printed_titles(printed_titles)
        register_use_check(in_issue_reason)
