"""Leaders' instructions (批示) on an item or a publication issue, and their follow-up loop.

The 信息决策循环: a 批示 is recorded (by the leader, or by the hub with the scanned original), the hub
assigns it (交办) to units with a deadline and what is expected; each unit accepts (受理) and reports
(落实反馈) in rounds until the hub accepts one; extensions are asked before the due date; the hub closes
the instruction (办结) and the writer of the original item hears the outcome.
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


class FollowUpTrack(models.TextChoices):
    """What is followed up: a leader's 批示, or an adopted 社情民意 sent by the CPPCC office to departments
    for handling (办理). Both run through the same 交办/反馈/催办 machinery."""

    INSTRUCTION = "instruction", _("领导批示")
    OPINION = "opinion", _("社情民意办理")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class InstructionState(models.TextChoices):
    RECORDED = "recorded", _("待交办")
    ASSIGNED = "assigned", _("办理中")
    CLOSED = "closed", _("已办结")


class AssignmentState(models.TextChoices):
    ASSIGNED = "assigned", _("待受理")
    ACCEPTED = "accepted", _("办理中")
    REPORTED = "reported", _("已反馈待审")
    DONE = "done", _("已落实")
    WITHDRAWN = "withdrawn", _("已撤回")


OPEN_ASSIGNMENT_STATES = (AssignmentState.ASSIGNED, AssignmentState.ACCEPTED, AssignmentState.REPORTED)


def scan_path(instance: Instruction, filename: str) -> str:
    return f"instructions/scans/{instance.instructed_on:%Y}/{filename}"


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
    leader_level = models.CharField(_("领导级别"), max_length=10, choices=LeaderLevel.choices, blank=True)
    # Finer leader kinds used by some rule sets (e.g. "市委办/市政府办领导" between city and county).
    leader_post = models.CharField(_("领导职务"), max_length=60, blank=True)
    kind = models.CharField(
        _("批示类型"), max_length=10, choices=InstructionKind.choices, default=InstructionKind.GUIDANCE
    )
    text = models.TextField(_("批示内容"))
    instructed_on = models.DateField(_("批示日期"), db_index=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # A 批示 recorded by an editor on a leader's behalf scores only once the chief (科长/主任) confirms it;
    # one recorded by the leader, the chief or the director is confirmed as it is recorded.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    track = models.CharField(
        _("督办类别"), max_length=12, choices=FollowUpTrack.choices, default=FollowUpTrack.INSTRUCTION, db_index=True
    )
    # The follow-up: the hub (信息科) that assigns, chases and closes it.
    hub = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("督办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followed_instructions",
    )
    state = models.CharField(
        _("办理状态"), max_length=10, choices=InstructionState.choices, default=InstructionState.RECORDED
    )
    # The scanned original of a paper 批示 (served only through instructions:scan, after a check).
    scan = models.FileField(_("批示原件扫描件"), upload_to=scan_path, blank=True)
    scan_name = models.CharField(_("原件文件名"), max_length=200, blank=True)
    outcome = models.TextField(_("办结情况"), blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-instructed_on", "-id"]
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        indexes = [models.Index(fields=["hub", "state", "-instructed_on"], name="instr_hub_state_idx")]

    def __str__(self) -> str:
        return f"{self.leader_name}：{self.text[:30]}"


class Assignment(models.Model):
    """交办: one unit's part of carrying out an instruction, with its deadline."""

    instruction = models.ForeignKey(Instruction, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="instruction_assignments"
    )
    expectation = models.TextField(_("办理要求"), blank=True)
    due_on = models.DateField(_("办理期限"))
    first_due_on = models.DateField(_("原定期限"))
    state = models.CharField(
        _("状态"), max_length=10, choices=AssignmentState.choices, default=AssignmentState.ASSIGNED
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("交办时间"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(_("落实时间"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        constraints = [
            models.UniqueConstraint(fields=["instruction", "unit"], name="instr_assignment_unique_unit"),
        ]
        indexes = [
            models.Index(fields=["state", "due_on"], name="instr_assign_state_due_idx"),
            models.Index(fields=["unit", "state", "due_on"], name="instr_assign_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}（{self.due_on:%Y-%m-%d}）"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_ASSIGNMENT_STATES


class ReviewDecision(models.TextChoices):
    ACCEPTED = "accepted", _("认可")
    MORE = "more", _("要求续报")


class Feedback(models.Model):
    """落实反馈: one round of a unit's report on its assignment, and the hub's review of it."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="feedback")
    number = models.PositiveSmallIntegerField(_("轮次"))
    text = models.TextField(_("落实情况"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("反馈时间"), auto_now_add=True)
    decision = models.CharField(_("审核意见"), max_length=10, choices=ReviewDecision.choices, blank=True)
    review_note = models.CharField(_("审核说明"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    # 社情民意办理: the member who wrote the opinion rates each reply (an unsatisfactory one goes back once).
    rating = models.CharField(_("委员评价"), max_length=12, choices=Rating.choices, blank=True)

    class Meta:
        ordering = ["assignment", "number"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "number"], name="instr_feedback_unique_round"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment}#{self.number}"


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    REFUSED = "refused", _("不同意")


class Extension(models.Model):
    """延期申请: asked by the unit before its due date, decided by the hub's chief or director."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="extensions")
    requested_due_on = models.DateField(_("申请延至"))
    reason = models.CharField(_("延期理由"), max_length=500)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    state = models.CharField(_("状态"), max_length=10, choices=ExtensionState.choices, default=ExtensionState.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.assignment} → {self.requested_due_on:%Y-%m-%d}"


class FollowupPlan(models.Model):
    """A hub's reminder plan for its 批示 assignments (督办): the days before the deadline the unit is
    reminded, the days after it is chased, and when the chief and the director hear of it. A hub without
    one follows the default plan (``followup.DEFAULT_PLAN``)."""

    hub = models.OneToOneField("orgs.Unit", on_delete=models.CASCADE, related_name="followup_plan")
    remind_before = models.CharField(_("到期前提醒（天）"), max_length=40, default="3,0")
    chase_after = models.CharField(_("逾期催办（天）"), max_length=40, default="1,3")
    chief_after = models.PositiveSmallIntegerField(_("逾期几天告知科长"), null=True, blank=True, default=3)
    director_after = models.PositiveSmallIntegerField(_("逾期几天告知主任"), null=True, blank=True, default=7)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("督办提醒方案")
        verbose_name_plural = _("督办提醒方案")

    def __str__(self) -> str:
        return f"{self.hub_id}: -{self.remind_before} +{self.chase_after}"

    @property
    def audit_label(self) -> str:
        return "督办提醒方案"
