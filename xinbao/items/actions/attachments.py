"""Attachments of a unit's item (checked by type, size and content signature) and the hub's presence marks."""

from __future__ import annotations

import zipfile
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _

from xinbao.audit.actions import record
from xinbao.core.actions import write_action
from xinbao.core.errors import DomainError

from .. import states
from ..models import Attachment, Item, Presence, Submission
from ..states import ItemAction
from ._common import lock_item, now

if TYPE_CHECKING:
    from xinbao.orgs.models import User

# Allowed suffixes and the bytes their content may start with (None: plain text, checked otherwise).
OLE = b"\xd0\xcf\x11\xe0"  # the compound-document header of .doc/.xls/.wps
ATTACHMENT_TYPES: dict[str, tuple[bytes, ...] | None] = {
    ".doc": (OLE, b"{\\rtf"),
    ".docx": (b"PK\x03\x04",),
    ".wps": (OLE,),
    ".pdf": (b"%PDF",),
    ".xls": (OLE,),
    ".xlsx": (b"PK\x03\x04",),
    ".txt": None,
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".zip": (b"PK\x03\x04", b"PK\x05\x06"),
}
# An Office Open XML file is a zip holding this part.
OOXML_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}


def check_file(upload: Any) -> None:
    """Types, size and content: a bad file gets a clear message and is not stored."""
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
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if not _content_matches(suffix, head) or not _ooxml_complete(suffix, upload):
        raise DomainError(_("附件“%(n)s”的内容与文件类型不符，请检查文件是否损坏。") % {"n": name}, field="file")


def _content_matches(suffix: str, head: bytes) -> bool:
    magic = ATTACHMENT_TYPES[suffix]
    if magic is None:  # plain text: no NUL bytes, decodes as UTF-8 or GB18030 (Chinese office PCs)
        if b"\x00" in head:
            return False
        for encoding in ("utf-8", "gb18030"):
            try:
                head.decode(encoding)
                return True
            except UnicodeDecodeError:
                continue
        # A multi-byte character cut at 4096 bytes is not a reason to refuse.
        return _decodes_but_for_the_end(head)
    return head.startswith(magic)


def _ooxml_complete(suffix: str, upload: Any) -> bool:
    """A .docx/.xlsx must be a readable zip with its main part (a renamed zip or a broken file is not)."""
    part = OOXML_PART.get(suffix)
    if part is None:
        return True
    try:
        with zipfile.ZipFile(upload) as archive:
            return part in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


def _decodes_but_for_the_end(head: bytes) -> bool:
    try:
        head[:-4].decode("gb18030")
        return True
    except UnicodeDecodeError:
        return False


@write_action
def add_attachment(user: User | None, item: Item, upload: Any) -> Attachment:
    from .drafting import require_writer

    item = lock_item(item)
    require_writer(user, item.unit_id)
    states.item_next(item.state, ItemAction.EDIT)
    check_file(upload)
    name = PurePath(upload.name).name[:200]
    attachment = Attachment(item=item, name=name, size=upload.size, uploaded_by=user)
    attachment.file.save(name, upload, save=False)
    attachment.save()
    record(user, "items.add_attachment", item, new={"attachment": name, "size": upload.size})
    return attachment


@write_action
def remove_attachment(user: User | None, attachment: Attachment) -> Attachment:
    """Soft removal (the file stays, marked deleted)."""
    from .drafting import require_writer

    item = lock_item(attachment.item)
    require_writer(user, item.unit_id)
    states.item_next(item.state, ItemAction.EDIT)
    attachment.deleted_at = now()
    attachment.save(update_fields=["deleted_at"])
    record(user, "items.remove_attachment", item, old={"attachment": attachment.name})
    return attachment


def touch_presence(user: User, submission: Submission) -> None:
    """Note that ``user`` has the submission open (a view mark, not a change of data: not audited)."""
    Presence.objects.update_or_create(submission=submission, user=user, defaults={"seen_at": now()})
