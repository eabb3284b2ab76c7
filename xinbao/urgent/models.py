"""Urgent information (紧急信息): events, the route each one takes (legs), staged reports, deadlines,
findings, per-hub policies and the duty roster.

An event is reported by a unit to its hub along a *leg*; a hub that forwards it upward opens another
leg (the hub itself reporting to its upper hub, its clock starting when it received the report). Each
leg has its own deadlines, computed from the receiving hub's policy when the leg opened, so every level
answers for its own lateness.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xinbao.orgs.roles import LeaderLevel


class EventType(models.TextChoices):
    NATURAL = "natural", _("自然灾害")
    ACCIDENT = "accident", _("事故灾难")
    HEALTH = "health", _("公共卫生事件")
    SECURITY = "security", _("社会安全事件")
    OTHER = "other", _("其他")


class Severity(models.TextChoices):
    I = "I", _("I级 特别重大")  # noqa: E741 - the official grade name
    II = "II", _("II级 重大")
    III = "III", _("III级 较大")
    IV = "IV", _("IV级 一般")


class EventState(models.TextChoices):
    OPEN = "open", _("处置中")
    HANDLED = "handled", _("处置结束待终报")
    CLOSED = "closed", _("已终报")
    CANCELLED = "cancelled", _("已撤销")


class Event(models.Model):
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("事发报告单位"), on_delete=models.PROTECT, related_name="urgent_events"
    )
    title = models.CharField(_("事件名称"), max_length=120)
    event_type = models.CharField(_("事件类型"), max_length=12, choices=EventType.choices)
    severity = models.CharField(_("事件等级"), max_length=3, choices=Severity.choices)
    sensitive = models.BooleanField(
        _("敏感事件"), default=False, help_text=_("敏感时间、地点或涉及敏感群体的事件，不论等级都须报告")
    )
    place = models.CharField(_("事发地点"), max_length=200)
    occurred_at = models.DateTimeField(_("事发时间"))
    known_at = models.DateTimeField(_("获知时间"))
    source = models.CharField(_("信息来源"), max_length=200, blank=True)
    summary = models.TextField(_("已知情况"), blank=True)
    intake = models.CharField(_("报告方式"), max_length=60, blank=True)
    vertical_line = models.CharField(_("同时报送的上级主管部门"), max_length=120, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=EventState.choices, default=EventState.OPEN)
    handled_at = models.DateTimeField(_("处置结束时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    cancelled_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)
    # 紧急信息 items (the normal items flow: sign-off, screening, publishing) written from this event
    items = models.ManyToManyField("items.Item", blank=True, related_name="+", verbose_name=_("信息稿"))

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("紧急事件")
        verbose_name_plural = _("紧急事件")
        indexes = [models.Index(fields=["state", "severity"])]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_label(self) -> str:
        return f"紧急事件{self.pk}"

    @property
    def public_title(self) -> str:
        """What leaves the system (e-mail, webhooks, notices): a sensitive event is never named."""
        return f"〔敏感事件〕（编号{self.pk}）" if self.sensitive else self.title

    @property
    def is_live(self) -> bool:
        return self.state in (EventState.OPEN, EventState.HANDLED)


class Leg(models.Model):
    """One hop of the route: ``unit`` reports the event to ``hub`` under the hub's policy."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="legs")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("报告单位"), on_delete=models.PROTECT, related_name="+")
    hub = models.ForeignKey("orgs.Unit", verbose_name=_("接报单位"), on_delete=models.PROTECT, related_name="+")
    channel = models.ForeignKey("orgs.Channel", verbose_name=_("渠道"), on_delete=models.PROTECT, related_name="+")
    lower = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="upper_legs")
    policy = models.ForeignKey("Policy", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rules = models.JSONField(_("适用时限"), default=dict)  # the policy's rules for this grade, frozen at opening
    clock_from = models.DateTimeField(_("起算时间"))
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["event", "hub"], name="urgent_leg_once_per_hub")]
        indexes = [models.Index(fields=["hub", "closed_at"])]

    def __str__(self) -> str:
        return f"紧急事件{self.event_id}：单位{self.unit_id}→{self.hub_id}"


class Stage(models.TextChoices):
    INITIAL = "initial", _("初报")
    FOLLOWUP = "followup", _("续报")
    FINAL = "final", _("终报")


class Mode(models.TextChoices):
    PHONE = "phone", _("电话报告")
    WRITTEN = "written", _("书面报告")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("待签发")
    SENT = "sent", _("已报送")
    WITHDRAWN = "withdrawn", _("已撤回")


class Report(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("报告单位"), on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("阶段"), max_length=10, choices=Stage.choices)
    number = models.PositiveSmallIntegerField(_("续报序号"), default=0)
    mode = models.CharField(_("方式"), max_length=10, choices=Mode.choices)
    elements = models.JSONField(_("要素"), default=dict)
    text = models.TextField(_("报告内容"), blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    caller = models.CharField(_("来电人"), max_length=60, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("报告时间"), null=True, blank=True)  # the call, or the sign-off
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["reported_at", "id"]

    def __str__(self) -> str:
        return self.audit_label

    @property
    def audit_label(self) -> str:
        return f"紧急事件{self.event_id}的{self.stage_label}"

    @property
    def stage_label(self) -> str:
        from .elements import stage_label

        return stage_label(self.stage, self.number)

    @property
    def gaps(self) -> list[str]:
        """The stage's required elements still missing (shown; they never block an early report)."""
        from .elements import missing

        return missing(self.stage, self.elements)

    @property
    def element_rows(self) -> list[tuple[object, str]]:
        """(label, value) of each element of the stage, in the checklist's order."""
        from .elements import stage_fields

        return [(label, self.elements.get(key, "")) for key, label in stage_fields(self.stage).items()]


class DeadlineKind(models.TextChoices):
    PHONE = "phone", _("电话报告")
    WRITTEN = "written", _("书面初报")
    FOLLOWUP = "followup", _("续报")
    FINAL = "final", _("终报")


class DeadlineState(models.TextChoices):
    OPEN = "open", _("待报")
    MET = "met", _("已报")
    WAIVED = "waived", _("已免报")


class Deadline(models.Model):
    leg = models.ForeignKey(Leg, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("时限"), max_length=10, choices=DeadlineKind.choices)
    number = models.PositiveSmallIntegerField(default=0)
    due_at = models.DateTimeField(_("截止时间"))
    state = models.CharField(max_length=8, choices=DeadlineState.choices, default=DeadlineState.OPEN)
    met_at = models.DateTimeField(null=True, blank=True)
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["leg", "kind", "number"], name="urgent_deadline_once"),
        ]
        indexes = [models.Index(fields=["state", "due_at"])]

    def __str__(self) -> str:
        return f"{self.label}（{self.due_at:%Y-%m-%d %H:%M}）"

    @property
    def label(self) -> str:
        if self.kind == DeadlineKind.FOLLOWUP:
            from .elements import stage_label

            return stage_label(Stage.FOLLOWUP, self.number)
        return str(self.get_kind_display())


class FindingKind(models.TextChoices):
    LATE = "late", _("迟报")
    MISSED = "missed", _("漏报")
    CONCEALED = "concealed", _("瞒报")
    WRONG = "wrong", _("误报")


class Finding(models.Model):
    """A lapse the ``unit`` answers for before ``hub``: 迟报 computed, the others recorded by the hub."""

    kind = models.CharField(_("类型"), max_length=10, choices=FindingKind.choices)
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+")
    hub = models.ForeignKey("orgs.Unit", verbose_name=_("认定单位"), on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey(
        Event, verbose_name=_("事件"), null=True, blank=True, on_delete=models.PROTECT, related_name="findings"
    )
    deadline = models.OneToOneField(Deadline, null=True, blank=True, on_delete=models.PROTECT, related_name="finding")
    minutes_late = models.PositiveIntegerField(_("迟报分钟数"), null=True, blank=True)
    found_on = models.DateField(_("认定日期"))
    evidence = models.TextField(_("依据"), blank=True)
    responsible = models.CharField(_("责任人"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    response = models.TextField(_("单位说明"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("撤销理由"), max_length=200, blank=True)
    # 通报: a higher office (e.g. the provincial office) circulated this lapse; rules may weigh it heavier.
    circulated_by = models.CharField(_("通报机关"), max_length=100, blank=True)
    circulated_level = models.CharField(_("通报机关级别"), max_length=10, choices=LeaderLevel.choices, blank=True)
    circulated_on = models.DateField(_("通报日期"), null=True, blank=True)

    class Meta:
        ordering = ["-found_on", "-id"]
        indexes = [models.Index(fields=["found_on", "unit"])]

    def __str__(self) -> str:
        return self.audit_label

    @property
    def audit_label(self) -> str:
        return f"紧急信息{self.get_kind_display()}认定{self.pk}"


class Policy(models.Model):
    """A hub's urgent-reporting rules as data (YAML, validated by policies.parse)."""

    hub = models.ForeignKey("orgs.Unit", verbose_name=_("信息汇总单位"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    text = models.TextField(_("规则"))
    spec = models.JSONField(default=dict)
    active = models.BooleanField(_("启用"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-active", "name", "id"]

    def __str__(self) -> str:
        return self.name


class Shift(models.Model):
    """值班: who is on duty at a hub from ``starts_at`` to ``ends_at``, with the handover note."""

    hub = models.ForeignKey("orgs.Unit", verbose_name=_("值班单位"), on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("值班人员"), on_delete=models.PROTECT)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    handover = models.TextField(_("交接班记录"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["hub", "starts_at"])]

    def __str__(self) -> str:
        return f"值班{self.pk}（人员{self.person_id}，{self.starts_at:%Y-%m-%d %H:%M}起）"
