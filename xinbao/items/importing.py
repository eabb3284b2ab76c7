"""Text from a Word (.docx) file: one paragraph per line, as offices write them."""

from __future__ import annotations

import zipfile
from typing import Any

from django.utils.translation import gettext as _

from xinbao.core.errors import DomainError

MAX_DOCX_MB = 20


def docx_text(upload: Any) -> tuple[str, str]:
    """(title, body) of a .docx: the first non-empty paragraph is taken as the title."""
    import docx

    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".docx"):
        raise DomainError(_("只能导入 Word 文档（.docx）。旧版 .doc 文件请先另存为 .docx。"), field="docx")
    if upload.size > MAX_DOCX_MB * 1024 * 1024:
        raise DomainError(_("Word 文档超过%(m)sMB。") % {"m": MAX_DOCX_MB}, field="docx")
    try:
        document = docx.Document(upload)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DomainError(_("无法读取这个 Word 文档，文件可能已损坏。"), field="docx") from exc
    paragraphs = [p.text.strip() for p in document.paragraphs]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise DomainError(_("Word 文档中没有文字。"), field="docx")
    return paragraphs[0][:200], "\n".join(paragraphs[1:])
