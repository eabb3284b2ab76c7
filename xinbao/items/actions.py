"""Every write on information items: drafting, sign-off, submission, screening, versions, merge,
forwarding and adoption records. Each action checks who may do it, validates, changes state through
``states.py``, writes the audit row and tells the people concerned, in one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.audit.actions import record
from xinbao.core.actions import write_action
from xinbao.core.errors import ConflictError, DomainError, PermissionRefused
from xinbao.core.events import publish
from xinbao.orgs import queries as org_queries
from xinbao.orgs.models import Channel, Unit
from xinbao.orgs.roles import HUB_STAFF, WRITERS, Role

from . import states
from .credits import credits_for
from .models import (
    Adoption,
    AdoptionCredit,
    AdoptionKind,
    AdoptionLevel,
    Angle,
    Attachment,
    Category,
    Classification,
    Domain,
    Item,
    ItemState,
    ItemVersion,
    MergeSource,
    Presence,
    Readers,
    SignoffReturn,
    Submission,
    SubmissionState,
    Tone,
)
from .queries import working_version

# Categories a unit may draft (综合 is made by merging, 紧急信息 by the urgent-reporting flow).
DRAFT_CATEGORIES = (
    Category.NEWS,
    Category.EXPERIENCE,
    Category.PROBLEM,
    Category.OPINION,
    Category.RESEARCH,
    Category.SPECIAL,
    Category.ECONOMY,
    Category.COMMISSION,
)
ATTACHMENT_TYPES = {
    ".doc": None,
    ".docx": b"PK",
    ".wps": None,
    ".pdf": b"%PDF",
    ".xls": None,
    ".xlsx": b"PK",
    ".txt": None,
    ".jpg": b"\xff\xd8",
    ".jpeg": b"\xff\xd8",
    ".png": b"\x89PNG",
}
TEXT_FIELDS = (
    "title",
    "writer_name",
    "writer_phone",
    "category",
    "tone",
    "angle",
    "domain",
    "classification",
    "readers",
)


def _now() -> datetime.datetime:
    return timezone.now()


def _notify(people: Iterable[Any], kind: str, text: str, url: str = "") -> None:
    from xinbao.notify.actions import notify

    notify(people, kind, text, url=url)


def _hub_editors(hub: Unit) -> list[Any]:
    return list(org_queries.users_with_role(Role.HUB_EDITOR, unit=hub))


def _writer_side(item: Item) -> list[Any]:
    """The writer and, once signed, the unit's signer: "the writer and unit are told"."""
    return [p for p in (item.author, item.signer) if p is not None]


# --- Permissions ------------------------------------------------------------------------------


def _require_writer_of(user: Any, unit: Unit | int) -> None:
    unit_id = unit if isinstance(unit, int) else unit.pk
    if user is None:
        return
    if not user.has_role(*WRITERS) or user.unit_id != unit_id:
        raise PermissionRefused(_("只有本单位的信息员可以起草和报送本单位的信息。"))


def _require_signer_of(user: Any, item: Item) -> None:
    if user is None:
        return
    if not user.has_role(Role.SIGNER) or user.unit_id != item.unit_id:
        raise PermissionRefused(_("只有本单位的签发人可以签发本单位的信息。"))


def _require_staff_at(user: Any, hub_id: int) -> None:
    if user is None:
        return
    if not user.has_role(*HUB_STAFF) or user.unit_id != hub_id:
        raise PermissionRefused(_("只有接收单位信息科的人员可以处理这条报送。"))


def _require_hub_staff_of(user: Any, hub: Unit | None) -> None:
    if user is None:
        return
    if not user.has_role(*HUB_STAFF) or hub is None or user.unit_id != hub.pk:
        raise PermissionRefused(_("只有本级信息科人员可以登记采用。"))


@write_action
def record_adoption(
    user: Any,
    *,
    item: Item,
    level: str,
    adopted_on: datetime.date,
    adopter: Unit | None = None,
    adopter_name: str = "",
    submission: Submission | None = None,
    publication: str = "",
    issue_label: str = "",
    issue_id: int | None = None,
    periodical_id: int | None = None,
    kind: str | None = None,
    forwarded: bool = False,
    as_research: bool = False,
    external: bool = False,
    evidence: Any = None,
) -> Adoption:
    """Record one adoption of ``item`` and its credits.

    Inside the system ``adopter`` is the hub (the user must be its staff); outside (``external``)
    ``adopter_name`` names the body (省委办公厅《每日要情》, 中办, 国办, 全国政协 …) and the recording hub
    is the user's unit. With ``issue_id`` the call is idempotent: the same item in the same issue is
    adopted once, however often publishing is pressed.
    """
    _require_hub_staff_of(user, adopter if not external else getattr(user, "unit", None))
    if level not in AdoptionLevel.values:
        raise DomainError(_("采用级别不正确。"), field="level")
    kind = kind or (AdoptionKind.COMBINED if item.is_combined else AdoptionKind.SINGLE)
    if kind not in AdoptionKind.values:
        raise DomainError(_("采用方式不正确。"), field="kind")
    name = adopter_name or (adopter.name if adopter else "")
    if not name:
        raise DomainError(_("请填写采用机关。"), field="adopter_name")
    if issue_id is not None:
        existing = Adoption.objects.filter(item=item, issue_id=issue_id, revoked_at__isnull=True).first()
        if existing is not None:
            return existing
    adoption = Adoption.objects.create(
        item=item,
        submission=submission,
        adopter=adopter,
        adopter_name=name,
        publication=publication,
        issue_label=issue_label,
        issue_id=issue_id,
        periodical_id=periodical_id,
        level=level,
        kind=kind,
        forwarded=forwarded,
        as_research=as_research,
        adopted_on=adopted_on,
        external=external,
        recorded_by=user if user is not None else None,
        **({"evidence": evidence} if evidence else {}),
    )
    AdoptionCredit.objects.bulk_create(
        [
            AdoptionCredit(
                adoption=adoption,
                unit_id=c.unit_id,
                person_id=c.person_id,
                source_item_id=c.source_item_id,
                joint=c.joint,
            )
            for c in credits_for(item)
        ]
    )
    record(
        user,
        "items.record_adoption",
        item,
        new={
            "adopter": name,
            "publication": publication,
            "issue": issue_label,
            "level": level,
            "kind": kind,
            "adopted_on": adopted_on,
            "external": external,
        },
    )
    _announce_adoption(adoption)
    return adoption


def _announce_adoption(adoption: Adoption) -> None:
    """Tell the writer(s), and publish the event (scoring books points at once)."""
    from xinbao.notify.actions import notify

    people = {c.person for c in adoption.credits.select_related("person") if c.person is not None}
    where = f"{adoption.adopter_name}{adoption.publication}{adoption.issue_label}"
    notify(
        people,
        "items.adopted",
        _("您的信息《%(t)s》被%(w)s采用。") % {"t": adoption.item.title, "w": where},
        url=f"/items/{adoption.item_id}/",
    )
    publish("items.adopted", adoption=adoption)


# --- Validation -------------------------------------------------------------------------------


def _check_choice(value: str, choices: Any, field: str, message: str, *, blank: bool = False) -> None:
    if (blank and value == "") or value in choices:
        return
    raise DomainError(message, field=field)


def _clean_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Validate the item's descriptive fields (all optional except a title); strip text."""
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if v is not None}
    if "title" in clean:
        if not clean["title"]:
            raise DomainError(_("请填写标题。"), field="title")
        if len(clean["title"]) > 200:
            raise DomainError(_("标题不能超过200个字。"), field="title")
    if "category" in clean:
        _check_choice(clean["category"], DRAFT_CATEGORIES, "category", _("请选择信息类别。"))
    if "tone" in clean:
        _check_choice(clean["tone"], Tone.values, "tone", _("基调不正确。"))
    if "angle" in clean:
        _check_choice(clean["angle"], Angle.values, "angle", _("角度不正确。"), blank=True)
    if "domain" in clean:
        _check_choice(clean["domain"], Domain.values, "domain", _("领域不正确。"), blank=True)
    if "classification" in clean:
        _check_choice(clean["classification"], Classification.values, "classification", _("密级不正确。"))
    if "readers" in clean:
        _check_choice(clean["readers"], Readers.values, "readers", _("知悉范围不正确。"))
    if len(clean.get("writer_name", "")) > 40:
        raise DomainError(_("执笔人姓名过长。"), field="writer_name")
    phone = clean.get("writer_phone", "")
    if phone and (len(phone) > 30 or not all(ch.isdigit() or ch in "-+ （）()转" for ch in phone)):
        raise DomainError(_("联系电话只能包含数字和“-”。"), field="writer_phone")
    return clean


def _check_complete(item: Item, body: str) -> None:
    """What an item needs before it leaves the writer (报送)."""
    if not body.strip():
        raise DomainError(_("正文不能为空。"), field="body")
    if not item.writer_name:
        raise DomainError(_("请填写执笔人。"), field="writer_name")
    if not item.writer_phone:
        raise DomainError(_("请填写执笔人联系电话。"), field="writer_phone")


def _check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写理由。"), field="reason")
    if len(reason) > 500:
        raise DomainError(_("理由不能超过500个字。"), field="reason")
    return reason


# --- Versions ---------------------------------------------------------------------------------


def _is_restricted(item: Item) -> bool:
    return item.classification == Classification.CONFIDENTIAL or item.readers == Readers.RESTRICTED


def search_text(title: str, body: str) -> str:
    """What keyword search scans at a hub: the submission's current title and body."""
    return f"{title}\n{body}"


def _next_number(item: Item) -> int:
    return (ItemVersion.objects.filter(item=item).aggregate(n=Max("number"))["n"] or 0) + 1


def _lines(text: str) -> str:
    """One newline convention (browsers post CRLF), so versions compare on their words only."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _save_unit_text(user: Any, item: Item, title: str, body: str) -> ItemVersion:
    """Keep the unit's working text. A version that has been submitted is frozen: editing after it
    makes a new version, so what a hub received never changes."""
    body = _lines(body)
    working = working_version(item)
    if working is not None and not working.submitted:
        working.title, working.body, working.editor = title, body, user or item.author
        working.save(update_fields=["title", "body", "editor"])
        return working
    return ItemVersion.objects.create(
        item=item, number=_next_number(item), title=title, body=body, editor=user or item.author
    )


def _lock_item(item: Item) -> Item:
    return Item.objects.select_for_update(of=("self",)).select_related("author", "signer", "unit").get(pk=item.pk)


# --- Drafting (unit side) ---------------------------------------------------------------------


@write_action
def create_draft(
    user: Any,
    *,
    category: str,
    title: str,
    body: str = "",
    unit: Unit | None = None,
    co_units: Sequence[Unit] = (),
    commission_id: int | None = None,
    **fields: Any,
) -> Item:
    """A new draft of the user's own unit (an officer can never draft for another unit)."""
    unit = unit or (user.unit if user is not None else None)
    if unit is None:
        raise DomainError(_("请选择报送单位。"), field="unit")
    _require_writer_of(user, unit)
    unknown = set(fields) - set(TEXT_FIELDS)
    if unknown:
        raise DomainError(_("无法识别的字段：%(f)s") % {"f": ", ".join(sorted(unknown))})
    clean = _clean_fields({"category": category, "title": title, **fields})
    item = Item.objects.create(unit=unit, author=user, commission_id=commission_id, **clean)
    _set_co_units(item, co_units)
    _save_unit_text(user, item, item.title, (body or "").strip())
    record(user, "items.create_draft", item, new={"category": item.category, "title": item.title})
    return item


def _set_co_units(item: Item, co_units: Sequence[Unit]) -> None:
    others = [u for u in co_units if u.pk != item.unit_id]
    item.co_units.set(others)


@write_action
def update_draft(
    user: Any, item: Item, *, body: str | None = None, co_units: Sequence[Unit] | None = None, **fields: Any
) -> Item:
    """Save the writer's changes (autosave included) to a draft or a returned item."""
    item = _lock_item(item)
    _require_writer_of(user, item.unit_id)
    states.item_next(item.state, "edit")
    unknown = set(fields) - set(TEXT_FIELDS)
    if unknown:
        raise DomainError(_("无法识别的字段：%(f)s") % {"f": ", ".join(sorted(unknown))})
    clean = _clean_fields(fields)
    old = {k: getattr(item, k) for k in clean}
    for key, value in clean.items():
        setattr(item, key, value)
    item.save()
    if co_units is not None:
        _set_co_units(item, co_units)
    working = working_version(item)
    text = _lines(body.strip()) if body is not None else (working.body if working else "")
    if working is None or working.title != item.title or working.body != text:
        _save_unit_text(user, item, item.title, text)
    record(user, "items.update_draft", item, old=old, new=clean)
    return item


@write_action
def delete_draft(user: Any, item: Item) -> Item:
    """Soft-delete a draft (it stays in the database, marked deleted)."""
    item = _lock_item(item)
    _require_writer_of(user, item.unit_id)
    item.state = states.item_next(item.state, "delete")
    item.save(update_fields=["state", "updated_at"])
    record(user, "items.delete_draft", item)
    return item


def _channel_hubs(item: Item, channels: Sequence[Channel]) -> list[tuple[Channel, Unit]]:
    """The unit's own hub in each channel — the only place it may send to (越级上报 is impossible)."""
    if not channels:
        raise DomainError(_("请至少选择一个报送渠道。"), field="channels")
    pairs = []
    for channel in channels:
        if _writes_in_person(item.author) and org_queries.is_hub(item.unit, channel):
            hub: Unit | None = item.unit  # a member's items go to the office they are attached to
        else:
            hub = org_queries.hub_for(item.unit, channel)
        if hub is None:
            raise DomainError(
                _("本单位不在“%(c)s”渠道中报送，无法向该渠道报送。") % {"c": channel.name}, field="channels"
            )
        pairs.append((channel, hub))
    return pairs


def _writes_in_person(author: Any) -> bool:
    """政协委员 and 特邀信息员 attached to a hub write in their own name: no unit sign-off."""
    return author.has_role(Role.CPPCC_MEMBER, Role.SPECIAL_OFFICER) and not author.has_role(Role.OFFICER)


@write_action
def submit(user: Any, item: Item, channels: Sequence[Channel]) -> Item:
    """The writer's 报送: the item goes to the unit's signer; signing sends it to the own hubs.
    A member writing in person (委员, 特邀信息员) sends it straight to the office they belong to."""
    item = _lock_item(item)
    _require_writer_of(user, item.unit_id)
    direct = _writes_in_person(item.author) and item.unit_id == user.unit_id
    new_state = states.item_next(item.state, "submit_direct" if direct else "submit")
    working = working_version(item)
    _check_complete(item, working.body if working else "")
    pairs = _channel_hubs(item, channels)
    item.channels.set(channels)
    if direct:
        _send(user, item, pairs, signer=None)
        return item
    item.state = new_state
    item.save(update_fields=["state", "updated_at"])
    record(user, "items.submit", item, new={"channels": [c.code for c in channels]})
    signers = org_queries.users_with_role(Role.SIGNER, unit=item.unit)
    _notify(signers, "items.signoff_requested", _("《%(t)s》等待您签发。") % {"t": item.title}, f"/items/{item.pk}/")
    return item


@write_action
def recall(user: Any, item: Item) -> Item:
    """The writer takes an item back from the signer before it is signed."""
    item = _lock_item(item)
    _require_writer_of(user, item.unit_id)
    item.state = states.item_next(item.state, "recall")
    item.save(update_fields=["state", "updated_at"])
    record(user, "items.recall", item)
    return item


@write_action
def sign_off(user: Any, item: Item) -> list[Submission]:
    """签发: recorded when it happens (never back-dated), then the item goes to the unit's own hub in
    each chosen channel."""
    item = _lock_item(item)
    _require_signer_of(user, item)
    new_state = states.item_next(item.state, "sign")
    pairs = _channel_hubs(item, list(item.channels.all()))
    item.state = new_state
    return _send(user, item, pairs, signer=user)


def _send(user: Any, item: Item, pairs: list[tuple[Channel, Unit]], *, signer: Any) -> list[Submission]:
    """The item leaves the unit: its text is frozen and each channel's own hub receives it."""
    now = _now()
    item.state = ItemState.SUBMITTED
    item.signer, item.signed_at = signer, now if signer is not None else None
    item.submitted_at = item.submitted_at or now
    item.save(update_fields=["state", "signer", "signed_at", "submitted_at", "updated_at"])
    version = working_version(item)
    assert version is not None
    version.submitted = True
    version.save(update_fields=["submitted"])
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
            restricted=_is_restricted(item),
            received_at=now,
        )
        for channel, hub in pairs
    ]
    action = "items.sign_off" if signer is not None else "items.submit_direct"
    record(user, action, item, new={"hubs": [h.name for _c, h in pairs], "at": now})
    for sub in subs:
        text = _("收到%(u)s报送的《%(t)s》。") % {
            "u": item.author if signer is None else item.unit.name,
            "t": item.title,
        }
        _notify(_hub_editors(sub.hub), "items.received", text, f"/items/s/{sub.pk}/")
    hubs = "、".join(h.name for _c, h in pairs)
    text = _("《%(t)s》已签发并报送%(h)s。") if signer is not None else _("《%(t)s》已报送%(h)s。")
    _notify([item.author], "items.signed", text % {"t": item.title, "h": hubs}, f"/items/{item.pk}/")
    return subs


@write_action
def return_signoff(user: Any, item: Item, reason: str) -> SignoffReturn:
    """The signer sends the item back to the writer; every return is kept (statistics)."""
    item = _lock_item(item)
    _require_signer_of(user, item)
    reason = _check_reason(reason)
    item.state = states.item_next(item.state, "return_signoff")
    item.save(update_fields=["state", "updated_at"])
    row = SignoffReturn.objects.create(item=item, signer=user, reason=reason)
    record(user, "items.return_signoff", item, new={"reason": reason})
    _notify(
        [item.author],
        "items.signoff_returned",
        _("《%(t)s》被签发人退回：%(r)s") % {"t": item.title, "r": reason},
        f"/items/{item.pk}/",
    )
    return row


_UNDECIDED = (SubmissionState.PENDING, SubmissionState.RESERVE)


def _require_author_or_signer(user: Any, item: Item) -> None:
    if user is None:
        return
    if user.pk == item.author_id or (user.has_role(Role.SIGNER) and user.unit_id == item.unit_id):
        return
    raise PermissionRefused(_("只有这条信息的起草人或本单位的签发人可以撤回。"))


@write_action
def withdraw(user: Any, item: Item, reason: str) -> Item:
    """撤回: the writer's unit takes a submitted item back while no hub has decided on it. The item and
    every pending (or reserve) submission become withdrawn; the hubs' editors are told."""
    item = _lock_item(item)
    _require_author_or_signer(user, item)
    reason = _check_reason(reason)
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
    item.state = states.item_next(item.state, "withdraw")
    item.save(update_fields=["state", "updated_at"])
    for sub in subs:
        sub.state = states.submission_next(sub.state, "withdraw")
        sub.reason = reason
        sub.revision += 1  # a hub form opened before the withdrawal is refused as stale
        sub.save(update_fields=["state", "reason", "revision"])
    record(user, "items.withdraw", item, new={"reason": reason, "submissions": [s.pk for s in subs]})
    for sub in subs:
        text = _("%(u)s撤回了《%(t)s》：%(r)s") % {"u": item.unit.name, "t": sub.title, "r": reason}
        _notify(_hub_editors(sub.hub), "items.withdrawn", text, f"/items/s/{sub.pk}/")
    return item


@write_action
def reopen(user: Any, item: Item) -> Item:
    """A withdrawn item becomes a draft again; the next 报送 needs a new sign-off and sends it anew
    (the withdrawn submissions stay on record)."""
    item = _lock_item(item)
    _require_writer_of(user, item.unit_id)
    item.state = states.item_next(item.state, "reopen")
    item.signer, item.signed_at, item.submitted_at = None, None, None
    item.save(update_fields=["state", "signer", "signed_at", "submitted_at", "updated_at"])
    record(user, "items.reopen", item)
    return item


# --- Screening (hub side) ---------------------------------------------------------------------


def _lock_submission(user: Any, submission: Submission, action: str, revision: int | None) -> Submission:
    """Lock the row, check the person, the revision the decision was made on, and the transition."""
    sub = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("item__author", "item__signer", "item__unit", "hub", "channel", "decided_by")
        .get(pk=submission.pk)
    )
    _require_staff_at(user, sub.hub_id)
    if revision is not None and revision != sub.revision:
        who = sub.decided_by or _("其他人员")
        raise ConflictError(
            _("这条信息已被%(who)s处理（当前状态：%(s)s），您的操作未执行，请刷新后查看。")
            % {"who": who, "s": sub.get_state_display()}
        )
    states.submission_next(sub.state, action)
    return sub


def _decide(user: Any, sub: Submission, action: str, reason: str = "") -> Submission:
    old_state = sub.state
    sub.state = states.submission_next(sub.state, action)
    sub.decided_at, sub.decided_by, sub.reason = _now(), user, reason
    sub.revision += 1
    sub.save(update_fields=["state", "decided_at", "decided_by", "reason", "revision"])
    record(user, f"items.{action}", sub, old={"state": old_state}, new={"state": sub.state, "reason": reason})
    return sub


def _tell_writer(sub: Submission, kind: str, text: str) -> None:
    people = _writer_side(sub.item)
    if sub.parent_id is not None:  # forwarded: the lower hub's editor who forwarded it is told too
        parent = Submission.objects.select_related("decided_by").get(pk=sub.parent_id)
        people.append(parent.decided_by)
    _notify(people, kind, text, f"/items/{sub.item_id}/")


def _hub_level(hub: Unit) -> str:
    return hub.level if hub.level in AdoptionLevel.values else AdoptionLevel.COUNTY


@write_action
def adopt(
    user: Any,
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
    sub = _lock_submission(user, submission, "adopt", revision)
    if issue_id is not None:
        existing = Adoption.objects.filter(item_id=sub.item_id, issue_id=issue_id, revoked_at__isnull=True).first()
        if existing is not None:
            return existing
    live = Adoption.objects.filter(submission=sub, revoked_at__isnull=True)
    undated = live.filter(issue_id__isnull=True).first()
    if sub.state == SubmissionState.ADOPTED and undated is not None and issue_id is None:
        return undated  # pressing "adopt" twice
    if undated is not None and issue_id is not None:
        # The decision's adoption gains its issue (one adoption per hub decision). It keeps its date, so
        # the period it counts in does not move; re-announcing it lets scoring rescore that period now
        # that the periodical is known.
        undated.issue_id, undated.periodical_id = issue_id, periodical_id
        undated.publication, undated.issue_label = publication or undated.publication, issue_label
        undated.save(update_fields=["issue_id", "periodical_id", "publication", "issue_label"])
        record(user, "items.adopt_in_issue", undated.item, new={"issue_id": issue_id, "issue": issue_label})
        publish("items.adopted", adoption=undated)
        return undated
    if sub.state != SubmissionState.ADOPTED:
        _decide(user, sub, "adopt")
    return record_adoption(
        user,
        item=sub.item,
        level=level or _hub_level(sub.hub),
        adopted_on=adopted_on or timezone.localdate(),
        adopter=sub.hub,
        submission=sub,
        publication=publication,
        issue_label=issue_label,
        issue_id=issue_id,
        periodical_id=periodical_id,
        forwarded=sub.parent_id is not None,
    )


@write_action
def return_submission(user: Any, submission: Submission, reason: str, *, revision: int | None = None) -> Submission:
    """退回修改: the sender revises and resubmits (a new version)."""
    reason = _check_reason(reason)
    sub = _lock_submission(user, submission, "return", revision)
    _decide(user, sub, "return", reason)
    if sub.parent_id is None:
        item = _lock_item(sub.item)
        item.state = states.item_next(item.state, "hub_return")
        item.save(update_fields=["state", "updated_at"])
    text = _("《%(t)s》被%(h)s退回修改：%(r)s") % {"t": sub.title, "h": sub.hub.name, "r": reason}
    _tell_writer(sub, "items.returned", text)
    return sub


@write_action
def reject(user: Any, submission: Submission, reason: str, *, revision: int | None = None) -> Submission:
    """不采用, with the reason the writer will read."""
    reason = _check_reason(reason)
    sub = _lock_submission(user, submission, "reject", revision)
    _decide(user, sub, "reject", reason)
    text = _("《%(t)s》未被%(h)s采用：%(r)s") % {"t": sub.title, "h": sub.hub.name, "r": reason}
    _tell_writer(sub, "items.rejected", text)
    return sub


@write_action
def reserve(user: Any, submission: Submission, *, revision: int | None = None) -> Submission:
    """备用: kept for later use (a publication may still take it)."""
    sub = _lock_submission(user, submission, "reserve", revision)
    _decide(user, sub, "reserve")
    _tell_writer(sub, "items.reserved", _("《%(t)s》已被%(h)s列为备用。") % {"t": sub.title, "h": sub.hub.name})
    return sub


@write_action
def resubmit(user: Any, submission: Submission) -> Submission:
    """Send a returned submission again after revision. From a unit: its revised text (a new version);
    from a lower hub (a returned forward): the lower hub's current text."""
    sub = Submission.objects.select_for_update(of=("self",)).select_related("item", "hub").get(pk=submission.pk)
    if sub.parent_id is None:
        _require_writer_of(user, sub.origin_unit_id)
    else:
        _require_staff_at(user, sub.from_unit_id)
    sub.state = states.submission_next(sub.state, "resubmit")
    if sub.parent_id is None:
        _resubmit_unit_text(sub)
    else:
        _copy_text(user, Submission.objects.get(pk=sub.parent_id), sub, _("修改后重新转报"))
    sub.decided_at, sub.decided_by, sub.reason = None, None, ""
    sub.revision += 1
    sub.save(update_fields=["state", "title", "text", "restricted", "decided_at", "decided_by", "reason", "revision"])
    record(user, "items.resubmit", sub, new={"state": sub.state})
    text = _("%(u)s已修改并重新报送《%(t)s》。") % {"u": sub.from_unit.name, "t": sub.title}
    _notify(_hub_editors(sub.hub), "items.resubmitted", text, f"/items/s/{sub.pk}/")
    return sub


def _resubmit_unit_text(sub: Submission) -> None:
    item = _lock_item(sub.item)
    working = working_version(item)
    # A revision is a unit version written after the return (it may already have been resubmitted to
    # the other channel's hub); the text the hub returned does not count.
    revised_after_return = working is not None and (
        not working.submitted or sub.decided_at is None or working.created_at >= sub.decided_at
    )
    if working is None or not revised_after_return:
        raise DomainError(_("请先按要求修改信息，再重新报送。"))
    if not working.submitted:
        working.submitted = True
        working.save(update_fields=["submitted"])
    item.state = states.item_next(item.state, "resubmit")
    if item.submissions.filter(state=SubmissionState.RETURNED).exclude(pk=sub.pk).exists():
        item.state = ItemState.RETURNED  # another hub still waits for a revision
    item.save(update_fields=["state", "updated_at"])
    sub.title, sub.text = working.title, search_text(working.title, working.body)
    sub.restricted = _is_restricted(item)


def _copy_text(user: Any, source: Submission, target: Submission, note: str) -> ItemVersion:
    from .queries import current_version

    text = current_version(source)
    target.title, target.text = text.title, search_text(text.title, text.body)
    return ItemVersion.objects.create(
        item_id=target.item_id,
        submission=target,
        number=_next_number(target.item),
        title=text.title,
        body=text.body,
        editor=user or text.editor,
        note=note,
    )


@write_action
def edit_submission(
    user: Any, submission: Submission, title: str, body: str, note: str = "", *, revision: int | None = None
) -> ItemVersion:
    """The hub edits its own copy: a new version with editor and time; the original never changes."""
    sub = _lock_submission(user, submission, "edit", revision)
    title, body, note = (title or "").strip(), _lines((body or "").strip()), (note or "").strip()
    if not title:
        raise DomainError(_("请填写标题。"), field="title")
    if len(title) > 200:
        raise DomainError(_("标题不能超过200个字。"), field="title")
    if not body:
        raise DomainError(_("正文不能为空。"), field="body")
    from .queries import current_version

    before = current_version(sub)
    if before.title == title and before.body == body:
        raise DomainError(_("内容没有变化，未生成新版本。"))
    version = ItemVersion.objects.create(
        item_id=sub.item_id,
        submission=sub,
        number=_next_number(sub.item),
        title=title,
        body=body,
        editor=user,
        note=note[:200],
    )
    old_title, sub.title, sub.text = sub.title, title, search_text(title, body)
    sub.revision += 1
    sub.save(update_fields=["title", "text", "revision"])
    record(
        user,
        "items.edit_submission",
        sub,
        old={"title": old_title, "version": before.number},
        new={"title": title, "version": version.number},
    )
    return version


@write_action
def forward(user: Any, submission: Submission, channel: Channel | None = None) -> Submission:
    """转报: an adopted item, as edited here, goes to this hub's own hub, where it is screened again."""
    sub = _lock_submission(user, submission, "forward", None)
    channel = channel or sub.channel
    upper = org_queries.hub_for(sub.hub, channel)
    if upper is None:
        raise DomainError(_("本单位在“%(c)s”渠道中没有上级汇总单位，无法转报。") % {"c": channel.name})
    if Submission.objects.filter(item_id=sub.item_id, hub=upper, channel=channel).exists():
        raise DomainError(_("这条信息已经报送到%(h)s，不能重复转报。") % {"h": upper.name})
    now = _now()
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
        received_at=now,
    )
    new.save()
    _copy_text(user, sub, new, _("由%(h)s转报") % {"h": sub.hub.name})
    new.save(update_fields=["title", "text"])
    sub.forwarded_at, sub.decided_by = now, user
    sub.revision += 1
    sub.save(update_fields=["forwarded_at", "decided_by", "revision"])
    record(user, "items.forward", sub, new={"to": upper.name, "channel": channel.code})
    _notify(
        _hub_editors(upper),
        "items.received",
        _("收到%(u)s转报的《%(t)s》。") % {"u": sub.hub.name, "t": new.title},
        f"/items/s/{new.pk}/",
    )
    _notify(
        _writer_side(sub.item),
        "items.forwarded",
        _("《%(t)s》已由%(h)s转报%(u)s。") % {"t": new.title, "h": sub.hub.name, "u": upper.name},
        f"/items/{sub.item_id}/",
    )
    return new


@write_action
def merge(user: Any, submissions: Sequence[Submission], *, title: str, body: str, note: str = "") -> Submission:
    """综合: several submissions at this hub become one combined item in the hub's own queue; every
    source keeps credit (MergeSource, see credits.py)."""
    if len({s.pk for s in submissions}) < 2:
        raise DomainError(_("请至少选择两条信息进行综合。"))
    subs = [_lock_submission(user, s, "merge", None) for s in submissions]
    hub = subs[0].hub
    if len({s.channel_id for s in subs}) != 1:
        raise DomainError(_("只能综合同一渠道的信息。"))
    title, body = (title or "").strip(), _lines((body or "").strip())
    if not title or not body:
        raise DomainError(_("请填写综合信息的标题和正文。"), field="title" if not title else "body")
    now = _now()
    item = Item.objects.create(
        unit=hub,
        author=user,
        category=Category.COMBINED,
        title=title[:200],
        is_combined=True,
        state=ItemState.SUBMITTED,
        signer=user,
        signed_at=now,
        tone=subs[0].tone,
        classification=max((s.item.classification for s in subs), key=_rank),
    )
    ItemVersion.objects.create(
        item=item, number=1, title=item.title, body=body, editor=user, note=note[:200], submitted=True
    )
    combined = Submission.objects.create(
        item=item,
        hub=hub,
        channel=subs[0].channel,
        from_unit=hub,
        origin_unit=hub,
        category=Category.COMBINED,
        tone=item.tone,
        title=item.title,
        text=search_text(item.title, body),
        restricted=any(s.restricted for s in subs),
        received_at=now,
    )
    MergeSource.objects.bulk_create([MergeSource(combined=item, source=s) for s in subs])
    for sub in subs:
        _decide(user, sub, "merge", _("综合为《%(t)s》") % {"t": item.title})
        _tell_writer(
            sub,
            "items.merged",
            _("《%(t)s》被%(h)s综合进《%(c)s》。") % {"t": sub.title, "h": hub.name, "c": item.title},
        )
    record(user, "items.merge", item, new={"sources": [s.pk for s in subs]})
    return combined


def _rank(classification: str) -> int:
    from .models import CLASSIFICATION_RANK

    return CLASSIFICATION_RANK.get(classification, 0)


@write_action
def record_external_adoption(
    user: Any,
    submission: Submission,
    *,
    adopter_name: str,
    level: str,
    adopted_on: datetime.date,
    publication: str = "",
    issue_label: str = "",
    evidence: Any = None,
) -> Adoption:
    """An adoption by a body outside the system (省委办公厅《每日要情》, 中办, 国办, 全国政协), recorded by
    the hub that forwarded the item, with the publication, date and evidence."""
    submission = Submission.objects.select_related("item").get(pk=submission.pk)
    _require_staff_at(user, submission.hub_id)
    if submission.state != SubmissionState.ADOPTED:
        raise DomainError(_("只能为本级已采用（并转报）的信息登记系统外采用。"))
    if not (adopter_name or "").strip():
        raise DomainError(_("请填写采用机关。"), field="adopter_name")
    if adopted_on > timezone.localdate():
        raise DomainError(_("采用日期不能晚于今天。"), field="adopted_on")
    if evidence is not None:
        _check_file(evidence)
    return record_adoption(
        user,
        item=submission.item,
        level=level,
        adopted_on=adopted_on,
        adopter_name=adopter_name.strip(),
        submission=submission,
        publication=publication.strip(),
        issue_label=issue_label.strip(),
        forwarded=True,
        external=True,
        evidence=evidence,
    )


# --- Attachments and presence -----------------------------------------------------------------


def _check_file(upload: Any) -> None:
    """Types and size: a bad file gets a clear message and is not stored."""
    name = getattr(upload, "name", "") or ""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ATTACHMENT_TYPES:
        allowed = "、".join(sorted(ATTACHMENT_TYPES))
        raise DomainError(
            _("不支持的附件类型“%(s)s”，可上传：%(a)s。") % {"s": suffix or name, "a": allowed}, field="file"
        )
    limit = settings.XINBAO_MAX_ATTACHMENT_MB * 1024 * 1024
    if upload.size == 0:
        raise DomainError(_("附件“%(n)s”是空文件。") % {"n": name}, field="file")
    if upload.size > limit:
        raise DomainError(
            _("附件“%(n)s”超过%(m)sMB的大小限制。") % {"n": name, "m": settings.XINBAO_MAX_ATTACHMENT_MB}, field="file"
        )
    magic = ATTACHMENT_TYPES[suffix]
    if magic is not None:
        upload.seek(0)
        head = upload.read(len(magic))
        upload.seek(0)
        if head != magic:
            raise DomainError(_("附件“%(n)s”的内容与文件类型不符，请检查文件是否损坏。") % {"n": name}, field="file")


@write_action
def add_attachment(user: Any, item: Item, upload: Any) -> Attachment:
    item = _lock_item(item)
    _require_writer_of(user, item.unit_id)
    states.item_next(item.state, "edit")
    _check_file(upload)
    name = PurePath(upload.name).name[:200]
    attachment = Attachment(item=item, name=name, size=upload.size, uploaded_by=user)
    attachment.file.save(name, upload, save=False)
    attachment.save()
    record(user, "items.add_attachment", item, new={"attachment": name, "size": upload.size})
    return attachment


@write_action
def remove_attachment(user: Any, attachment: Attachment) -> Attachment:
    """Soft removal (the file stays, marked deleted)."""
    item = _lock_item(attachment.item)
    _require_writer_of(user, item.unit_id)
    states.item_next(item.state, "edit")
    attachment.deleted_at = _now()
    attachment.save(update_fields=["deleted_at"])
    record(user, "items.remove_attachment", item, old={"attachment": attachment.name})
    return attachment


def touch_presence(user: Any, submission: Submission) -> None:
    """Note that ``user`` has the submission open (a view mark, not a change of data: not audited)."""
    Presence.objects.update_or_create(submission=submission, user=user, defaults={"seen_at": _now()})
