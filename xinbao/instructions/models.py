"""Leaders' instructions (批示) on an item or a publication issue.

This is the minimal record that publications (leaders write 批示 on issues) and scoring (bonuses by
leader level) need; the follow-up loop (交办, 落实, 督办) is the instructions issue's to build.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xinbao.items.models import Item
from xinbao.orgs.roles import LeaderLevel


class InstructionKind(models.TextChoices):
    ACTION = "action", _("批办性")
    GUIDANCE = "guidance", _("指导性")
    READING = "reading", _("参阅性")


class Instruction(models.Model):
    item = models.ForeignKey(
        Item, verbose_name=_("信息"), null=True, blank=True, on_delete=models.PROTECT, related_name="instructions"
    )
    issue = models.ForeignKey(
        "publications.Issue",
        verbose_name=_("刊物期次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instructions",
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批示领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instructions",
    )
    leader_name = models.CharField(_("领导姓名"), max_length=60)
    leader_level = models.CharField(_("领导级别"), max_length=10, choices=LeaderLevel.choices)
    # Finer leader kinds used by some rule sets (e.g. "市委办/市政府办领导" between city and county).
    leader_post = models.CharField(_("领导职务"), max_length=60, blank=True)
    kind = models.CharField(
        _("批示类型"), max_length=10, choices=InstructionKind.choices, default=InstructionKind.GUIDANCE
    )
    text = models.TextField(_("批示内容"))
    instructed_on = models.DateField(_("批示日期"), db_index=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-instructed_on", "-id"]
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")

    def __str__(self) -> str:
        return f"{self.leader_name}：{self.text[:30]}"
