"""The hub's screening decisions on a submission: 采用, 退回修改, 不采用, 备用, and resubmission after a return.

Every decision names the revision it was made on (optimistic concurrency: a second editor's stale
decision is refused with a clear message) and changes state only through ``states.py``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.audit.actions import record, record_each
from xinbao.core.actions import write_action
from xinbao.core.errors import ConflictError, DomainError
from xinbao.orgs import duties

from .. import states
from ..models import Adoption, AdoptionLevel, ItemVersion, Submission, SubmissionState
from ..queries import current_version
from ..signals import adoption_revoked
from ..states import ItemAction, SubmissionAction
from ._common import check_reason, hub_editors, lock_item, next_number, now, search_text, tell, writer_side
from .adoption import AdoptionRecord, IssuePrint, announce_adoption, fill_in_issue, record_adoption

if TYPE_CHECKING:
    from xinbao.orgs.models import Unit, User


def require_screener(user: User | None, hub_id: int) -> None:
    duties.require(duties.can_screen(user, hub_id), _("只有接收单位信息科的人员可以处理这条报送。"))


def lock_submission(
    user: User | None, submission: Submission, action: SubmissionAction, revision: int | None
) -> Submission:
    """Lock the row, check the person, the revision the decision was made on, and the transition."""
    sub = _for_decision().get(pk=submission.pk)
    require_screener(user, sub.hub_id)
    if revision is not None and revision != sub.revision:
        who = sub.decided_by or _("其他人员")
        raise ConflictError(
            _("这条信息已被%(who)s处理（当前状态：%(s)s），您的操作未执行，请刷新后查看。")
            % {"who": who, "s": sub.get_state_display()}
        )
    states.submission_next(sub.state, action)
    return sub


_DECISION_FIELDS = ["state", "decided_at", "decided_by", "reason", "revision"]


def lock_submissions(user: User | None, submission_ids: list[int], action: SubmissionAction) -> list[Submission]:
    """``lock_submission`` for many, in the order given (rows locked in id order, as every batch locks
    them, so that two batches never wait on each other crosswise)."""
    locked = {sub.pk: sub for sub in _for_decision().filter(pk__in=submission_ids).order_by("pk")}
    for hub_id in sorted({sub.hub_id for sub in locked.values()}):
        require_screener(user, hub_id)
    result = []
    for pk in submission_ids:
        sub = locked.get(pk)
        if sub is None:
            raise Submission.DoesNotExist(pk)
        states.submission_next(sub.state, action)
        result.append(sub)
    return result


def _for_decision() -> QuerySet[Submission]:
    return Submission.objects.select_for_update(of=("self",)).select_related(
        "item__author", "item__signer", "item__unit", "hub", "channel", "decided_by"
    )


def decide(user: User | None, sub: Submission, action: SubmissionAction, reason: str = "") -> Submission:
    old_state = _apply_decision(user, sub, action, reason)
    sub.save(update_fields=_DECISION_FIELDS)
    record(user, f"items.{action}", sub, old={"state": old_state}, new={"state": sub.state, "reason": reason})
    return sub


def decide_all(user: User | None, subs: list[Submission], action: SubmissionAction) -> None:
    """``decide`` for many locked submissions (publishing an issue adopts its entries): one update, one
    audit insert."""
    if not subs:
        return
    old_states = [_apply_decision(user, sub, action, "") for sub in subs]
    Submission.objects.bulk_update(subs, _DECISION_FIELDS)
    record_each(
        user,
        f"items.{action}",
        [(sub, {"state": sub.state, "reason": ""}) for sub in subs],
        olds=[{"state": old} for old in old_states],
    )


def _apply_decision(user: User | None, sub: Submission, action: SubmissionAction, reason: str) -> str:
    """Move ``sub`` through the transition table (unsaved); its old state."""
    old_state = sub.state
    sub.state = states.submission_next(sub.state, action)
    sub.decided_at, sub.decided_by, sub.reason = now(), user, reason
    sub.revision += 1
    return old_state


def tell_writer(sub: Submission, kind: str, message: str, **values: str) -> None:
    """The writer's side (and, for a forward, the lower hub's editor who forwarded it) hears of a decision."""
    people = writer_side(sub.item)
    if sub.parent_id is not None:
        parent = Submission.objects.select_related("decided_by").get(pk=sub.parent_id)
        if parent.decided_by is not None:
            people.append(parent.decided_by)
    tell(people, kind, message, f"/items/{sub.item_id}/", titles={"t": (sub.item, sub.title)}, **values)


def hub_level(hub: Unit) -> str:
    return hub.level if hub.level in AdoptionLevel.values else AdoptionLevel.COUNTY


@write_action
def adopt(
    user: User | None,
    submission: Submission,
    *,
    level: str | None = None,
    issue_id: int | None = None,
    periodical_id: int | None = None,
    publication: str = "",
    issue_label: str = "",
    adopted_on: datetime.date | None = None,
    revision: int | None = None,
) -> Adoption:
    """采用 by the hub, or by a publication issue (``issue_id``). Pressing adopt twice adopts once; the
    same issue never adopts twice; an issue that publishes an item adopted by decision fills in that
    decision's adoption (one adoption per hub decision); a second issue adds an adoption."""
    sub = lock_submission(user, submission, SubmissionAction.ADOPT, revision)
    if issue_id is not None:
        existing = Adoption.objects.filter(item_id=sub.item_id, issue_id=issue_id, revoked_at__isnull=True).first()
        if existing is not None:
            return existing
    live = Adoption.objects.filter(submission=sub, revoked_at__isnull=True)
    undated = live.filter(issue_id__isnull=True).first()
    if sub.state == SubmissionState.ADOPTED and undated is not None and issue_id is None:
        return undated  # pressing "adopt" twice
    if undated is not None and issue_id is not None:
        level = level or hub_level(sub.hub)
        fill_in_issue(
            user, [undated], IssuePrint(level, issue_id, periodical_id, publication, issue_label, undated.adopted_on)
        )
        announce_adoption(undated, tell_writers=False)
        return undated
    if sub.state != SubmissionState.ADOPTED:
        decide(user, sub, SubmissionAction.ADOPT)
    return record_adoption(
        user,
        AdoptionRecord(
            item=sub.item,
            level=level or hub_level(sub.hub),
            adopted_on=adopted_on or timezone.localdate(),
            adopter=sub.hub,
            submission=sub,
            publication=publication,
            issue_label=issue_label,
            issue_id=issue_id,
            periodical_id=periodical_id,
            forwarded=sub.parent_id is not None,
        ),
    )


@write_action
def return_submission(
    user: User | None, submission: Submission, reason: str, *, revision: int | None = None
) -> Submission:
    """退回修改: the sender revises and resubmits (a new version)."""
    reason = check_reason(reason)
    sub = lock_submission(user, submission, SubmissionAction.RETURN, revision)
    decide(user, sub, SubmissionAction.RETURN, reason)
    if sub.parent_id is None:
        item = lock_item(sub.item)
        item.state = states.item_next(item.state, ItemAction.HUB_RETURN)
        item.save(update_fields=["state", "updated_at"])
    tell_writer(sub, "items.returned", _("《%(t)s》被%(h)s退回修改：%(r)s"), h=sub.hub.name, r=reason)
    return sub


@write_action
def reject(user: User | None, submission: Submission, reason: str, *, revision: int | None = None) -> Submission:
    """不采用, with the reason the writer will read."""
    reason = check_reason(reason)
    sub = lock_submission(user, submission, SubmissionAction.REJECT, revision)
    decide(user, sub, SubmissionAction.REJECT, reason)
    tell_writer(sub, "items.rejected", _("《%(t)s》未被%(h)s采用：%(r)s"), h=sub.hub.name, r=reason)
    return sub


@write_action
def reserve(user: User | None, submission: Submission, *, revision: int | None = None) -> Submission:
    """备用: kept for later use (a publication may still take it)."""
    sub = lock_submission(user, submission, SubmissionAction.RESERVE, revision)
    decide(user, sub, SubmissionAction.RESERVE)
    tell_writer(sub, "items.reserved", _("《%(t)s》已被%(h)s列为备用。"), h=sub.hub.name)
    return sub


@write_action
def resend_forward(user: User | None, submission: Submission) -> Submission:
    """A forward the upper hub returned goes back up with the lower hub's current text (the lower hub's
    staff revise it with their own edits first). A unit's own item is resubmitted by ``resubmit`` (signed
    again) instead."""
    sub = Submission.objects.select_for_update(of=("self",)).select_related("item", "hub").get(pk=submission.pk)
    if sub.parent_id is None:
        raise DomainError(_("请在信息页面修改后重新报送（需重新签发）。"))
    require_screener(user, sub.from_unit_id)
    sub.state = states.submission_next(sub.state, SubmissionAction.RESUBMIT)
    copy_text(user, Submission.objects.get(pk=sub.parent_id), sub, _("修改后重新转报"))
    sub.decided_at, sub.decided_by, sub.reason = None, None, ""
    sub.revision += 1
    sub.save(update_fields=["state", "title", "text", "decided_at", "decided_by", "reason", "revision"])
    record(user, "items.resend_forward", sub, new={"state": sub.state})
    tell(
        hub_editors(sub.hub),
        "items.resubmitted",
        _("%(u)s已修改并重新报送《%(t)s》。"),
        f"/items/s/{sub.pk}/",
        titles={"t": (sub.item, sub.title)},
        u=sub.from_unit.name,
    )
    return sub


def copy_text(user: User | None, source: Submission, target: Submission, note: str) -> ItemVersion:
    """The target submission starts from the source's current text (a forward, a resent forward)."""
    text = current_version(source)
    target.title, target.text = text.title, search_text(text.title, text.body)
    return ItemVersion.objects.create(
        item_id=target.item_id,
        submission=target,
        number=next_number(target.item_id),
        title=text.title,
        body=text.body,
        editor=user or text.editor,
        note=note,
    )


# A higher app may say a submission is already in use (publications: it is in an issue), so its
# adoption can no longer be undone: ``fn(submission) -> a Chinese reason, or ""``.
UseCheck = Callable[[Submission], str]
_use_checks: list[UseCheck] = []


def register_use_check(check: UseCheck) -> None:
    if check not in _use_checks:
        _use_checks.append(check)


@write_action
def undo_adopt(user: User | None, submission: Submission, *, revision: int | None = None) -> Submission:
    """撤销采用: a hub takes back its 采用 decision while the item is not yet used — not forwarded and not
    in any issue. The decision's adoption is revoked (scoring takes its points away) and the item waits
    in the queue again."""
    sub = lock_submission(user, submission, SubmissionAction.UNDO_ADOPT, revision)
    if sub.forwarded_at is not None:
        raise DomainError(_("这条信息已转报上级，不能撤销采用。"))
    for check in _use_checks:
        reason = check(sub)
        if reason:
            raise DomainError(reason)
    revoked = list(Adoption.objects.filter(submission=sub, revoked_at__isnull=True, issue__isnull=True))
    decide(user, sub, SubmissionAction.UNDO_ADOPT, _("撤销采用"))
    for adoption in revoked:
        adoption.revoked_at = now()
        adoption.save(update_fields=["revoked_at"])
        adoption_revoked.send(sender=Adoption, adoption=adoption)
    tell_writer(sub, "items.adoption_undone", _("《%(t)s》的采用已被%(h)s撤销，重新待处理。"), h=sub.hub.name)
    return sub


def next_pending(user: User | None, after: Submission) -> Submission | None:
    """The next submission waiting at the same hub after ``after`` in the queue's order (newest first), or
    the newest one still waiting: where an editor goes after a decision."""
    from ..queries import QueueFilters, screenable_submissions

    pending = screenable_submissions(user, QueueFilters(state=SubmissionState.PENDING)).exclude(pk=after.pk)
    older = pending.filter(
        Q(received_at__lt=after.received_at) | Q(received_at=after.received_at, pk__lt=after.pk)
    ).first()
    return older or pending.first()
