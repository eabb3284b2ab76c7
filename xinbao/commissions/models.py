"""Commissions (约稿) and guidance: a hub asks chosen units for items on a topic, with requirements and a
deadline ("1+N+N": a lead unit and the others); it also publishes 征集参考选题 and 报送要点 that units
see on their home page.

Responses are ordinary items (``items.Item.commission``) that go through the normal items flow; who
answered, who is late and what was adopted are computed from them, never stored twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CommissionKind(models.TextChoices):
    COMMISSION = "commission", _("约稿")
    TOPICS = "topics", _("征集参考选题")
    PRIORITIES = "priorities", _("报送要点")


class TargetRule(models.TextChoices):
    CHOSEN = "chosen", _("指定单位")
    CLASS = "class", _("按考核类别")
    ALL = "all", _("全部报送单位")


class Commission(models.Model):
    hub = models.ForeignKey(
        "orgs.Unit", verbose_name=_("约稿单位"), on_delete=models.PROTECT, related_name="commissions"
    )
    channel = models.ForeignKey("orgs.Channel", verbose_name=_("渠道"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(
        _("类型"), max_length=12, choices=CommissionKind.choices, default=CommissionKind.COMMISSION, db_index=True
    )
    title = models.CharField(_("选题"), max_length=200)
    requirements = models.TextField(_("要求"), blank=True)
    # Guidance (选题, 要点) has no deadline; a commission always has one.
    due_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    target_rule = models.CharField(_("约稿对象"), max_length=10, choices=TargetRule.choices, default=TargetRule.CHOSEN)
    target_class = models.ForeignKey(
        "orgs.AssessmentClass",
        verbose_name=_("考核类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("牵头单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("撤销理由"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("约稿")
        verbose_name_plural = _("约稿")
        indexes = [models.Index(fields=["hub", "kind", "-created_at"], name="commission_hub_kind_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class CommissionTarget(models.Model):
    """One unit asked to answer a commission (the lead unit of "1+N+N" is marked)."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("约稿对象"), on_delete=models.PROTECT, related_name="commission_targets"
    )
    is_lead = models.BooleanField(_("牵头"), default=False)

    class Meta:
        ordering = ["-is_lead", "unit__path", "id"]
        constraints = [models.UniqueConstraint(fields=["commission", "unit"], name="commission_target_unique")]
        indexes = [models.Index(fields=["unit", "commission"], name="commission_target_unit_idx")]

    def __str__(self) -> str:
        return f"{self.commission} → {self.unit}"
