"""Sign-off (核签) of an issue: the editor submits, the chief reviews (or returns with comments),
the director signs (or returns); a signed issue is frozen and may then be published."""

from __future__ import annotations

from xinbao.core.states import TransitionTable, next_state

from .models import IssueState

S = IssueState

TRANSITIONS: TransitionTable = {
    S.DRAFT: {"submit": S.REVIEW, "delete": S.DELETED},
    S.RETURNED: {"submit": S.REVIEW, "delete": S.DELETED},
    S.REVIEW: {"approve": S.SIGNING, "return": S.RETURNED},
    S.SIGNING: {"sign": S.SIGNED, "return": S.RETURNED},
    S.SIGNED: {"publish": S.PUBLISHED},
    S.PUBLISHED: {},
    S.DELETED: {},
}


def transition(state: str, action: str) -> str:
    return next_state(TRANSITIONS, state, action, labels={k: str(IssueState(k).label) for k in TRANSITIONS})
