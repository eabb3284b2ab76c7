from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "xinbao.core"
    label = "core"
    verbose_name = _("公共")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401  (registers the security settings checks)
        from .idlists import register as register_id_lists
        from .middleware import stamp_renewal

        # Signing in saves the session: stamped then, the first pages after it need no second write.
        user_logged_in.connect(stamp_renewal, dispatch_uid="core.stamp_session_renewal")
        register_id_lists()  # the ``in_ids`` lookup
