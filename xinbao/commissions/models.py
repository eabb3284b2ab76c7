"""Commissions (约稿): a hub asks chosen units for items on a topic, with requirements and a deadline.

Responses are ordinary items (``items.Item.commission``) that go through the normal items flow.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Commission(models.Model):
    hub = models.ForeignKey(
        "orgs.Unit", verbose_name=_("约稿单位"), on_delete=models.PROTECT, related_name="commissions"
    )
    channel = models.ForeignKey("orgs.Channel", verbose_name=_("渠道"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("选题"), max_length=200)
    requirements = models.TextField(_("要求"), blank=True)
    due_at = models.DateTimeField(_("截止时间"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("约稿")
        verbose_name_plural = _("约稿")

    def __str__(self) -> str:
        return self.title
