"""The life of a 通报 (notice) as a transition table (see xinbao.core.states)::

    draft ──submit──▶ review ──approve──▶ approved ──publish──▶ published ──withdraw──▶ withdrawn
      ▲  │ edit/regenerate   │ return (comment)   │ return (comment)                      │
      │  └──────────────◀── returned ◀───────────┘                                      │
      └──────────── recall (from review) ◀──────────────────────── redraft ◀────────────┘

- ``generate``: the figures are gathered (at period end by the scheduler, or by the hub's editor) and
  ``regenerate`` gathers them again while the notice is still in the editor's hands;
- ``edit``: the editor writes the title, the lead paragraph (导语) and the remarks (有关要求);
- ``submit`` (送审) to the chief or director, who ``approve`` it or ``return`` it with a comment; the
  editor may ``recall`` a notice still waiting for review;
- ``publish``: after approval, the notice goes to the assessed units' reading lists; its Word file is
  kept as sent;
- ``withdraw`` (撤回, with a reason, by the chief or director) takes a published notice off the
  reading lists; ``redraft`` makes it a draft again to correct and send anew.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from xinbao.core.states import TransitionTable, allowed_actions, next_state

from .models import NoticeState


class NoticeAction(models.TextChoices):
    GENERATE = "generate", _("生成")
    REGENERATE = "regenerate", _("重新生成")
    EDIT = "edit", _("编辑")
    SUBMIT = "submit", _("送审")
    RECALL = "recall", _("撤回送审")
    APPROVE = "approve", _("审核通过")
    RETURN = "return", _("退回修改")
    PUBLISH = "publish", _("发布")
    WITHDRAW = "withdraw", _("撤回通报")
    REDRAFT = "redraft", _("重新编辑")


S = NoticeState
A = NoticeAction

NOTICE_TRANSITIONS: TransitionTable = {
    S.DRAFT: {A.REGENERATE: S.DRAFT, A.EDIT: S.DRAFT, A.SUBMIT: S.REVIEW},
    S.RETURNED: {A.REGENERATE: S.RETURNED, A.EDIT: S.RETURNED, A.SUBMIT: S.REVIEW},
    S.REVIEW: {A.APPROVE: S.APPROVED, A.RETURN: S.RETURNED, A.RECALL: S.DRAFT},
    S.APPROVED: {A.PUBLISH: S.PUBLISHED, A.RETURN: S.RETURNED},
    S.PUBLISHED: {A.WITHDRAW: S.WITHDRAWN},
    S.WITHDRAWN: {A.REDRAFT: S.DRAFT},
}

# States in which the editor's words and the figures may change.
EDITABLE = frozenset({S.DRAFT, S.RETURNED})
# States in which the assessed units see the notice (a withdrawn one shows why it was withdrawn).
ADDRESSED = frozenset({S.PUBLISHED, S.WITHDRAWN})


def notice_next(state: str, action: NoticeAction) -> str:
    return next_state(NOTICE_TRANSITIONS, state, action, labels={k: str(v) for k, v in NoticeState.choices})


def notice_actions(state: str) -> list[str]:
    return allowed_actions(NOTICE_TRANSITIONS, state)
