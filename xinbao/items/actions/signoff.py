"""签发 and sending: the unit's signer signs (or returns to the writer), and the item leaves the unit for
its own hub in each chosen channel — never a hub it does not report to (越级上报 is impossible)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from xinbao.audit.actions import record
from xinbao.core.actions import write_action
from xinbao.core.errors import DomainError
from xinbao.orgs import duties
from xinbao.orgs import queries as org_queries

from .. import policy, states
from ..models import Item, ItemState, SignoffReturn, Submission
from ..queries import working_version
from ..states import ItemAction
from ._common import check_reason, hub_editors, lock_item, now, search_text, tell

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
        if duties.writes_in_person(item.author) and org_queries.is_hub(item.unit, channel):
            hub: Unit | None = item.unit  # a member's items go to the office they are attached to
        else:
            hub = org_queries.hub_for(item.unit, channel)
        if hub is None:
            raise DomainError(
                _("本单位不在“%(c)s”渠道中报送，无法向该渠道报送。") % {"c": channel.name}, field="channels"
            )
        pairs.append((channel, hub))
    return pairs


@write_action
def sign_off(user: User | None, item: Item) -> list[Submission]:
    """签发: recorded when it happens (never back-dated), then the item goes to the unit's own hub in
    each chosen channel."""
    item = lock_item(item)
    require_signer(user, item)
    new_state = states.item_next(item.state, ItemAction.SIGN)
    pairs = channel_hubs(item, list(item.channels.all()))
    item.state = new_state
    return send(user, item, pairs, signer=user)


def send(user: User | None, item: Item, pairs: list[tuple[Channel, Unit]], *, signer: User | None) -> list[Submission]:
    """The item leaves the unit: its text is frozen and each channel's own hub receives it."""
    at = now()
    item.state = ItemState.SUBMITTED
    item.signer, item.signed_at = signer, at if signer is not None else None
    item.submitted_at = item.submitted_at or at
    item.save(update_fields=["state", "signer", "signed_at", "submitted_at", "updated_at"])
    version = working_version(item)
    assert version is not None, "an item leaves its unit with a text"
    version.submitted = True
    version.save(update_fields=["submitted"])
    item.attachments.filter(submitted=False, deleted_at__isnull=True).update(submitted=True)
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
