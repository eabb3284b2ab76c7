"""Telling people: the inbox, outbound deliveries (e-mail, webhooks) and scheduled reminders.

- ``Notification``: one inbox message to one person (always written).
- ``Delivery``: one outbound copy of a message on one channel (e-mail to an address, a JSON POST to a
  webhook), sent after the transaction commits and retried by the worker with back-off; each attempt's
  outcome is kept, so a failing channel is visible and never blocks the others.
- ``WebhookEndpoint``: an intranet address (an internal IM robot …) that receives the messages for the
  people of one unit.
- ``Reminder``: a message due at a moment (a deadline's reminder, an escalation step, a 催办). Its
  ``key`` is unique, so scheduling twice schedules once; the worker sends it once (the row lock and
  ``sent_at`` are committed together with the inbox rows), and the owning app cancels it when the
  condition is met (the report arrived, the instruction was closed …).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("类别"), max_length=40)
    text = models.CharField(_("内容"), max_length=500)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    emailed = models.BooleanField(_("已发邮件"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"], name="notify_inbox_idx")]

    def __str__(self) -> str:
        return self.text


class Channel(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    WEBHOOK = "webhook", _("Webhook（内网推送）")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    RETRYING = "retrying", _("重试中")
    FAILED = "failed", _("发送失败")


class WebhookEndpoint(models.Model):
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    name = models.CharField(_("名称"), max_length=60)
    url = models.URLField(_("地址"), max_length=300, help_text=_("内网地址，如内部即时通讯机器人的接收地址"))
    secret = models.CharField(
        _("签名密钥"), max_length=100, blank=True, help_text=_("填写后每次推送附带 HMAC-SHA256 签名")
    )
    kinds = models.CharField(
        _("消息类别"),
        max_length=300,
        blank=True,
        help_text=_("只推送这些类别（前缀，逗号分隔，如 urgent.），留空推送全部"),
    )
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(_("删除时间"), null=True, blank=True)

    class Meta:
        ordering = ["unit_id", "id"]
        verbose_name = _("推送地址")
        verbose_name_plural = _("推送地址")

    def __str__(self) -> str:
        return self.name

    def wants(self, kind: str) -> bool:
        prefixes = [p.strip() for p in self.kinds.split(",") if p.strip()]
        return not prefixes or any(kind.startswith(p) for p in prefixes)


class Delivery(models.Model):
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    endpoint = models.ForeignKey(WebhookEndpoint, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    address = models.CharField(_("地址"), max_length=300)
    kind = models.CharField(_("类别"), max_length=40)
    subject = models.CharField(_("标题"), max_length=200, blank=True)
    text = models.TextField(_("内容"))
    url = models.CharField(_("链接"), max_length=300, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("外发记录")
        verbose_name_plural = _("外发记录")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="notify_delivery_due_idx",
                condition=Q(state__in=["pending", "retrying"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.address}"


class Reminder(models.Model):
    key = models.CharField(_("键"), max_length=120, unique=True)
    due_at = models.DateTimeField(_("到期时间"))
    kind = models.CharField(_("类别"), max_length=40)
    text = models.CharField(_("内容"), max_length=500)
    email_text = models.CharField(_("邮件内容"), max_length=500, blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    # Who receives it, resolved when it is sent (the person on duty then, not when it was scheduled).
    audience = models.CharField(_("接收对象"), max_length=40)
    params = models.JSONField(_("参数"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    sent_to = models.JSONField(_("实际接收人"), default=list, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        indexes = [
            models.Index(
                fields=["due_at"],
                name="notify_reminder_due_idx",
                condition=Q(sent_at__isnull=True, cancelled_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.key
