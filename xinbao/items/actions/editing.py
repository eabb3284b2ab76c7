"""The hub's own work on what it received: edits (each a new version; the original never changes),
综合 (several submissions become one combined item, each source keeping credit) and 转报 upward."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from xinbao.audit.actions import record
from xinbao.core.actions import write_action
from xinbao.core.errors import DomainError
from xinbao.orgs import queries as org_queries

from .. import policy
from ..models import Category, Item, ItemState, ItemVersion, MergeSource, Submission, SubmissionState
from ..queries import current_version, forward_adopts, forward_needs_approval
from ..states import SubmissionAction, submission_next
from ._common import check_text, hub_editors, next_number, now, search_text, tell, writer_side
from .screening import adopt, copy_text, decide, lock_submission, tell_writer

if TYPE_CHECKING:
    from xinbao.orgs.models import Channel, User


@write_action
def edit_submission(
    user: User | None, submission: Submission, title: str, body: str, note: str = "", *, revision: int | None = None
) -> ItemVersion:
    """The hub edits its own copy: a new version with editor and time; the original never changes."""
    sub = lock_submission(user, submission, SubmissionAction.EDIT, revision)
    title, body = check_text(title, body)
    note = (note or "").strip()
    before = current_version(sub)
    if before.title == title and before.body == body:
        raise DomainError(_("内容没有变化，未生成新版本。"))
    version = ItemVersion.objects.create(
        item_id=sub.item_id,
        submission=sub,
        number=next_number(sub.item_id),
        title=title,
        body=body,
        editor=user or before.editor,
        note=note[:200],
    )
    old_title, sub.title, sub.text = sub.title, title, search_text(title, body)
    sub.revision += 1
    sub.save(update_fields=["title", "text", "revision"])
    record(
        user,
        "items.edit_submission",
        sub,
        old={"title": policy.public_title(sub.item, old_title), "version": before.number},
        new={"title": policy.public_title(sub.item, title), "version": version.number},
    )
    return version


@write_action
def forward(user: User | None, submission: Submission, channel: Channel | None = None) -> Submission:
    """转报: the item, as edited here, goes to this hub's own hub, where it is screened again. An item not
    yet adopted here is adopted first where the hub's 转报 is 转报即采用; otherwise it goes up as 已转报."""
    sub = lock_submission(user, submission, SubmissionAction.FORWARD, None)
    if forward_needs_approval(user, sub):
        raise DomainError(_("本单位转报须经科长审批：请“提请转报”，由科长或主任批准后转报。"))
    channel = channel or sub.channel
    upper = org_queries.hub_for(sub.hub, channel)
    if upper is None:
        raise DomainError(_("本单位在“%(c)s”渠道中没有上级汇总单位，无法转报。") % {"c": channel.name})
    if Submission.objects.filter(item_id=sub.item_id, hub=upper, channel=channel).exists():
        raise DomainError(_("这条信息已经报送到%(h)s，不能重复转报。") % {"h": upper.name})
    if sub.state != SubmissionState.ADOPTED:
        sub = _adopt_or_mark_forwarded(user, sub)
    at = now()
    new = Submission(
        item=sub.item,
        hub=upper,
        channel=channel,
        from_unit=sub.hub,
        parent=sub,
        origin_unit=sub.origin_unit,
        category=sub.category,
        tone=sub.tone,
        title=sub.title,
        restricted=sub.restricted,
        received_at=at,
    )
    new.save()
    copy_text(user, sub, new, _("由%(h)s转报") % {"h": sub.hub.name})
    new.save(update_fields=["title", "text"])
    sub.forwarded_at, sub.decided_by = at, user
    sub.forward_requested_at = sub.forward_requested_by = None  # an approved request is done
    sub.revision += 1
    sub.save(
        update_fields=[
            "state",
            "decided_at",
            "forwarded_at",
            "decided_by",
            "forward_requested_at",
            "forward_requested_by",
            "revision",
        ]
    )
    record(user, "items.forward", sub, new={"to": upper.name, "channel": channel.name, "state": sub.state})
    titles = {"t": (sub.item, new.title)}
    tell(
        hub_editors(upper),
        "items.received",
        _("收到%(u)s转报的《%(t)s》。"),
        f"/items/s/{new.pk}/",
        titles=titles,
        u=sub.hub.name,
    )
    tell(
        writer_side(sub.item),
        "items.forwarded",
        _("《%(t)s》已由%(h)s转报%(u)s。"),
        f"/items/{sub.item_id}/",
        titles=titles,
        h=sub.hub.name,
        u=upper.name,
    )
    return new


def _adopt_or_mark_forwarded(user: User | None, sub: Submission) -> Submission:
    """A pending or reserve item leaves this hub: 采用 here first (转报即采用) or 已转报 without one."""
    if forward_adopts(sub.hub_id):
        adopt(user, sub)
        return lock_submission(user, sub, SubmissionAction.FORWARD, None)
    sub.state, sub.decided_at = submission_next(sub.state, SubmissionAction.FORWARD), now()  # saved below
    return sub


@write_action
def merge(user: User | None, submissions: Sequence[Submission], *, title: str, body: str, note: str = "") -> Submission:
    """综合: several submissions at this hub become one combined item in the hub's own queue; every
    source keeps credit (MergeSource, see credits.py). The combined item takes the strictest 密级 and
    知悉范围 of its sources, so a merge never widens who may read a source's text."""
    if len({s.pk for s in submissions}) < 2:
        raise DomainError(_("请至少选择两条信息进行综合。"))
    subs = [lock_submission(user, s, SubmissionAction.MERGE, None) for s in submissions]
    hub = subs[0].hub
    if len({s.channel_id for s in subs}) != 1:
        raise DomainError(_("只能综合同一渠道的信息。"))
    title, body = check_text(title, body)
    at = now()
    classification, readers = policy.strictest(s.item for s in subs)
    assert user is not None, "a merge is made by hub staff"
    item = Item.objects.create(
        unit=hub,
        author=user,
        category=Category.COMBINED,
        title=title,
        is_combined=True,
        state=ItemState.SUBMITTED,
        signer=user,
        signed_at=at,
        tone=subs[0].tone,
        classification=classification,
        readers=readers,
        writer_name=str(user),
        writer_phone=user.phone,
    )
    ItemVersion.objects.create(
        item=item, number=1, title=title, body=body, editor=user, note=note[:200], submitted=True
    )
    combined = Submission.objects.create(
        item=item,
        hub=hub,
        channel=subs[0].channel,
        from_unit=hub,
        origin_unit=hub,
        category=Category.COMBINED,
        tone=item.tone,
        title=title,
        text=search_text(title, body),
        restricted=policy.is_restricted(item),
        received_at=at,
    )
    MergeSource.objects.bulk_create([MergeSource(combined=item, source=s) for s in subs])
    for sub in subs:
        decide(user, sub, SubmissionAction.MERGE, _("综合为《%(t)s》") % {"t": policy.public_title(item)})
        tell_writer(
            sub,
            "items.merged",
            _("《%(t)s》被%(h)s综合进《%(c)s》。"),
            h=hub.name,
            c=policy.public_title(item),
        )
    record(user, "items.merge", item, new={"sources": [s.pk for s in subs]})
    return combined
