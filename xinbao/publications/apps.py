from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "xinbao.publications"
    label = "publications"
    verbose_name = _("刊物")

    def ready(self) -> None:
        from . import menu  # noqa: F401
