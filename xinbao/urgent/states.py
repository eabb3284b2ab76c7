"""Lifecycles of an urgent event and of a written report (transition tables, core.states)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from xinbao.core.states import TransitionTable, next_state

from .models import EventState, ReportState


class EventAction(models.TextChoices):
    REPORT = "report", _("报告")
    HANDLE = "handle", _("处置结束")
    FINAL = "final", _("终报")
    FORWARD = "forward", _("向上转报")
    CANCEL = "cancel", _("撤销事件")


class ReportAction(models.TextChoices):
    SIGN = "sign", _("签发")
    DISCARD = "discard", _("删除草稿")


EVENT_TABLE: TransitionTable = {
    EventState.OPEN: {
        EventAction.REPORT: EventState.OPEN,
        EventAction.HANDLE: EventState.HANDLED,
        EventAction.FINAL: EventState.CLOSED,
        EventAction.FORWARD: EventState.OPEN,
        EventAction.CANCEL: EventState.CANCELLED,
    },
    EventState.HANDLED: {
        EventAction.REPORT: EventState.HANDLED,
        EventAction.FINAL: EventState.CLOSED,
        EventAction.FORWARD: EventState.HANDLED,
        EventAction.CANCEL: EventState.CANCELLED,
    },
    EventState.CLOSED: {EventAction.FORWARD: EventState.CLOSED},
    EventState.CANCELLED: {},
}
REPORT_TABLE: TransitionTable = {
    ReportState.DRAFT: {ReportAction.SIGN: ReportState.SENT, ReportAction.DISCARD: ReportState.WITHDRAWN},
    ReportState.SENT: {},
    ReportState.WITHDRAWN: {},
}


def event_next(state: str, action: EventAction) -> str:
    return next_state(EVENT_TABLE, state, action, labels=dict(EventState.choices))


def report_next(state: str, action: ReportAction) -> str:
    return next_state(REPORT_TABLE, state, action, labels=dict(ReportState.choices))
