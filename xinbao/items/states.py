"""Transition tables of items: the unit's item and the hub's submission (see xinbao.core.states).

Unit side (``Item.state``)::

    draft ──submit──▶ pending_signoff ──sign──▶ submitted ──hub_return──▶ returned ──resubmit──▶ submitted
      │                 └─return_signoff / recall─▶ draft
      └─delete─▶ deleted

``submit`` is the writer's "报送": the item waits for the unit's signer (签发), and signing sends it to
the unit's own hub in every chosen channel. ``submit_direct``: a 政协委员 or 特邀信息员 writing in
person sends the item straight to the office they are attached to (no unit sign-off).
A revision asked for by a hub is resubmitted without a new sign-off (the hub asked for it; the unit's
sign-off stays on record).

``withdraw`` (撤回): the author or the unit's signer takes a submitted item back while no hub has decided
on it; every pending (or reserve) submission goes to ``withdrawn`` with it. ``reopen`` turns a withdrawn
item into a draft again; submitting it anew creates new submissions (the withdrawn ones stay on record).

Hub side (``Submission.state``): the screening decisions. ``adopt`` from ``adopted`` is allowed because a
publication issue records its adoption of an already adopted item (idempotent per issue).
"""

from __future__ import annotations

from xinbao.core.states import TransitionTable, allowed_actions, next_state

from .models import ItemState, SubmissionState

I = ItemState  # noqa: E741 - short aliases keep the tables readable
S = SubmissionState

ITEM_ACTIONS = (
    "edit",
    "submit",
    "submit_direct",
    "recall",
    "sign",
    "return_signoff",
    "delete",
    "hub_return",
    "resubmit",
    "withdraw",
    "reopen",
)

ITEM_TRANSITIONS: TransitionTable = {
    I.DRAFT: {"edit": I.DRAFT, "submit": I.PENDING_SIGNOFF, "submit_direct": I.SUBMITTED, "delete": I.DELETED},
    I.PENDING_SIGNOFF: {"sign": I.SUBMITTED, "return_signoff": I.DRAFT, "recall": I.DRAFT},
    I.SUBMITTED: {"hub_return": I.RETURNED, "withdraw": I.WITHDRAWN},
    I.RETURNED: {"edit": I.RETURNED, "hub_return": I.RETURNED, "resubmit": I.SUBMITTED},
    I.WITHDRAWN: {"reopen": I.DRAFT},
    I.DELETED: {},
}

SUBMISSION_ACTIONS = ("adopt", "return", "reject", "reserve", "edit", "merge", "forward", "resubmit", "withdraw")

SUBMISSION_TRANSITIONS: TransitionTable = {
    S.PENDING: {
        "adopt": S.ADOPTED,
        "return": S.RETURNED,
        "reject": S.REJECTED,
        "reserve": S.RESERVE,
        "edit": S.PENDING,
        "merge": S.MERGED,
        "withdraw": S.WITHDRAWN,
    },
    S.RESERVE: {
        "adopt": S.ADOPTED,
        "return": S.RETURNED,
        "reject": S.REJECTED,
        "edit": S.RESERVE,
        "merge": S.MERGED,
        "withdraw": S.WITHDRAWN,
    },
    S.RETURNED: {"resubmit": S.PENDING},
    S.ADOPTED: {"adopt": S.ADOPTED, "edit": S.ADOPTED, "forward": S.ADOPTED},
    S.REJECTED: {},
    S.MERGED: {},
    S.WITHDRAWN: {},
}


def item_next(state: str, action: str) -> str:
    return next_state(ITEM_TRANSITIONS, state, action, labels=dict(ItemState.choices))


def submission_next(state: str, action: str) -> str:
    return next_state(SUBMISSION_TRANSITIONS, state, action, labels=dict(SubmissionState.choices))


def item_actions(state: str) -> list[str]:
    return allowed_actions(ITEM_TRANSITIONS, state)


def submission_actions(state: str) -> list[str]:
    return allowed_actions(SUBMISSION_TRANSITIONS, state)
