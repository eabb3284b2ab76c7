"""Outcomes other than adoption, recorded by the hub that received an item: its original sent to the
departments concerned for handling (原稿转送/交办), and an error a higher office reported in it (差错通报).
Rules score them (``item.referred``, ``error.reported``); a mistaken record is withdrawn, never deleted."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinbao.audit.actions import record
from xinbao.core.actions import write_action
from xinbao.core.errors import DomainError
from xinbao.orgs import duties

from ..models import Outcome, OutcomeKind, Submission
from ..signals import outcome_changed
from ._common import check_reason, now, tell, writer_side

if TYPE_CHECKING:
    from xinbao.orgs.models import User

_TOLD: dict[str, Any] = {
    OutcomeKind.REFERRED: gettext_lazy("《%(t)s》的原稿已由%(h)s转送%(c)s办理。"),
    OutcomeKind.ERROR: gettext_lazy("%(c)s通报《%(t)s》存在差错：%(d)s（%(h)s登记）。"),
}


def _require_screener(user: User | None, submission: Submission) -> None:
    duties.require(duties.can_screen(user, submission.hub_id), _("只有接收单位信息科的人员可以登记转送交办和差错。"))


def _checked_counterpart(kind: str, counterpart: str) -> str:
    counterpart = (counterpart or "").strip()
    if not counterpart:
        message = _("请填写交办部门。") if kind == OutcomeKind.REFERRED else _("请填写通报差错的机关。")
        raise DomainError(message, field="counterpart")
    if len(counterpart) > 200:
        raise DomainError(_("交办部门或通报机关不能超过200个字。"), field="counterpart")
    return counterpart


@write_action
def record_outcome(
    user: User | None,
    submission: Submission,
    *,
    kind: str,
    on: datetime.date,
    counterpart: str,
    detail: str = "",
) -> Outcome:
    """登记转送交办 or 差错 for an item the hub received; the writer's side is told."""
    sub = Submission.objects.select_related("item__author", "item__signer", "hub").get(pk=submission.pk)
    _require_screener(user, sub)
    if kind not in OutcomeKind.values:
        raise DomainError(_("请选择登记类型（原稿转送/交办或差错通报）。"), field="kind")
    if on > timezone.localdate():
        raise DomainError(_("日期不能晚于今天。"), field="on")
    counterpart = _checked_counterpart(kind, counterpart)
    detail = (detail or "").strip()
    if kind == OutcomeKind.ERROR and not detail:
        raise DomainError(_("请写明差错的内容。"), field="detail")
    if len(detail) > 500:
        raise DomainError(_("说明不能超过500个字。"), field="detail")
    assert user is not None  # can_screen refuses the system (None)
    outcome = Outcome.objects.create(
        submission=sub,
        kind=kind,
        on=on,
        counterpart=counterpart,
        detail=detail,
        recorded_by=user,
    )
    record(
        user,
        "items.record_outcome",
        outcome,
        new={"类型": outcome.get_kind_display(), "日期": str(on), "交办部门或通报机关": outcome.counterpart},
    )
    tell(
        writer_side(sub.item),
        "items.outcome",
        _TOLD[kind],
        f"/items/{sub.item_id}/",
        titles={"t": (sub.item, sub.title)},
        h=sub.hub.name,
        c=outcome.counterpart,
        d=detail,
    )
    outcome_changed.send(sender=Outcome, outcome=outcome)
    return outcome


@write_action
def withdraw_outcome(user: User | None, outcome: Outcome, reason: str) -> Outcome:
    """撤销 a mistaken record: kept, marked withdrawn with the reason, no longer scored."""
    row = Outcome.objects.select_related("submission__item", "submission__hub").get(pk=outcome.pk)
    _require_screener(user, row.submission)
    if row.withdrawn_at is not None:
        raise DomainError(_("这条登记已经撤销。"))
    row.withdraw_reason = check_reason(reason)[:200]
    row.withdrawn_at, row.withdrawn_by = now(), user
    row.save(update_fields=["withdraw_reason", "withdrawn_at", "withdrawn_by"])
    record(user, "items.withdraw_outcome", row, new={"撤销理由": row.withdraw_reason})
    outcome_changed.send(sender=Outcome, outcome=row)
    return row
