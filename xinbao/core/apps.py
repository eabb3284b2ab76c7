from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "xinbao.core"
    label = "core"
    verbose_name = _("公共")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the security settings checks)
