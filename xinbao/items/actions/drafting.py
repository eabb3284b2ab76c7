"""The unit's side before and around sign-off: drafts, 报送 to the signer, 撤回 and reopening."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from xinbao.audit.actions import record
from xinbao.core.actions import write_action
from xinbao.core.errors import ConflictError, DomainError
from xinbao.orgs import duties
from xinbao.orgs import queries as org_queries
from xinbao.orgs.roles import Role

from .. import policy, states
from ..models import Item, Submission, SubmissionState
from ..queries import co_unit_candidates, working_version
from ..states import ItemAction, SubmissionAction
from ._common import (
    check_complete,
    check_reason,
    clean_fields,
    hub_editors,
    lines,
    lock_item,
    now,
    refuse_unknown_fields,
    save_unit_text,
    tell,
)
from .signoff import channel_hubs, send

if TYPE_CHECKING:
    from xinbao.orgs.models import Channel, Unit, User

_UNDECIDED = (SubmissionState.PENDING, SubmissionState.RESERVE)


def require_writer(user: User | None, unit: Unit | int) -> None:
    duties.require(duties.can_write(user, unit), _("只有本单位的信息员可以起草和报送本单位的信息。"))


@write_action
def create_draft(
    user: User,  # an item always has an author (never the system)
    *,
    category: str,
    title: str,
    body: str = "",
    unit: Unit | None = None,
    co_units: Sequence[Unit] = (),
    channels: Sequence[Channel] = (),
    commission_id: int | None = None,
    **fields: Any,
) -> Item:
    """A new draft of the user's own unit (an officer can never draft for another unit); the chosen
    channels are kept with it for the 报送 that follows."""
    unit = unit or user.unit
    if unit is None:
        raise DomainError(_("请选择报送单位。"), field="unit")
    require_writer(user, unit)
    refuse_unknown_fields(fields)
    clean = clean_fields({"category": category, "title": title, **fields})
    item = Item.objects.create(unit=unit, author=user, commission_id=commission_id, **clean)
    set_co_units(item, co_units)
    if channels:
        item.channels.set(channels)
    save_unit_text(user, item, item.title, (body or "").strip())
    record(user, "items.create_draft", item, new={"category": item.category, "title": policy.public_title(item)})
    return item


def set_co_units(item: Item, co_units: Sequence[Unit]) -> None:
    """合报单位 must be units the item's unit may name (its hub's other member units); the API is
    refused like the form, so a writer cannot credit a unit of another county."""
    others = [u for u in co_units if u.pk != item.unit_id]
    allowed = set(co_unit_candidates(item.unit).filter(pk__in=[u.pk for u in others]).values_list("pk", flat=True))
    strangers = [u.name for u in others if u.pk not in allowed]
    if strangers:
        raise DomainError(
            _("合报单位只能是与本单位报送同一信息科的单位：%(u)s 不在其中。") % {"u": "、".join(strangers)},
            field="co_units",
        )
    item.co_units.set(others)


@write_action
def update_draft(
    user: User | None,
    item: Item,
    *,
    body: str | None = None,
    co_units: Sequence[Unit] | None = None,
    channels: Sequence[Channel] | None = None,
    **fields: Any,
) -> Item:
    """Save the writer's changes (autosave included) to a draft or a returned item."""
    item = lock_item(item)
    require_writer(user, item.unit_id)
    states.item_next(item.state, ItemAction.EDIT)
    refuse_unknown_fields(fields)
    clean = clean_fields(fields)
    old = {k: getattr(item, k) for k in clean}
    for key, value in clean.items():
        setattr(item, key, value)
    item.save()
    if co_units is not None:
        set_co_units(item, co_units)
    if channels is not None:
        item.channels.set(channels)
    working = working_version(item)
    text = lines(body.strip()) if body is not None else (working.body if working else "")
    if working is None or working.title != item.title or working.body != text:
        save_unit_text(user, item, item.title, text)
    if "title" in clean and policy.is_sensitive(item):  # the audit log never carries a sensitive title
        old["title"] = clean["title"] = policy.neutral_label(item.pk)
    record(user, "items.update_draft", item, old=old, new=clean)
    return item


@write_action
def delete_draft(user: User | None, item: Item) -> Item:
    """Soft-delete a draft (it stays in the database, marked deleted)."""
    item = lock_item(item)
    require_writer(user, item.unit_id)
    item.state = states.item_next(item.state, ItemAction.DELETE)
    item.save(update_fields=["state", "updated_at"])
    record(user, "items.delete_draft", item)
    return item


@write_action
def submit(user: User | None, item: Item, channels: Sequence[Channel]) -> Item:
    """The writer's 报送: the item goes to the unit's signer; signing sends it to the own hubs.
    A member writing in person (委员, 特邀信息员) sends it straight to the office they belong to."""
    item = lock_item(item)
    require_writer(user, item.unit_id)
    direct = duties.writes_in_person(item.author) and user is not None and item.unit_id == user.unit_id
    new_state = states.item_next(item.state, ItemAction.SUBMIT_DIRECT if direct else ItemAction.SUBMIT)
    working = working_version(item)
    check_complete(item, working.body if working else "")
    pairs = channel_hubs(item, channels)
    item.channels.set(channels)
    if direct:
        send(user, item, pairs, signer=None)
        return item
    item.state = new_state
    item.signoff_requested_at = now()
    item.save(update_fields=["state", "signoff_requested_at", "updated_at"])
    record(user, "items.submit", item, new={"channels": [c.name for c in channels]})
    signers = org_queries.users_with_role(Role.SIGNER, unit=item.unit)
    tell(
        signers,
        "items.signoff_requested",
        _("《%(t)s》等待您签发。"),
        f"/items/{item.pk}/",
        titles={"t": (item, item.title)},
    )
    return item


@write_action
def recall(user: User | None, item: Item) -> Item:
    """The writer takes an item back from the signer before it is signed."""
    item = lock_item(item)
    require_writer(user, item.unit_id)
    item.state = states.item_next(item.state, ItemAction.RECALL)
    item.save(update_fields=["state", "updated_at"])
    record(user, "items.recall", item)
    return item


def _require_author_or_signer(user: User | None, item: Item) -> None:
    allowed = user is None or user.pk == item.author_id or duties.can_sign(user, item.unit_id)
    duties.require(allowed, _("只有这条信息的起草人或本单位的签发人可以撤回。"))


@write_action
def withdraw(user: User | None, item: Item, reason: str) -> Item:
    """撤回: the writer's unit takes a submitted item back while no hub has decided on it. The item and
    every pending (or reserve) submission become withdrawn; the hubs' editors are told."""
    item = lock_item(item)
    _require_author_or_signer(user, item)
    reason = check_reason(reason)
    # Lock the submissions too, so a hub's decision and the withdrawal cannot cross.
    subs = list(
        Submission.objects.select_for_update(of=("self",)).select_related("hub").filter(item=item).order_by("pk")
    )
    decided = [s for s in subs if s.state not in _UNDECIDED or s.forwarded_at is not None]
    if decided:
        s = decided[0]
        raise ConflictError(
            _("%(h)s已处理这条信息（%(s)s），不能再撤回。") % {"h": s.hub.name, "s": s.get_state_display()}
        )
    item.state = states.item_next(item.state, ItemAction.WITHDRAW)
    item.save(update_fields=["state", "updated_at"])
    for sub in subs:
        sub.state = states.submission_next(sub.state, SubmissionAction.WITHDRAW)
        sub.reason = reason
        sub.revision += 1  # a hub form opened before the withdrawal is refused as stale
        sub.save(update_fields=["state", "reason", "revision"])
    record(user, "items.withdraw", item, new={"reason": reason, "submissions": [s.pk for s in subs]})
    for sub in subs:
        tell(
            hub_editors(sub.hub),
            "items.withdrawn",
            _("%(u)s撤回了《%(t)s》：%(r)s"),
            f"/items/s/{sub.pk}/",
            titles={"t": (item, sub.title)},
            u=item.unit.name,
            r=reason,
        )
    return item


@write_action
def reopen(user: User | None, item: Item) -> Item:
    """A withdrawn item becomes a draft again; the next 报送 needs a new sign-off and sends it anew
    (the withdrawn submissions stay on record)."""
    item = lock_item(item)
    require_writer(user, item.unit_id)
    item.state = states.item_next(item.state, ItemAction.REOPEN)
    item.signer, item.signed_at, item.submitted_at = None, None, None
    item.save(update_fields=["state", "signer", "signed_at", "submitted_at", "updated_at"])
    record(user, "items.reopen", item)
    return item
