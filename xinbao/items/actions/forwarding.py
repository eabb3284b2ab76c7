"""转报 with the chief's approval, where the hub wants it (``ForwardRule``): the editor asks (提请转报),
the chief or director approves (the item goes up, as in ``editing.forward``) or declines with a reason.
The hub's seniors set the rule; each step is audited and the other side is told."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from xinbao.audit.actions import record
from xinbao.core.actions import write_action
from xinbao.core.errors import DomainError
from xinbao.orgs import duties
from xinbao.orgs.models import User as UserModel
from xinbao.orgs.roles import Role

from ..models import ForwardRule, Submission
from ..queries import forward_needs_approval
from ..states import SubmissionAction
from ._common import check_reason, now, tell
from .editing import forward
from .screening import lock_submission

if TYPE_CHECKING:
    from xinbao.orgs.models import Unit, User


def _seniors(hub_id: int) -> list[User]:
    seniors = UserModel.objects.filter(
        unit_id=hub_id, is_active=True, roles__role__in=[Role.HUB_CHIEF, Role.HUB_DIRECTOR]
    )
    return list(seniors.distinct())


def _require_senior(user: User | None, hub_id: int) -> None:
    duties.require(duties.is_hub_senior(user, hub_id), _("只有信息科科长或办公室主任可以审批转报。"))


# The audit action of each flag (names already in the log: never renamed).
_AUDIT_NAMES = {"chief_approves": "items.set_forward_approval", "forward_adopts": "items.set_forward_adopts"}


def _set_rule(user: User | None, hub: Unit, field: str, value: bool, label: str, refusal: str) -> ForwardRule:
    """Set one flag of the hub's forwarding rule (seniors only), audited under the flag's action name with
    its Chinese label."""
    duties.require(duties.is_hub_senior(user, hub), refusal)
    rule, _created = ForwardRule.objects.get_or_create(hub=hub)
    old = getattr(rule, field)
    setattr(rule, field, bool(value))
    rule.updated_by = user
    rule.save()
    action = _AUDIT_NAMES[field]
    record(user, action, rule, old={label: old}, new={label: getattr(rule, field)})
    return rule


@write_action
def set_forward_approval(user: User | None, hub: Unit, chief_approves: bool) -> ForwardRule:
    """The hub's rule: 转报 by the editor alone, or only with the chief's approval."""
    refusal = _("只有信息科科长或办公室主任可以设置转报审批。")
    return _set_rule(user, hub, "chief_approves", chief_approves, "须经科长审批", refusal)


@write_action
def set_forward_adopts(user: User | None, hub: Unit, forward_adopts: bool) -> ForwardRule:
    """The hub's rule: 转报即采用 (forwarding counts as this hub's 采用) or not."""
    refusal = _("只有信息科科长或办公室主任可以设置转报是否视为采用。")
    return _set_rule(user, hub, "forward_adopts", forward_adopts, "转报即采用", refusal)


def _pending_request(user: User | None, submission: Submission) -> Submission:
    sub = lock_submission(user, submission, SubmissionAction.FORWARD, None)
    if sub.forwarded_at is not None:
        raise DomainError(_("只有尚未转报的信息可以提请或审批转报。"))
    return sub


@write_action
def request_forward(user: User | None, submission: Submission) -> Submission:
    """提请转报: the editor asks the chief to send an adopted item up."""
    sub = _pending_request(user, submission)
    if not forward_needs_approval(user, sub):
        raise DomainError(_("本单位转报无需审批，可以直接转报。"))
    if sub.forward_requested_at is not None:
        raise DomainError(_("已经提请转报，正等待科长审批。"))
    sub.forward_requested_at, sub.forward_requested_by = now(), user
    sub.save(update_fields=["forward_requested_at", "forward_requested_by"])
    record(user, "items.request_forward", sub)
    tell(
        _seniors(sub.hub_id),
        "items.forward_requested",
        _("%(p)s提请转报《%(t)s》，请审批。"),
        f"/items/s/{sub.pk}/",
        titles={"t": (sub.item, sub.title)},
        p=str(user) if user else "",
    )
    return sub


@write_action
def approve_forward(user: User | None, submission: Submission) -> Submission:
    """The chief approves the request: the item goes up now. Returns the new submission upstairs."""
    sub = _pending_request(user, submission)
    _require_senior(user, sub.hub_id)
    if sub.forward_requested_at is None:
        raise DomainError(_("这条信息没有待审批的转报请求。"))
    requester = sub.forward_requested_by
    record(user, "items.approve_forward", sub, new={"提请人": str(requester) if requester else ""})
    upper = forward(user, sub)
    if requester is not None:
        tell(
            [requester],
            "items.forward_approved",
            _("《%(t)s》的转报已获批准。"),
            f"/items/s/{sub.pk}/",
            titles={"t": (sub.item, sub.title)},
        )
    return upper


@write_action
def decline_forward(user: User | None, submission: Submission, reason: str) -> Submission:
    """The chief declines the request, saying why; the item stays adopted here and may be asked again."""
    sub = _pending_request(user, submission)
    _require_senior(user, sub.hub_id)
    if sub.forward_requested_at is None:
        raise DomainError(_("这条信息没有待审批的转报请求。"))
    reason = check_reason(reason)
    requester = sub.forward_requested_by
    sub.forward_requested_at = sub.forward_requested_by = None
    sub.save(update_fields=["forward_requested_at", "forward_requested_by"])
    record(user, "items.decline_forward", sub, new={"理由": reason})
    if requester is not None:
        tell(
            [requester],
            "items.forward_declined",
            _("《%(t)s》的转报未获批准：%(r)s"),
            f"/items/s/{sub.pk}/",
            titles={"t": (sub.item, sub.title)},
            r=reason,
        )
    return sub
