"""Reads on notices, scoped with the user (views and the menu ask here, and never re-check).

- the hub's information section (``duties.can_manage_rules``) sees all its notices, in every state;
- the hub's leaders see its published (and withdrawn) notices;
- a unit sees the published (and withdrawn) notices addressed to it — a receipt for the unit — and
  nothing else;
- admin accounts (三员) see no notice at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from xinbao.orgs import duties

from ..models import Notice, NoticeReceipt, NoticeState, NoticeStep
from ..states import ADDRESSED, NoticeAction, notice_actions

if TYPE_CHECKING:
    from xinbao.orgs.models import User

# Who may take each action (besides the state allowing it): the hub's staff, or its chief/director.
SENIOR_ACTIONS = frozenset({NoticeAction.APPROVE, NoticeAction.RETURN, NoticeAction.WITHDRAW})


def notices_for(user: User | None) -> QuerySet[Notice]:
    """Every notice ``user`` may open, newest period first, with ``is_read`` (by the user's unit)."""
    notices = Notice.objects.select_related("rule_set__hub")
    if user is None:
        return notices.order_by("-end", "-id")
    unit_id = user.unit_id
    if not duties.is_business_user(user) or unit_id is None:
        return notices.none()
    receipts = NoticeReceipt.objects.filter(notice=OuterRef("pk"), unit_id=unit_id)
    condition = Q(state__in=ADDRESSED) & Q(Exists(receipts))
    if duties.can_manage_rules(user, unit_id):
        condition |= Q(rule_set__hub_id=unit_id)
    elif duties.is_leader(user, unit_id):
        condition |= Q(rule_set__hub_id=unit_id, state__in=ADDRESSED)
    return (
        notices.filter(condition)
        .annotate(is_read=Exists(receipts.filter(read_at__isnull=False)))
        .order_by("-end", "-id")
    )


def notice_for(user: User | None, pk: int) -> Notice | None:
    return notices_for(user).filter(pk=pk).first()


def unread_notices(user: User) -> QuerySet[NoticeReceipt]:
    """The published notices addressed to the user's unit that nobody of the unit has opened yet."""
    if not duties.is_business_user(user) or user.unit_id is None:
        return NoticeReceipt.objects.none()
    return NoticeReceipt.objects.filter(
        unit_id=user.unit_id, read_at__isnull=True, notice__state=NoticeState.PUBLISHED
    ).select_related("notice")


def can_manage(user: User | None, notice: Notice) -> bool:
    """The hub's information section: generate, edit, submit, publish."""
    return duties.can_manage_rules(user, notice.rule_set.hub_id)


def can_approve(user: User | None, notice: Notice) -> bool:
    """The hub's chief or director: approve, return, withdraw."""
    return duties.can_approve_notice(user, notice.rule_set.hub_id)


def is_addressed(user: User | None, notice: Notice) -> bool:
    """The notice is on the reading list of the user's unit (a reader, not its hub)."""
    if user is None or user.unit_id is None or not duties.is_business_user(user) or notice.state not in ADDRESSED:
        return False
    return NoticeReceipt.objects.filter(notice=notice, unit_id=user.unit_id).exists()


def allowed_actions(user: User | None, notice: Notice) -> list[str]:
    """The actions ``user`` may take on ``notice`` now: the buttons, and what the actions accept."""
    manage, approve = can_manage(user, notice), can_approve(user, notice)
    return [action for action in notice_actions(notice.state) if (approve if action in SENIOR_ACTIONS else manage)]


def steps(notice: Notice) -> QuerySet[NoticeStep]:
    return notice.steps.select_related("user").order_by("at", "id")


def receipts(notice: Notice) -> QuerySet[NoticeReceipt]:
    return notice.receipts.select_related("unit", "read_by").order_by("unit__path")


def last_comment(notice: Notice, action: str) -> NoticeStep | None:
    """The latest step of ``action`` (a return's comment, a withdrawal's reason)."""
    return notice.steps.filter(action=action).select_related("user").order_by("-at", "-id").first()
