"""Publications (信息刊物): periodicals of a hub, their issues, the items in an issue, distribution.

- ``Periodical``: a named publication of one hub in one channel (《江州信息》《每日要情》…) with its
  default classification and distribution (报/送/发 units).
- ``Issue``: one issue. Its number (第N期, yearly, 增刊 counted apart from 正刊) and running total
  (总第M期) are given when the director signs; the issue date is the sign-off date. A signed issue is
  frozen: its entries keep the title and text as signed, and a correction is a new 更正 issue.
- ``IssueEntry``: an item (a hub ``Submission``) in an issue, in order, with an optional 编者按.
- ``IssueDelivery``: the issue in the reading list of a distribution unit; ``IssueRead``: a leader's 阅.
- ``IssueStep``: every sign-off step (submit, approve, return with comments, sign, publish).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xinbao.items.models import Classification, Submission
from xinbao.orgs.models import Channel, Unit


class PeriodicalKind(models.TextChoices):
    REGULAR = "regular", _("正刊")
    SUPPLEMENT = "supplement", _("增刊")
    SPECIAL = "special", _("专报")


class Series(models.TextChoices):
    """Numbering series inside a periodical: 增刊 are numbered apart from 正刊."""

    REGULAR = "regular", _("正刊")
    SUPPLEMENT = "supplement", _("增刊")


class IssueState(models.TextChoices):
    DRAFT = "draft", _("编辑中")
    RETURNED = "returned", _("退回修改")
    REVIEW = "review", _("待审核")
    SIGNING = "signing", _("待签发")
    SIGNED = "signed", _("已签发")
    PUBLISHED = "published", _("已印发")
    DELETED = "deleted", _("已删除")


EDITABLE_STATES = (IssueState.DRAFT, IssueState.RETURNED)
FROZEN_STATES = (IssueState.SIGNED, IssueState.PUBLISHED)


class Periodical(models.Model):
    hub = models.ForeignKey(Unit, verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="periodicals")
    channel = models.ForeignKey(Channel, verbose_name=_("渠道"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("刊名"), max_length=40, help_text=_("不含书名号，如：江州信息"))
    kind = models.CharField(_("类型"), max_length=12, choices=PeriodicalKind.choices, default=PeriodicalKind.REGULAR)
    issuer_name = models.CharField(_("编印单位"), max_length=100, blank=True, help_text=_("留空则用主办单位名称"))
    classification = models.CharField(
        _("默认密级"), max_length=12, choices=Classification.choices, default=Classification.INTERNAL
    )
    running_total = models.BooleanField(_("标注总期数"), default=False)
    total_base = models.PositiveIntegerField(_("已出总期数"), default=0, help_text=_("本系统启用前已出的总期数"))
    copies = models.PositiveIntegerField(_("默认印数"), default=50)
    report_to = models.ManyToManyField(Unit, verbose_name=_("报"), blank=True, related_name="+")
    send_to = models.ManyToManyField(Unit, verbose_name=_("送"), blank=True, related_name="+")
    issue_to = models.ManyToManyField(Unit, verbose_name=_("发"), blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(_("停刊时间"), null=True, blank=True)

    class Meta:
        ordering = ["hub_id", "id"]
        verbose_name = _("刊物")
        verbose_name_plural = _("刊物")
        constraints = [models.UniqueConstraint(fields=["hub", "name"], name="pub_periodical_name_unique")]

    def __str__(self) -> str:
        return f"《{self.name}》"

    @property
    def issuer(self) -> str:
        return self.issuer_name or self.hub.name


class Issue(models.Model):
    periodical = models.ForeignKey(Periodical, verbose_name=_("刊物"), on_delete=models.PROTECT, related_name="issues")
    series = models.CharField(_("序列"), max_length=12, choices=Series.choices, default=Series.REGULAR)
    state = models.CharField(_("状态"), max_length=12, choices=IssueState.choices, default=IssueState.DRAFT)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    number = models.PositiveIntegerField(_("期号"), null=True, blank=True)
    total_number = models.PositiveIntegerField(_("总期号"), null=True, blank=True)
    issue_date = models.DateField(_("印发日期"), null=True, blank=True, db_index=True)
    classification = models.CharField(_("密级"), max_length=12, choices=Classification.choices)
    editor_note = models.TextField(_("编者按"), blank=True)
    copies = models.PositiveIntegerField(_("印数"), default=50)
    report_to = models.ManyToManyField(Unit, verbose_name=_("报"), blank=True, related_name="+")
    send_to = models.ManyToManyField(Unit, verbose_name=_("送"), blank=True, related_name="+")
    issue_to = models.ManyToManyField(Unit, verbose_name=_("发"), blank=True, related_name="+")
    extra_to = models.ManyToManyField(Unit, verbose_name=_("本期增发"), blank=True, related_name="+")
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("更正的期次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("印发时间"), null=True, blank=True)
    docx_file = models.FileField(_("Word 文件"), upload_to="issues/%Y/", blank=True)
    pdf_file = models.FileField(_("PDF 文件"), upload_to="issues/%Y/", blank=True)
    # Titles of the entries, kept for the archive search (filled when signed).
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-issue_date", "-id"]
        verbose_name = _("期刊")
        verbose_name_plural = _("期刊")
        indexes = [models.Index(fields=["periodical", "state", "-issue_date"], name="pub_issue_archive_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["periodical", "series", "year", "number"],
                name="pub_issue_number_unique",
                condition=models.Q(number__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.periodical}{self.label}"

    @property
    def label(self) -> str:
        """第N期 / 增刊第N期 / 2026年第N期 style label; before signing, the draft's id."""
        if self.number is None:
            return str(_("（草稿%(id)s，签发时编号）") % {"id": self.pk})
        prefix = str(_("增刊")) if self.series == Series.SUPPLEMENT else ""
        return str(_("%(y)s年%(p)s第%(n)s期") % {"y": self.year, "p": prefix, "n": self.number})

    @property
    def is_frozen(self) -> bool:
        return self.state in FROZEN_STATES

    @property
    def numbers_copies(self) -> bool:
        """秘密/机密 issues are handed out as numbered copies (份号, GB/T 9704), each one registered."""
        return self.classification in (Classification.SECRET, Classification.CONFIDENTIAL)


class IssueEntry(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="entries")
    submission = models.ForeignKey(Submission, verbose_name=_("信息"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(_("顺序"))
    editor_note = models.TextField(_("编者按"), blank=True)
    # The text as signed (filled at sign-off; the issue is frozen from then on).
    title = models.CharField(_("标题"), max_length=200, blank=True)
    body = models.TextField(_("正文"), blank=True)

    class Meta:
        ordering = ["issue_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["issue", "submission"], name="pub_entry_once")]

    def __str__(self) -> str:
        return f"{self.issue_id}#{self.position}"


class IssueStep(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("操作"), max_length=20)
    state = models.CharField(_("结果状态"), max_length=12, choices=IssueState.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.issue_id} {self.action}"

    @property
    def action_label(self) -> str:
        return str(STEP_LABELS.get(self.action, self.action))


STEP_LABELS = {
    "create": _("新建"),
    "submit": _("送审"),
    "approve": _("审核通过"),
    "return": _("退回修改"),
    "sign": _("签发"),
    "publish": _("印发"),
    "raise_classification": _("提高密级"),
    "delete": _("删除"),
}


class IssueDelivery(models.Model):
    """The issue in a distribution unit's reading list (created when the issue is published)."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="issue_deliveries")
    line = models.CharField(_("发送类别"), max_length=12)  # report / send / issue / extra
    delivered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issue", "unit"], name="pub_delivery_once")]
        indexes = [models.Index(fields=["unit", "-delivered_at"], name="pub_delivery_unit_idx")]

    def __str__(self) -> str:
        return f"{self.issue_id} → {self.unit_id}"


class IssueCopy(models.Model):
    """One numbered copy (份号) of a classified issue: who took which number, when (the 份号登记)."""

    issue = models.ForeignKey(Issue, on_delete=models.PROTECT, related_name="copies_taken")
    number = models.PositiveIntegerField(_("份号"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("领取人"), on_delete=models.PROTECT, related_name="+"
    )
    taken_at = models.DateTimeField(_("领取时间"), auto_now_add=True)

    class Meta:
        ordering = ["issue_id", "number"]
        verbose_name = _("刊物份号")
        verbose_name_plural = _("刊物份号")
        constraints = [models.UniqueConstraint(fields=["issue", "number"], name="pub_copy_number_once")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.number:06d}"


class IssueRead(models.Model):
    """A leader marked the issue read (阅)."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issue", "user"], name="pub_read_once")]

    def __str__(self) -> str:
        return f"{self.user_id} 阅 {self.issue_id}"
