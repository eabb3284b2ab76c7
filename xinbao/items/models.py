"""Information items (信息): the unit's original, its journey to hubs, versions, merges, adoptions.

- ``Item``: what a unit writes. Its text lives in ``ItemVersion`` rows; the unit's own versions have
  ``submission=None``. The version that was submitted is never changed.
- ``Submission``: the item in one hub's queue (one per hub and channel). Forwarding (转报) creates a new
  Submission at the upper hub with ``parent`` pointing at the lower one, so the route is the chain.
  A hub's edits are ``ItemVersion`` rows tied to its Submission.
- ``Adoption``: a recorded adoption (in a publication issue, by hub decision, or by an outside body),
  with its level and kind; ``AdoptionCredit`` says which units (and writers) get credit for it — every
  source unit of a combined (综合) item keeps credit.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xinbao.orgs.models import Channel, Unit


class Category(models.TextChoices):
    NEWS = "news", _("动态")
    EXPERIENCE = "experience", _("经验")
    PROBLEM = "problem", _("问题")
    OPINION = "opinion", _("社情民意")
    RESEARCH = "research", _("调研报告")
    SPECIAL = "special", _("专报")
    ECONOMY = "economy", _("经济运行")
    COMMISSION = "commission", _("约稿")
    COMBINED = "combined", _("综合")
    URGENT = "urgent", _("紧急信息")


class Tone(models.TextChoices):
    GOOD = "good", _("喜")
    BAD = "bad", _("忧")
    NEUTRAL = "neutral", _("中性")


class Angle(models.TextChoices):
    KEY = "key", _("重点")
    HOT = "hot", _("热点")
    HARD = "hard", _("难点")
    FEATURE = "feature", _("特点")


class ItemType(models.TextChoices):
    """信息类型: what kind of piece it is. Rules may pay picture items apart or exclude leaders' speeches and
    work summaries/plans, which many 考核办法 say are not information and score nothing."""

    TEXT = "text", _("文字信息")
    PICTURE = "picture", _("图片信息")
    SPEECH = "speech", _("领导讲话")
    SUMMARY = "summary", _("工作总结、计划")


class Domain(models.TextChoices):
    ECONOMY = "economy", _("经济")
    POLITICS = "politics", _("政治")
    CULTURE = "culture", _("文化")
    SOCIETY = "society", _("社会")
    ECOLOGY = "ecology", _("生态")


class Classification(models.TextChoices):
    """密级. Ordered by sensitivity; ``RANK`` gives the order."""

    PUBLIC = "public", _("公开")
    INTERNAL = "internal", _("内部")
    SECRET = "secret", _("秘密")
    CONFIDENTIAL = "confidential", _("机密")


CLASSIFICATION_RANK = {c: i for i, c in enumerate(Classification.values)}


class Readers(models.TextChoices):
    """知悉范围: who may read the item besides what its classification allows."""

    GENERAL = "", _("按密级确定")
    RESTRICTED = "restricted", _("仅限起草人、签发人和信息科负责人")


class ItemState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PENDING_SIGNOFF = "pending_signoff", _("待签发")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("退回修改")
    REVISION_SIGNOFF = "revision_signoff", _("修改稿待签发")
    WITHDRAWN = "withdrawn", _("已撤回")
    DELETED = "deleted", _("已删除")


class SubmissionState(models.TextChoices):
    PENDING = "pending", _("待处理")
    RESERVE = "reserve", _("备用")
    RETURNED = "returned", _("已退回")
    ADOPTED = "adopted", _("已采用")
    # Sent upward without this hub's own 采用 (a hub whose 转报 is not 转报即采用, ``ForwardRule``).
    FORWARDED = "forwarded", _("已转报")
    REJECTED = "rejected", _("不采用")
    MERGED = "merged", _("已综合")
    WITHDRAWN = "withdrawn", _("已撤回")  # the writer's unit took it back before any decision


class Item(models.Model):
    unit = models.ForeignKey(Unit, verbose_name=_("报送单位"), on_delete=models.PROTECT, related_name="items")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("起草人"), on_delete=models.PROTECT, related_name="items"
    )
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices, default=Category.NEWS)
    title = models.CharField(_("标题"), max_length=200)  # the unit's current title (latest unit version)
    writer_name = models.CharField(_("执笔人"), max_length=40, blank=True)
    writer_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    tone = models.CharField(_("基调"), max_length=10, choices=Tone.choices, default=Tone.NEUTRAL)
    angle = models.CharField(_("角度"), max_length=10, choices=Angle.choices, blank=True)
    domain = models.CharField(_("领域"), max_length=10, choices=Domain.choices, blank=True)
    item_type = models.CharField(_("信息类型"), max_length=10, choices=ItemType.choices, default=ItemType.TEXT)
    classification = models.CharField(
        _("密级"), max_length=12, choices=Classification.choices, default=Classification.INTERNAL
    )
    readers = models.CharField(_("知悉范围"), max_length=200, blank=True, choices=Readers.choices, default="")
    co_units = models.ManyToManyField(Unit, verbose_name=_("合报单位"), blank=True, related_name="co_items")
    channels = models.ManyToManyField(Channel, verbose_name=_("报送渠道"), blank=True, related_name="+")
    state = models.CharField(_("状态"), max_length=20, choices=ItemState.choices, default=ItemState.DRAFT)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signed_items",
    )
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    # Indexed by ``items_submitted_idx`` below (it leads with this column).
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    # When the writer last sent it to the unit's signer: a signer's return after it sends it back to revise.
    signoff_requested_at = models.DateTimeField(_("送签时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    # Combined (综合) items are written by a hub from several submissions.
    is_combined = models.BooleanField(_("综合信息"), default=False)
    # The 约稿 this item answers (a higher layer's model: referred to by name, never imported).
    commission = models.ForeignKey(
        "commissions.Commission",
        verbose_name=_("约稿"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("信息")
        verbose_name_plural = _("信息")
        indexes = [
            models.Index(fields=["unit", "state", "-created_at"], name="items_unit_state_idx"),
            models.Index(fields=["author", "-created_at"], name="items_author_idx"),
            # Ranges of submission time, and covering for counting them per unit (scoring counts a year's
            # 10^6 submissions per unit, writer, category and type from the index alone: 2.4 s -> 0.4 s).
            models.Index(
                fields=["submitted_at", "unit", "state", "author", "category", "item_type"],
                name="items_submitted_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_label(self) -> str:
        """How the audit log names the item: a sensitive one (秘密/机密/restricted) by its number only."""
        from .policy import public_title

        return public_title(self)


class Submission(models.Model):
    """The item in one hub's screening queue."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="submissions")
    hub = models.ForeignKey(Unit, verbose_name=_("接收单位"), on_delete=models.PROTECT, related_name="received")
    channel = models.ForeignKey(Channel, verbose_name=_("渠道"), on_delete=models.PROTECT)
    from_unit = models.ForeignKey(Unit, verbose_name=_("报送方"), on_delete=models.PROTECT, related_name="sent")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("由下级转报"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forwards",
    )
    state = models.CharField(_("状态"), max_length=12, choices=SubmissionState.choices, default=SubmissionState.PENDING)
    # Denormalised from the item for the hub queue's filters (kept in step by items.actions).
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    tone = models.CharField(_("基调"), max_length=10, choices=Tone.choices)
    title = models.CharField(_("标题"), max_length=200)  # the hub's current title
    origin_unit = models.ForeignKey(Unit, verbose_name=_("原报单位"), on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(_("收到时间"), db_index=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("理由"), max_length=500, blank=True)
    forwarded_at = models.DateTimeField(_("转报时间"), null=True, blank=True)
    # 提请转报: where the hub's chief approves what goes up in the office's name (ForwardRule), the
    # editor's request waits here until the chief approves or declines it.
    forward_requested_at = models.DateTimeField(_("提请转报时间"), null=True, blank=True)
    forward_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Optimistic concurrency: a decision must name the revision it was made on.
    revision = models.PositiveIntegerField(default=0)
    # Denormalised for the queue (kept in step by items.actions): 机密 or restricted 知悉范围, so editors'
    # queues need no join; the current title and body, so keyword search scans one column of one hub.
    restricted = models.BooleanField(default=False)
    text = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("报送")
        verbose_name_plural = _("报送")
        indexes = [
            models.Index(fields=["hub", "restricted", "state", "-received_at"], name="items_queue_open_idx"),
            models.Index(fields=["hub", "restricted", "-received_at"], name="items_recv_open_idx"),
            models.Index(fields=["hub", "restricted", "category", "tone"], name="items_queue_kind_idx"),
            models.Index(fields=["hub", "state", "-received_at"], name="items_queue_idx"),
            models.Index(fields=["hub", "-received_at"], name="items_hub_recv_idx"),
            models.Index(fields=["origin_unit", "-received_at"], name="items_origin_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} → {self.hub}"

    @property
    def audit_label(self) -> str:
        from .policy import public_title

        return f"{public_title(self.item, self.title)} → {self.hub}"


class ItemVersion(models.Model):
    """One version of an item's text. Unit versions: ``submission`` is null; hub edits: set."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions")
    submission = models.ForeignKey(Submission, null=True, blank=True, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    submitted = models.BooleanField(_("已报送版本"), default=False)
    # Who signed this very text off (签发) and when: a signature vouches for the version it was given to,
    # never for a later revision (no back-dated sign-off). Empty for a member writing in person.
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)

    class Meta:
        ordering = ["item_id", "number"]
        verbose_name = _("版本")
        verbose_name_plural = _("版本")
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="items_version_unique")]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"


class MergeSource(models.Model):
    """A source of a combined (综合) item; every source unit keeps credit."""

    combined = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="merge_sources")
    source = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="merged_into")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["combined", "source"], name="items_merge_unique")]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.combined_id}"


class AdoptionLevel(models.TextChoices):
    TOWNSHIP = "township", _("乡镇")
    COUNTY = "county", _("县级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")
    CENTRAL = "central", _("中央")


class AdoptionKind(models.TextChoices):
    SINGLE = "single", _("单篇")
    COMBINED = "combined", _("综合")


class Adoption(models.Model):
    """An adoption of an item. Inside the system: by a hub decision or in a publication issue
    (``issue_id`` set by the publications app); outside: by a named body with evidence."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="adoptions")
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.PROTECT, related_name="adoptions"
    )
    adopter = models.ForeignKey(
        Unit, verbose_name=_("采用单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    adopter_name = models.CharField(_("采用机关"), max_length=100, help_text=_("如：省委办公厅、中办、国办、全国政协"))
    publication = models.CharField(_("刊物"), max_length=100, blank=True, help_text=_("如：《每日要情》"))
    issue_label = models.CharField(_("期号"), max_length=60, blank=True)
    issue = models.ForeignKey(
        "publications.Issue",
        verbose_name=_("刊物期次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    periodical = models.ForeignKey(
        "publications.Periodical",
        verbose_name=_("刊物"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.CharField(_("采用级别"), max_length=10, choices=AdoptionLevel.choices)
    kind = models.CharField(_("采用方式"), max_length=10, choices=AdoptionKind.choices, default=AdoptionKind.SINGLE)
    forwarded = models.BooleanField(_("经本办转报"), default=False)
    as_research = models.BooleanField(_("作为调研参考/理论文章"), default=False)
    adopted_on = models.DateField(_("采用日期"), db_index=True)
    evidence = models.FileField(_("佐证材料"), upload_to="adoption-evidence/%Y/", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    external = models.BooleanField(_("系统外采用"), default=False)
    # 直报: the unit reported straight to the adopting office, not through its hub (recorded by the unit's
    # signer with evidence, or by a hub the item reached); rules may match it as its own path.
    direct = models.BooleanField(_("单位直报"), default=False)
    # The score the adopting office gave the item (分值/得分), when it gives one: rule sets may use it
    # ("省委办采用按其得分计，经本办转报×2").
    adopter_score = models.DecimalField(_("采用单位给分"), max_digits=8, decimal_places=2, null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        ordering = ["-adopted_on", "-id"]
        verbose_name = _("采用记录")
        verbose_name_plural = _("采用记录")
        constraints = [
            # Publishing twice must not adopt twice (publications: one adoption per item per issue).
            models.UniqueConstraint(
                fields=["item", "issue"],
                name="items_adoption_once_per_issue",
                condition=models.Q(issue__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.adopter_name} {self.publication} {self.item}"


class AdoptionCredit(models.Model):
    """Who is credited for an adoption: the unit (and writer) of a single item, every source unit of a
    combined item, and co-submitting units (合报). ``share`` is the unit's fraction of the credit."""

    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="credits")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="adoption_credits")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="adoption_credits"
    )
    source_item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    joint = models.BooleanField(_("合报"), default=False)

    class Meta:
        indexes = [models.Index(fields=["unit", "adoption"], name="items_credit_unit_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} ← {self.adoption_id}"


class SignoffReturn(models.Model):
    """Every return by the unit's signer is kept (so 领导设阻不让报 shows in statistics)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="signoff_returns")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("退回理由"), max_length=500)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return self.reason


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.item_id}/{filename}"


class Attachment(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_path)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Sent with the item (报送 or a resubmission): hubs see these (even if the unit removes one later);
    # a file added while revising stays the unit's until the revision is sent.
    submitted = models.BooleanField(_("已随信息报送"), default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Presence(models.Model):
    """Who has a submission open at the hub (last seen); editors see each other within a few minutes."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "user"], name="items_presence_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.submission_id}"


class ForwardRule(models.Model):
    """How a hub sends items upward (转报): by the editor alone, or only with the chief's (科长/主任)
    approval, as the office decides — what goes up carries the office's name, like an issue (核签)."""

    hub = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="forward_rule")
    chief_approves = models.BooleanField(_("转报须经科长审批"), default=False)
    # 转报即采用: forwarding an item not yet adopted here records this hub's 采用 first (it scores as one);
    # off, the item goes up without an adoption here (state 已转报) unless the hub later prints it.
    forward_adopts = models.BooleanField(_("转报即采用"), default=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("转报审批设置")
        verbose_name_plural = _("转报审批设置")

    def __str__(self) -> str:
        return f"{self.hub_id}: {'chief' if self.chief_approves else 'editor'}"


class OutcomeKind(models.TextChoices):
    REFERRED = "referred", _("原稿转送/交办")
    ERROR = "error", _("差错通报")


class Outcome(models.Model):
    """What became of an item besides adoption, recorded by the hub that received it: its original sent
    to departments for handling (原稿转送/交办), or an error a higher office reported in it (差错通报).
    Both are scoring facts (``item.referred``, ``error.reported``). Never deleted: a mistaken record is
    withdrawn with a reason (and stops counting)."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="outcomes")
    kind = models.CharField(_("类型"), max_length=10, choices=OutcomeKind.choices)
    on = models.DateField(_("日期"))
    counterpart = models.CharField(_("交办部门或通报机关"), max_length=200)
    detail = models.CharField(_("说明"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdraw_reason = models.CharField(_("撤销理由"), max_length=200, blank=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("转送交办与差错")
        verbose_name_plural = _("转送交办与差错")
        indexes = [models.Index(fields=["on"], name="items_outcome_on_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on} {self.counterpart}"

    @property
    def audit_label(self) -> str:
        return f"{self.get_kind_display()}：{self.submission.audit_label}"
