"""Insights keeps only its own data: alerts sent, hub settings and word lists, and its indexes.

- ``Alert``: one row per condition and period that was alerted (the unique ``key`` makes every alert
  go out once); the unit sees why it was alerted.
- ``HubSettings``: a hub's thresholds (inactivity days, 催报 lead days, vacancy days, similarity window).
- ``HubTerm``: a hub's word lists — office terms for the segmenter, sensitive/banned expressions,
  and 报送要点 topics.
- ``SimilaritySignature`` / ``SimilarityBand``: the MinHash signature of each item's current text and its
  LSH band buckets (the near-duplicate index, kept incrementally).
- ``SearchDoc``: one searchable document (an item at its unit, a submission at a hub, an issue, a 批示,
  a notice) with its segmented text and scope tokens; the full-text index over it is SQLite FTS5 or a
  PostgreSQL GIN index (docs/decisions/0007-search-and-similarity.md).
- ``SuggestionModel``: a hub's trained suggestion model (a scikit-learn linear model on TF-IDF, stored
  as plain numbers: vocabulary, idf, weights) and its held-out accuracy.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertKind(models.TextChoices):
    INACTIVE = "inactive", _("长期未报送")
    CHASE = "chase", _("催报")
    VACANCY = "vacancy", _("信息员断档")
    DIGEST = "digest", _("每周摘要")


class Alert(models.Model):
    kind = models.CharField(_("类别"), max_length=12, choices=AlertKind.choices)
    key = models.CharField(_("条件"), max_length=120, unique=True)
    hub = models.ForeignKey("orgs.Unit", verbose_name=_("汇总单位"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("期间起"))
    period_end = models.DateField(_("期间止"))
    reason = models.CharField(_("原因"), max_length=500)
    recipients = models.PositiveIntegerField(_("通知人数"), default=0)
    sent_at = models.DateTimeField(_("发送时间"))

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        indexes = [
            models.Index(fields=["unit", "-sent_at"], name="insights_alert_unit_idx"),
            models.Index(fields=["hub", "-sent_at"], name="insights_alert_hub_idx"),
        ]

    def __str__(self) -> str:
        return self.reason


class HubSettings(models.Model):
    hub = models.OneToOneField("orgs.Unit", verbose_name=_("汇总单位"), on_delete=models.CASCADE, related_name="+")
    inactive_days = models.PositiveSmallIntegerField(_("未报送提醒天数"), default=15)
    chase_days = models.PositiveSmallIntegerField(_("期末前催报天数"), default=5)
    vacancy_days = models.PositiveSmallIntegerField(_("断档提醒天数"), default=7)
    similar_days = models.PositiveSmallIntegerField(_("相似信息比对天数"), default=30)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("统计提醒设置")
        verbose_name_plural = _("统计提醒设置")

    def __str__(self) -> str:
        return str(self.hub)


class TermKind(models.TextChoices):
    DICTIONARY = "dictionary", _("分词词典")
    SENSITIVE = "sensitive", _("敏感或禁用表述")
    TOPIC = "topic", _("报送要点")


class HubTerm(models.Model):
    hub = models.ForeignKey("orgs.Unit", verbose_name=_("汇总单位"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("类别"), max_length=12, choices=TermKind.choices)
    text = models.CharField(_("词语"), max_length=100)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "text", "id"]
        verbose_name = _("词表")
        verbose_name_plural = _("词表")
        indexes = [models.Index(fields=["hub", "kind"], name="insights_term_hub_idx")]

    def __str__(self) -> str:
        return self.text


class SimilaritySignature(models.Model):
    """The MinHash signature of an item's current unit text (``num_perm`` little-endian uint32)."""

    item = models.OneToOneField("items.Item", on_delete=models.CASCADE, primary_key=True, related_name="+")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    submitted = models.BooleanField(default=False)
    signature = models.BinaryField()
    length = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("相似度签名")

    def __str__(self) -> str:
        return f"{self.item_id}"


class SimilarityBand(models.Model):
    """One LSH bucket of an item within one hub's scope (the hub is folded into ``bucket``).

    32 rows an item: no database-level foreign key (its check on every row doubled the bulk load on
    PostgreSQL); Django still deletes the rows with their item, and a lookup only returns items that
    have a signature, whose foreign key is kept (docs/decisions/0007)."""

    bucket = models.BigIntegerField()
    day = models.DateField()
    item = models.ForeignKey(
        "items.Item", on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )

    class Meta:
        verbose_name = _("相似度分桶")
        indexes = [
            models.Index(fields=["bucket", "day", "item"], name="insights_band_idx"),
            models.Index(fields=["item"], name="insights_band_item_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}:{self.bucket}"


class DocKind(models.TextChoices):
    ITEM = "item", _("信息")
    SUBMISSION = "submission", _("收到的信息")
    ISSUE = "issue", _("刊物")
    INSTRUCTION = "instruction", _("批示")
    NOTICE = "notice", _("通报")


class SearchDoc(models.Model):
    kind = models.CharField(_("类别"), max_length=12, choices=DocKind.choices)
    object_id = models.BigIntegerField()
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("正文"), blank=True)
    tokens = models.TextField(blank=True)  # segmented words + scope tokens: what the full-text index reads
    unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    category = models.CharField(max_length=20, blank=True)
    state = models.CharField(max_length=20, blank=True)
    day = models.DateField()

    class Meta:
        verbose_name = _("检索文档")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="insights_doc_unique")]

    def __str__(self) -> str:
        return self.title


class SuggestionModel(models.Model):
    hub = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+")
    target = models.CharField(max_length=20)  # category | tone | topic
    data = models.JSONField()  # vocabulary, idf and weights as plain numbers (no pickle)
    samples = models.PositiveIntegerField(default=0)
    accuracy = models.FloatField(null=True, blank=True)
    trained_at = models.DateTimeField()

    class Meta:
        verbose_name = _("建议模型")
        constraints = [models.UniqueConstraint(fields=["hub", "target"], name="insights_model_unique")]

    def __str__(self) -> str:
        return f"{self.hub_id}:{self.target}"
