"""What the item actions share: telling people (through the read policy), validation, versions, locks."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from xinbao.core.errors import DomainError
from xinbao.notify.actions import Message, notify_many
from xinbao.orgs import queries as org_queries
from xinbao.orgs.roles import Role

from .. import policy
from ..models import Angle, Category, Classification, Domain, Item, ItemType, ItemVersion, Readers, Tone
from ..queries import working_version

if TYPE_CHECKING:
    from xinbao.orgs.models import Unit, User

# Categories a unit may draft (综合 is made by merging). 紧急信息 may be drafted directly or from an urgent
# event's reports (the urgent app's “编成信息稿”); its deadlines live in the urgent app.
DRAFT_CATEGORIES = (
    Category.NEWS,
    Category.EXPERIENCE,
    Category.PROBLEM,
    Category.OPINION,
    Category.RESEARCH,
    Category.SPECIAL,
    Category.ECONOMY,
    Category.COMMISSION,
    Category.URGENT,  # last: never the form's default
)
TEXT_FIELDS = (
    "title",
    "writer_name",
    "writer_phone",
    "category",
    "tone",
    "angle",
    "domain",
    "item_type",
    "classification",
    "readers",
)


def now() -> datetime.datetime:
    return timezone.now()


# --- Telling people ---------------------------------------------------------------------------


def tell(
    people: Iterable[User | None],
    kind: str,
    message: str,
    url: str = "",
    *,
    titles: Mapping[str, tuple[Item, str]] | None = None,
    **values: Any,
) -> None:
    """Notify ``people`` with ``message`` % (titles and values). Each title is shown as the recipient may
    see it (the read policy: a title they may not read becomes a neutral label); the e-mail copy, which
    leaves the system, never carries a sensitive title."""
    notify_many(messages_for(people, kind, message, url, titles=titles, **values))


def messages_for(
    people: Iterable[User | None],
    kind: str,
    message: str,
    url: str = "",
    *,
    titles: Mapping[str, tuple[Item, str]] | None = None,
    **values: Any,
) -> list[Message]:
    """What ``tell`` sends, for a caller that tells many things at once (``notify_many``)."""
    titles = titles or {}
    groups: dict[str, list[User]] = {}
    for person in {p.pk: p for p in people if p is not None}.values():
        shown = {key: policy.title_for(person, item, title) for key, (item, title) in titles.items()}
        groups.setdefault(message % {**values, **shown}, []).append(person)
    public = {key: policy.public_title(item, title) for key, (item, title) in titles.items()}
    email_text = message % {**values, **public}
    return [Message(recipients, kind, text, url, email_text) for text, recipients in groups.items()]


def hub_editors(hub: Unit) -> list[User]:
    return list(org_queries.users_with_role(Role.HUB_EDITOR, unit=hub))


def writer_side(item: Item) -> list[User]:
    """The writer and, once signed, the unit's signer: "the writer and unit are told"."""
    return [p for p in (item.author, item.signer) if p is not None]


# --- Validation -------------------------------------------------------------------------------


def check_choice(value: str, choices: Any, field: str, message: str, *, blank: bool = False) -> None:
    if (blank and value == "") or value in choices:
        return
    raise DomainError(message, field=field)


def refuse_unknown_fields(fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(TEXT_FIELDS)
    if unknown:
        raise DomainError(_("无法识别的字段：%(f)s") % {"f": ", ".join(sorted(unknown))})


def clean_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Validate the item's descriptive fields (all optional except a title); strip text."""
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if v is not None}
    if "title" in clean:
        if not clean["title"]:
            raise DomainError(_("请填写标题。"), field="title")
        if len(clean["title"]) > 200:
            raise DomainError(_("标题不能超过200个字。"), field="title")
    if "category" in clean:
        check_choice(clean["category"], DRAFT_CATEGORIES, "category", _("请选择信息类别。"))
    if "tone" in clean:
        check_choice(clean["tone"], Tone.values, "tone", _("基调不正确。"))
    if "angle" in clean:
        check_choice(clean["angle"], Angle.values, "angle", _("角度不正确。"), blank=True)
    if "domain" in clean:
        check_choice(clean["domain"], Domain.values, "domain", _("领域不正确。"), blank=True)
    if "item_type" in clean:
        check_choice(clean["item_type"], ItemType.values, "item_type", _("信息类型不正确。"))
    if "classification" in clean:
        check_choice(clean["classification"], Classification.values, "classification", _("密级不正确。"))
    if "readers" in clean:
        check_choice(clean["readers"], Readers.values, "readers", _("知悉范围不正确。"))
    if len(clean.get("writer_name", "")) > 40:
        raise DomainError(_("执笔人姓名过长。"), field="writer_name")
    phone = clean.get("writer_phone", "")
    if phone and (len(phone) > 30 or not all(ch.isdigit() or ch in "-+ （）()转" for ch in phone)):
        raise DomainError(_("联系电话只能包含数字和“-”。"), field="writer_phone")
    return clean


def check_complete(item: Item, body: str) -> None:
    """What an item needs before it leaves the writer (报送)."""
    if not body.strip():
        raise DomainError(_("正文不能为空。"), field="body")
    if not item.writer_name:
        raise DomainError(_("请填写执笔人。"), field="writer_name")
    if not item.writer_phone:
        raise DomainError(_("请填写执笔人联系电话。"), field="writer_phone")


def check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写理由。"), field="reason")
    if len(reason) > 500:
        raise DomainError(_("理由不能超过500个字。"), field="reason")
    return reason


def check_text(title: str, body: str) -> tuple[str, str]:
    """A hub's title and body (edits, merges): both required, the title at most 200 characters."""
    title, body = (title or "").strip(), lines((body or "").strip())
    if not title:
        raise DomainError(_("请填写标题。"), field="title")
    if len(title) > 200:
        raise DomainError(_("标题不能超过200个字。"), field="title")
    if not body:
        raise DomainError(_("正文不能为空。"), field="body")
    return title, body


# --- Versions ---------------------------------------------------------------------------------


def search_text(title: str, body: str) -> str:
    """What keyword search scans at a hub: the submission's current title and body."""
    return f"{title}\n{body}"


def next_number(item: Item | int) -> int:
    item_id = item if isinstance(item, int) else item.pk
    return (ItemVersion.objects.filter(item_id=item_id).aggregate(n=Max("number"))["n"] or 0) + 1


def lines(text: str) -> str:
    """One newline convention (browsers post CRLF), so versions compare on their words only."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def save_unit_text(user: User | None, item: Item, title: str, body: str) -> ItemVersion:
    """Keep the unit's working text. A version that has been submitted is frozen: editing after it
    makes a new version, so what a hub received never changes."""
    body = lines(body)
    working = working_version(item)
    if working is not None and not working.submitted:
        working.title, working.body, working.editor = title, body, user or item.author
        working.save(update_fields=["title", "body", "editor"])
        return working
    return ItemVersion.objects.create(
        item=item, number=next_number(item), title=title, body=body, editor=user or item.author
    )


def lock_item(item: Item) -> Item:
    return Item.objects.select_for_update(of=("self",)).select_related("author", "signer", "unit").get(pk=item.pk)
