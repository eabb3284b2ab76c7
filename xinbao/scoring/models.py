"""Assessment (考核): rule sets as versioned YAML documents, the score ledger, and notices (通报).

- ``RuleSet``: a hub's rules for one channel, valid for a period of time; ``active_version`` scores.
- ``RuleSetVersion``: every saved text is kept with its compiled form (``spec``), numbered 1, 2, …
- ``ScoreEntry``: one line of the ledger — who, which period, which rule, how many points (or yuan),
  a Chinese sentence saying why, and the source (adoption, instruction, item …) it came from.
  Rankings are sums of entries; recomputing a period deletes and rebuilds its entries.
- ``PendingScore``: an event not yet scored (the task runs after commit; pages say "计分中").
- ``Notice``: a monthly/quarterly/yearly 通报: its figures, the editor's words, its steps (``NoticeStep``,
  lifecycle in ``states.py``), the published Word file and who has read it (``NoticeReceipt``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xinbao.orgs.models import Channel, Unit


class PeriodType(models.TextChoices):
    WEEK = "week", _("周")
    MONTH = "month", _("月")
    QUARTER = "quarter", _("季度")
    YEAR = "year", _("年")


class RuleSet(models.Model):
    hub = models.ForeignKey(Unit, verbose_name=_("信息汇总单位"), on_delete=models.PROTECT, related_name="rule_sets")
    channel = models.ForeignKey(Channel, verbose_name=_("渠道"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    valid_from = models.DateField(_("生效日期"))
    valid_to = models.DateField(_("截止日期"), null=True, blank=True)
    active_version = models.ForeignKey(
        "RuleSetVersion", verbose_name=_("启用版本"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(_("删除时间"), null=True, blank=True)
    # Bumped whenever ledger lines are rewritten: cached rankings are keyed by it (queries.unit_rank).
    ledger_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-valid_from", "id"]
        verbose_name = _("考核办法")
        verbose_name_plural = _("考核办法")

    def __str__(self) -> str:
        return self.name


class RuleSetVersion(models.Model):
    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    text = models.TextField(_("规则文本（YAML）"))
    spec = models.JSONField(_("编译后的规则"))
    note = models.CharField(_("修改说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["rule_set_id", "-number"]
        verbose_name = _("考核办法版本")
        verbose_name_plural = _("考核办法版本")
        constraints = [models.UniqueConstraint(fields=["rule_set", "number"], name="scoring_version_unique")]

    def __str__(self) -> str:
        return f"{self.rule_set} v{self.number}"


class ScoreEntry(models.Model):
    # The ledger is derived (rebuilt from the facts, written only by ``actions._insert`` from ids just read),
    # so its references carry no database constraint: checking five foreign keys per line took a year's
    # rebuild (~350,000 lines) 16 s at commit on PostgreSQL. Django still applies on_delete (CASCADE with the
    # rule set; PROTECT, though versions, units, people and items are never deleted). No index of their own
    # on rule set, version and unit either: every read names the rule set first (the indexes below lead with
    # it), and each index costs a rebuild a pass over the lines.
    rule_set = models.ForeignKey(
        RuleSet, on_delete=models.CASCADE, related_name="entries", db_index=False, db_constraint=False
    )
    version = models.ForeignKey(
        RuleSetVersion, on_delete=models.PROTECT, related_name="entries", db_index=False, db_constraint=False
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="score_entries", db_index=False, db_constraint=False
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="score_entries",
        db_constraint=False,
        # Every read of a writer's lines names the rule set and dates (``scoring_entry_person_idx``); people
        # are never deleted. A lone person index cost a year's rebuild ~1.5 s of index upkeep.
        db_index=False,
    )
    period_start = models.DateField(_("考核期起"))
    period_end = models.DateField(_("考核期止"))
    on = models.DateField(_("日期"))
    rule_key = models.CharField(_("规则"), max_length=60)
    points = models.DecimalField(_("分值"), max_digits=12, decimal_places=2)
    explanation = models.CharField(_("说明"), max_length=300)
    source_type = models.CharField(_("来源类型"), max_length=40, blank=True)
    source_id = models.BigIntegerField(_("来源"), null=True, blank=True)
    # The item a line is about (十佳信息 candidates, links); the ledger is rebuilt, never the item deleted.
    item = models.ForeignKey(
        "items.Item",
        verbose_name=_("信息"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    seq = models.PositiveIntegerField(default=0)  # stable order of entries within a unit and period
    # A writer's own line (per-writer quota, or an item of a writer attached to the hub itself): in the
    # writers' ranking only, never in a unit's total or ledger.
    writer_only = models.BooleanField(_("仅计个人"), default=False)

    class Meta:
        ordering = ["period_start", "unit_id", "seq", "id"]
        verbose_name = _("得分明细")
        verbose_name_plural = _("得分明细")
        indexes = [
            models.Index(fields=["rule_set", "period_start", "unit"], name="scoring_entry_period_idx"),
            # Covering index for rankings: one GROUP BY unit reads only the index (no table rows); rankings
            # leave out writers' own lines, so ``writer_only`` is in it too.
            models.Index(fields=["rule_set", "unit", "on", "points", "writer_only"], name="scoring_entry_rank2_idx"),
            models.Index(fields=["rule_set", "on", "person"], name="scoring_entry_person_idx"),
        ]

    def __str__(self) -> str:
        return self.explanation


class HubEntry(models.Model):
    """An assessment item the hub enters by hand for a unit (rule set's ``entered``): a condition it checks
    (六有到位, 组织领导) or a discretionary amount within the rule's range (信息不实 −50 to −100), with the
    reason. It becomes a ledger line like any fact; cancelling it (with a reason) removes the line."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="hub_entries")
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    rule_key = models.CharField(_("考核项"), max_length=60)
    on = models.DateField(_("日期"))
    points = models.DecimalField(_("分值"), max_digits=12, decimal_places=2)
    reason = models.CharField(_("理由"), max_length=300)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("撤销理由"), max_length=300, blank=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("录入考核项")
        verbose_name_plural = _("录入考核项")
        indexes = [models.Index(fields=["rule_set", "unit", "on"], name="scoring_hub_entry_idx")]

    def __str__(self) -> str:
        return f"{self.rule_key} {self.points}"


class PendingScore(models.Model):
    """An event (adoption, revocation, 批示, finding) of a unit on a day, recorded in the event's own
    transaction and not yet scored: the ``scoring.tasks.score_event`` task rescores the unit's periods
    after commit and deletes the row. While one exists, pages show the unit's points as "计分中"."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["unit", "on"], name="scoring_pending_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.on}"


class BodyLevel(models.TextChoices):
    TOWNSHIP = "township", _("乡镇")
    COUNTY = "county", _("县级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")
    CENTRAL = "central", _("中央")


class AdoptingBody(models.Model):
    """The register of adopting bodies (采用机关名录): one name, its aliases and its level. Rules and
    adoption records name a body by any of them (中办 = 中共中央办公厅), so a variant spelling does
    not silently score 0."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    aliases = models.CharField(_("简称/别名"), max_length=400, blank=True, help_text=_("多个以顿号或逗号分隔"))
    level = models.CharField(_("级别"), max_length=10, choices=BodyLevel.choices)
    order = models.PositiveIntegerField(_("排序"), default=0)
    deleted_at = models.DateTimeField(_("删除时间"), null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("采用机关")
        verbose_name_plural = _("采用机关名录")

    def __str__(self) -> str:
        return self.name

    @property
    def alias_list(self) -> list[str]:
        parts = self.aliases.replace("，", ",").replace("、", ",").split(",")
        return [p.strip() for p in parts if p.strip() and p.strip() != self.name]


class PersonAttribute(models.Model):
    """What a writer is besides their role (全国政协委员, 省政协委员, 全国人大代表 …), with its level:
    rules may give a bonus for it and the writers' ranking may be filtered by it."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scoring_attributes")
    name = models.CharField(_("身份"), max_length=40)
    level = models.CharField(_("级别"), max_length=10, choices=BodyLevel.choices, blank=True)

    class Meta:
        ordering = ["person_id", "name"]
        verbose_name = _("人员身份")
        verbose_name_plural = _("人员身份")
        constraints = [models.UniqueConstraint(fields=["person", "name"], name="scoring_person_attribute_once")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.name}"


class NoticeState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    REVIEW = "review", _("待审核")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("已审核")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class Notice(models.Model):
    """A 通报 of one period. ``figures`` is what the notice says (rankings, lists, shares), gathered when it
    is generated or regenerated, so the preview, the approval and the published Word file all show the
    same numbers; ``lead`` (导语) and ``remarks`` (要求) are the editor's own words around them."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="notices")
    period_type = models.CharField(_("通报周期"), max_length=10, choices=PeriodType.choices)
    start = models.DateField(_("起"))
    end = models.DateField(_("止"))
    title = models.CharField(_("标题"), max_length=200)
    state = models.CharField(_("状态"), max_length=10, choices=NoticeState.choices, default=NoticeState.DRAFT)
    lead = models.TextField(_("导语"), blank=True)
    remarks = models.TextField(_("有关要求"), blank=True)
    figures = models.JSONField(_("通报数据"), default=dict, blank=True)
    figures_at = models.DateTimeField(_("数据生成时间"), null=True, blank=True)
    # The Word file as published (kept as it was sent; a draft's file is made on request).
    document = models.FileField(_("通报文件"), upload_to="notices/%Y/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        ordering = ["-end", "-id"]
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "period_type", "start"], name="scoring_notice_once"),
        ]

    def __str__(self) -> str:
        return self.title


class NoticeStep(models.Model):
    """Every step of a notice's life (generated, edited, submitted, approved, returned with a comment,
    published, withdrawn with a reason): who, when, what they said."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("操作"), max_length=20)
    state = models.CharField(_("结果状态"), max_length=10, choices=NoticeState.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("通报流程记录")
        verbose_name_plural = _("通报流程记录")

    def __str__(self) -> str:
        return f"{self.notice_id} {self.action}"

    @property
    def action_label(self) -> str:
        from .states import NoticeAction

        return str(NoticeAction(self.action).label) if self.action in NoticeAction.values else self.action


class NoticeReceipt(models.Model):
    """A published notice on a unit's reading list; ``read_at`` when someone of the unit opened it."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="receipts")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["notice", "unit"], name="scoring_receipt_unique")]
        indexes = [models.Index(fields=["unit", "read_at"], name="scoring_receipt_unit_idx")]

    def __str__(self) -> str:
        return f"{self.notice_id} → {self.unit_id}"
