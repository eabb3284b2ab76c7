from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "xinbao.audit"
    label = "audit"
    verbose_name = _("审计")

    def ready(self) -> None:
        from xinbao.core import audit

        from . import actions, auth_events, menu  # noqa: F401

        audit.register(record=actions.record, bulk_record=actions.bulk_record)
        auth_events.connect()
