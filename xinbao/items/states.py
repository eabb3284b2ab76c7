"""Transition tables of items: the unit's item and the hub's submission (see xinbao.core.states).

Unit side (``Item.state``)::

    draft ──submit──▶ pending_signoff ──sign──▶ submitted ──hub_return──▶ returned
      │                 └─return_signoff / recall─▶ draft                    │
      └─delete─▶ deleted                              submitted ◀──sign── revision_signoff ◀──resubmit──┘
                                                                            └─return_signoff / recall─▶ returned

``submit`` is the writer's "报送": the item waits for the unit's signer (签发), and signing sends it to
the unit's own hub in every chosen channel. ``submit_direct``: a 政协委员 or 特邀信息员 writing in
person sends the item straight to the office they are attached to (no unit sign-off).
A revision asked for by a hub is signed again before it goes back (``resubmit`` → ``revision_signoff`` →
``sign``): a signature vouches only for the text it was given to (DOMAIN: no back-dated sign-off). Signing
the revision resubmits it to every hub that returned the item. A member writing in person resubmits at
once (``resubmit_direct``).

``withdraw`` (撤回): the author or the unit's signer takes a submitted item back while no hub has decided
on it; every pending (or reserve) submission goes to ``withdrawn`` with it. ``reopen`` turns a withdrawn
item into a draft again; submitting it anew creates new submissions (the withdrawn ones stay on record).

Hub side (``Submission.state``): the screening decisions. ``adopt`` from ``adopted`` is allowed because a
publication issue records its adoption of an already adopted item (idempotent per issue). ``undo_adopt``
takes a 采用 back while the item is not yet forwarded or printed (the actions check that).
``forward`` from 待处理/备用: at a hub whose 转报 is 转报即采用 (``ForwardRule.forward_adopts``, the default)
the action adopts first, so the submission ends ``adopted``; otherwise it goes up without an adoption here
and ends ``forwarded`` (已转报), which a later issue of the hub's own may still adopt.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from xinbao.core.states import TransitionTable, allowed_actions, next_state

from .models import ItemState, SubmissionState


class ItemAction(models.TextChoices):
    EDIT = "edit", _("修改")
    SUBMIT = "submit", _("报送")
    SUBMIT_DIRECT = "submit_direct", _("直接报送")
    RECALL = "recall", _("撤回签发")
    SIGN = "sign", _("签发")
    RETURN_SIGNOFF = "return_signoff", _("退回起草人")
    DELETE = "delete", _("删除")
    HUB_RETURN = "hub_return", _("退回修改")
    RESUBMIT = "resubmit", _("重新报送")
    RESUBMIT_DIRECT = "resubmit_direct", _("直接重新报送")
    WITHDRAW = "withdraw", _("撤回报送")
    REOPEN = "reopen", _("转为草稿")


class SubmissionAction(models.TextChoices):
    ADOPT = "adopt", _("采用")
    RETURN = "return", _("退回修改")
    REJECT = "reject", _("不采用")
    RESERVE = "reserve", _("备用")
    EDIT = "edit", _("编辑")
    MERGE = "merge", _("综合")
    FORWARD = "forward", _("转报")
    RESUBMIT = "resubmit", _("重新报送")
    WITHDRAW = "withdraw", _("撤回")
    UNDO_ADOPT = "undo_adopt", _("撤销采用")


I = ItemState  # noqa: E741 - short aliases keep the tables readable
S = SubmissionState
IA = ItemAction
SA = SubmissionAction

ITEM_TRANSITIONS: TransitionTable = {
    I.DRAFT: {IA.EDIT: I.DRAFT, IA.SUBMIT: I.PENDING_SIGNOFF, IA.SUBMIT_DIRECT: I.SUBMITTED, IA.DELETE: I.DELETED},
    I.PENDING_SIGNOFF: {IA.SIGN: I.SUBMITTED, IA.RETURN_SIGNOFF: I.DRAFT, IA.RECALL: I.DRAFT},
    I.SUBMITTED: {IA.HUB_RETURN: I.RETURNED, IA.WITHDRAW: I.WITHDRAWN},
    I.RETURNED: {
        IA.EDIT: I.RETURNED,
        IA.HUB_RETURN: I.RETURNED,
        IA.RESUBMIT: I.REVISION_SIGNOFF,
        IA.RESUBMIT_DIRECT: I.SUBMITTED,
    },
    I.REVISION_SIGNOFF: {
        IA.SIGN: I.SUBMITTED,
        IA.RETURN_SIGNOFF: I.RETURNED,
        IA.RECALL: I.RETURNED,
        IA.HUB_RETURN: I.REVISION_SIGNOFF,
    },
    I.WITHDRAWN: {IA.REOPEN: I.DRAFT},
    I.DELETED: {},
}

SUBMISSION_TRANSITIONS: TransitionTable = {
    S.PENDING: {
        SA.ADOPT: S.ADOPTED,
        SA.RETURN: S.RETURNED,
        SA.REJECT: S.REJECTED,
        SA.RESERVE: S.RESERVE,
        SA.EDIT: S.PENDING,
        SA.MERGE: S.MERGED,
        SA.WITHDRAW: S.WITHDRAWN,
        SA.FORWARD: S.FORWARDED,
    },
    S.RESERVE: {
        SA.ADOPT: S.ADOPTED,
        SA.RETURN: S.RETURNED,
        SA.REJECT: S.REJECTED,
        SA.EDIT: S.RESERVE,
        SA.MERGE: S.MERGED,
        SA.WITHDRAW: S.WITHDRAWN,
        SA.FORWARD: S.FORWARDED,
    },
    S.RETURNED: {SA.RESUBMIT: S.PENDING},
    S.ADOPTED: {SA.ADOPT: S.ADOPTED, SA.EDIT: S.ADOPTED, SA.FORWARD: S.ADOPTED, SA.UNDO_ADOPT: S.PENDING},
    S.FORWARDED: {SA.ADOPT: S.ADOPTED},  # printed here later after all
    S.REJECTED: {},
    S.MERGED: {},
    S.WITHDRAWN: {},
}

ITEM_ACTIONS = tuple(ItemAction)
SUBMISSION_ACTIONS = tuple(SubmissionAction)


def item_next(state: str, action: ItemAction) -> str:
    return next_state(ITEM_TRANSITIONS, state, action, labels=dict(ItemState.choices))


def submission_next(state: str, action: SubmissionAction) -> str:
    return next_state(SUBMISSION_TRANSITIONS, state, action, labels=dict(SubmissionState.choices))


def item_actions(state: str) -> list[str]:
    return allowed_actions(ITEM_TRANSITIONS, state)


def submission_actions(state: str) -> list[str]:
    return allowed_actions(SUBMISSION_TRANSITIONS, state)
