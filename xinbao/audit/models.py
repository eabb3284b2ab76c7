"""The append-only audit log: one row per write, made by the actions layer.

Rows cannot be changed or deleted: the model refuses it and database triggers refuse it too
(migrations 0003 and 0004), so no UI, API or stray ORM call can rewrite history. Each row also
carries a hash chain (``chain.py``): ``hash`` covers the row's content and the previous row's
hash, so an edit or removal made behind the triggers' back shows up in ``manage.py audit_verify``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AuditQuerySet(models.QuerySet["AuditRecord"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit records are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit records are append-only")


class AuditRecord(models.Model):
    # Set by ``record`` before hashing (auto_now_add would overwrite it on save).
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人"), max_length=80)
    unit_name = models.CharField(_("单位"), max_length=100, blank=True)
    action = models.CharField(_("操作"), max_length=60, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=60, db_index=True)
    object_id = models.CharField(_("对象编号"), max_length=40, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    old_values = models.JSONField(_("原值"), null=True, blank=True)
    new_values = models.JSONField(_("新值"), null=True, blank=True)
    ip = models.CharField(_("IP地址"), max_length=45, blank=True)
    prev_hash = models.CharField(_("前一条的校验值"), max_length=64, blank=True, default="")
    hash = models.CharField(_("校验值"), max_length=64, blank=True, default="")

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("audit records are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit records are append-only")
