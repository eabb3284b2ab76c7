"""签发 and sending: the unit's signer signs (or returns to the writer), and the item leaves the unit for
its own hub in each chosen channel — never a hub it does not report to (越级上报 is impossible)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from xinbao.audit.actions import record
from xinbao.core.actions import write_action
from xinbao.core.errors import DomainError
from xinbao.notify.actions import clear_for
from xinbao.orgs import duties
from xinbao.orgs import queries as org_queries
from xinbao.orgs.roles import Role

from .. import policy, states
from ..models import Item, ItemState, ItemVersion, SignoffReturn, Submission, SubmissionState
from ..queries import receiving_hub, working_version
from ..states import ItemAction, SubmissionAction
from ._common import check_complete, check_reason, hub_editors, lock_item, now, search_text, tell, writer_side

if TYPE_CHECKING:
    from xinbao.orgs.models import Channel, Unit, User


def require_signer(user: User | None, item: Item) -> None:
    duties.require(duties.can_sign(user, item.unit_id), _("只有本单位的签发人可以签发本单位的信息。"))


def channel_hubs(item: Item, channels: Sequence[Channel]) -> list[tuple[Channel, Unit]]:
    """The unit's own hub in each channel — the only place it may send to (越级上报 is impossible)."""
    if not channels:
        raise DomainError(_("请至少选择一个报送渠道。"), field="channels")
    pairs = []
    for channel in channels:
        hub = receiving_hub(item.author, item.unit, channel)
        if hub is None:
            raise DomainError(
                _("本单位不在“%(c)s”渠道中报送，无法向该渠道报送。") % {"c": channel.name}, field="channels"
            )
        pairs.append((channel, hub))
    return pairs


@write_action
def sign_off(user: User | None, item: Item) -> list[Submission]:
    """签发: recorded when it happens (never back-dated), on the very text signed. A first sending goes to
    the unit's own hub in each chosen channel; a revision goes back to every hub that returned it."""
    item = lock_item(item)
    require_signer(user, item)
    revision = item.state == ItemState.REVISION_SIGNOFF
    new_state = states.item_next(item.state, ItemAction.SIGN)
    if revision:
        item.state = new_state
        return send_revision(user, item, signer=user)
    pairs = channel_hubs(item, list(item.channels.all()))
    item.state = new_state
    return send(user, item, pairs, signer=user)


def _freeze_text(item: Item, signer: User | None, at: datetime.datetime) -> ItemVersion:
    """The working text becomes the submitted one, signed by ``signer`` now (None: written in person)."""
    version = working_version(item)
    assert version is not None, "an item leaves its unit with a text"
    version.submitted, version.signed_by, version.signed_at = True, signer, at if signer is not None else None
    version.save(update_fields=["submitted", "signed_by", "signed_at"])
    item.attachments.filter(submitted=False, deleted_at__isnull=True).update(submitted=True)
    return version


def send(user: User | None, item: Item, pairs: list[tuple[Channel, Unit]], *, signer: User | None) -> list[Submission]:
    """The item leaves the unit: its text is frozen and each channel's own hub receives it."""
    at = now()
    item.state = ItemState.SUBMITTED
    item.signer, item.signed_at = signer, at if signer is not None else None
    item.submitted_at = item.submitted_at or at
    item.save(update_fields=["state", "signer", "signed_at", "submitted_at", "updated_at"])
    version = _freeze_text(item, signer, at)
    subs = [
        Submission.objects.create(
            item=item,
            hub=hub,
            channel=channel,
            from_unit=item.unit,
            origin_unit=item.unit,
            category=item.category,
            tone=item.tone,
            title=version.title,
            text=search_text(version.title, version.body),
            restricted=policy.is_restricted(item),
            received_at=at,
        )
        for channel, hub in pairs
    ]
    action = "items.sign_off" if signer is not None else "items.submit_direct"
    record(user, action, item, new={"hubs": [h.name for _c, h in pairs], "at": at})
    sender = str(item.author) if signer is None else item.unit.name
    for sub in subs:
        tell(
            hub_editors(sub.hub),
            "items.received",
            _("收到%(u)s报送的《%(t)s》。"),
            f"/items/s/{sub.pk}/",
            titles={"t": (item, item.title)},
            u=sender,
        )
    hubs = "、".join(h.name for _c, h in pairs)
    message = _("《%(t)s》已签发并报送%(h)s。") if signer is not None else _("《%(t)s》已报送%(h)s。")
    tell([item.author], "items.signed", message, f"/items/{item.pk}/", titles={"t": (item, item.title)}, h=hubs)
    return subs


def send_revision(user: User | None, item: Item, *, signer: User | None) -> list[Submission]:
    """A revision leaves the unit, signed anew: every hub that returned the item gets the new text."""
    at = now()
    item.signer, item.signed_at = signer, at if signer is not None else item.signed_at
    item.save(update_fields=["state", "signer", "signed_at", "updated_at"])
    version = _freeze_text(item, signer, at)
    returned = list(
        Submission.objects.select_for_update(of=("self",))
        .select_related("hub", "from_unit")
        .filter(item=item, parent__isnull=True, state=SubmissionState.RETURNED)
        .order_by("pk")
    )
    for sub in returned:
        sub.state = states.submission_next(sub.state, SubmissionAction.RESUBMIT)
        sub.title, sub.text = version.title, search_text(version.title, version.body)
        sub.restricted = policy.is_restricted(item)
        sub.decided_at, sub.decided_by, sub.reason = None, None, ""
        sub.revision += 1  # a decision form opened on the returned text is refused as stale
        sub.save(
            update_fields=["state", "title", "text", "restricted", "decided_at", "decided_by", "reason", "revision"]
        )
        record(user, "items.resubmit", sub, new={"state": sub.state, "version": version.number})
        tell(
            hub_editors(sub.hub),
            "items.resubmitted",
            _("%(u)s已修改并重新报送《%(t)s》。"),
            f"/items/s/{sub.pk}/",
            titles={"t": (item, sub.title)},
            u=item.unit.name,
        )
    action = "items.sign_revision" if signer is not None else "items.resubmit_direct"
    record(user, action, item, new={"version": version.number, "hubs": [s.hub.name for s in returned], "at": at})
    for person in writer_side(item):
        clear_for(person, f"/items/{item.pk}/")  # the return is answered
    return returned


@write_action
def resubmit(user: User | None, item: Item) -> Item:
    """重新报送 after a hub's return: the revised text goes to the unit's signer to be signed again (a
    member writing in person sends it straight back)."""
    from .drafting import require_writer

    item = lock_item(item)
    require_writer(user, item.unit_id)
    working = working_version(item)
    if working is None or working.submitted:
        raise DomainError(_("请先按要求修改信息，再重新报送。"))
    check_complete(item, working.body)
    if duties.writes_in_person(item.author) and user is not None and user.unit_id == item.unit_id:
        item.state = states.item_next(item.state, ItemAction.RESUBMIT_DIRECT)
        send_revision(user, item, signer=None)
        return item
    item.state = states.item_next(item.state, ItemAction.RESUBMIT)
    item.signoff_requested_at = now()
    item.save(update_fields=["state", "signoff_requested_at", "updated_at"])
    record(user, "items.resubmit_for_signoff", item, new={"version": working.number})
    signers = org_queries.users_with_role(Role.SIGNER, unit=item.unit)
    tell(
        signers,
        "items.signoff_requested",
        _("《%(t)s》已按要求修改，等待您重新签发。"),
        f"/items/{item.pk}/",
        titles={"t": (item, item.title)},
    )
    return item


@write_action
def return_signoff(user: User | None, item: Item, reason: str) -> SignoffReturn:
    """The signer sends the item back to the writer; every return is kept (statistics)."""
    item = lock_item(item)
    require_signer(user, item)
    reason = check_reason(reason)
    item.state = states.item_next(item.state, ItemAction.RETURN_SIGNOFF)
    item.save(update_fields=["state", "updated_at"])
    assert user is not None, "a return is made by a signer"
    row = SignoffReturn.objects.create(item=item, signer=user, reason=reason)
    record(user, "items.return_signoff", item, new={"reason": reason})
    tell(
        [item.author],
        "items.signoff_returned",
        _("《%(t)s》被签发人退回：%(r)s"),
        f"/items/{item.pk}/",
        titles={"t": (item, item.title)},
        r=reason,
    )
    return row
