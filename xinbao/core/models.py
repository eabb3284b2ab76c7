"""Models of the core app: only the scheduler's bookkeeping (see ``xinbao.core.schedule``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledJob(models.Model):
    """One row per periodic job registered in ``xinbao.core.schedule``.

    The row is what several workers lock (``SELECT … FOR UPDATE SKIP LOCKED``) to agree on who runs
    a due job; it also keeps the outcome of the last run for operators.
    """

    class Status(models.TextChoices):
        NEVER = "never", _("尚未运行")
        RUNNING = "running", _("运行中")
        OK = "ok", _("成功")
        FAILED = "failed", _("失败")

    KEY_MAX = 100
    key = models.CharField(_("任务标识"), max_length=KEY_MAX, unique=True)
    next_run_at = models.DateTimeField(_("下次运行时间"), db_index=True)
    last_started_at = models.DateTimeField(_("上次开始时间"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("上次结束时间"), null=True, blank=True)
    last_status = models.CharField(_("上次结果"), max_length=10, choices=Status.choices, default=Status.NEVER)
    last_error = models.TextField(_("上次错误"), blank=True)
    last_duration_ms = models.PositiveIntegerField(_("上次耗时（毫秒）"), null=True, blank=True)
    last_worker = models.CharField(_("上次运行的进程"), max_length=64, blank=True)
    run_count = models.PositiveIntegerField(_("运行次数"), default=0)
    failure_count = models.PositiveIntegerField(_("失败次数"), default=0)

    class Meta:
        verbose_name = _("定时任务")
        verbose_name_plural = _("定时任务")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key
