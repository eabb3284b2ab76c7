"""The lifecycles of an instruction and of each assignment (交办), as transition tables."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from xinbao.core.states import TransitionTable, next_state

from .models import AssignmentState, InstructionState


class InstructionAction(models.TextChoices):
    ASSIGN = "assign", _("交办")
    CLOSE = "close", _("办结")


class AssignmentAction(models.TextChoices):
    ACCEPT = "accept", _("受理")
    REPORT = "report", _("反馈落实情况")
    APPROVE = "approve", _("认可落实情况")
    ASK_MORE = "ask_more", _("要求续报")
    EXTEND = "extend", _("申请延期")
    WITHDRAW = "withdraw", _("撤回交办")


IS, A = InstructionState, AssignmentState
INSTRUCTION_TABLE: TransitionTable = {
    IS.RECORDED: {InstructionAction.ASSIGN: IS.ASSIGNED, InstructionAction.CLOSE: IS.CLOSED},
    IS.ASSIGNED: {InstructionAction.ASSIGN: IS.ASSIGNED, InstructionAction.CLOSE: IS.CLOSED},
    IS.CLOSED: {},
}
ASSIGNMENT_TABLE: TransitionTable = {
    A.ASSIGNED: {
        AssignmentAction.ACCEPT: A.ACCEPTED,
        AssignmentAction.EXTEND: A.ASSIGNED,
        AssignmentAction.WITHDRAW: A.WITHDRAWN,
    },
    A.ACCEPTED: {
        AssignmentAction.REPORT: A.REPORTED,
        AssignmentAction.EXTEND: A.ACCEPTED,
        AssignmentAction.WITHDRAW: A.WITHDRAWN,
    },
    A.REPORTED: {
        AssignmentAction.APPROVE: A.DONE,
        AssignmentAction.ASK_MORE: A.ACCEPTED,
        AssignmentAction.EXTEND: A.REPORTED,
        AssignmentAction.WITHDRAW: A.WITHDRAWN,
    },
    A.DONE: {},
    A.WITHDRAWN: {},
}


def instruction_next(state: str, action: InstructionAction) -> str:
    return next_state(INSTRUCTION_TABLE, state, action, labels=dict(InstructionState.choices))


def assignment_next(state: str, action: AssignmentAction) -> str:
    return next_state(ASSIGNMENT_TABLE, state, action, labels=dict(AssignmentState.choices))
