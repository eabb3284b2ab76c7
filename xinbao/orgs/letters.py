"""The sealed password letter (密码通知书): a Word page per person, printed and handed over in a
sealed envelope (office intranets have no SMS). Made in memory and streamed once; never stored.

The top part goes into the envelope; the bottom part (no password) is the receipt the operator
keeps with the person's signature.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _paragraph(document: Any, text: str, *, size: int = 12, bold: bool = False, center: bool = False) -> Any:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _letter(document: Any, person: Any, password: str, issuer: str, site: str) -> None:
    unit = str(person.unit) if person.unit else ""
    _paragraph(document, _("密码通知书"), size=20, bold=True, center=True)
    _paragraph(document, _("（密封件，仅限本人拆阅）"), size=11, center=True)
    _paragraph(document, _("%(name)s 同志：") % {"name": person.display_name or person.username})
    _paragraph(document, _("您在信报信息工作平台的账号信息如下："))
    _paragraph(document, _("单位：%(u)s") % {"u": unit})
    _paragraph(document, _("用户名：%(u)s") % {"u": person.username}, size=14, bold=True)
    _paragraph(document, _("临时密码：%(p)s") % {"p": password}, size=16, bold=True)
    if site:
        _paragraph(document, _("登录地址：%(s)s") % {"s": site})
    _paragraph(
        document,
        _("请本人尽快登录。首次登录时系统会要求您设置新密码，临时密码随即失效；新密码不能与最近使用过的密码相同。"),
    )
    _paragraph(document, _("请勿将本通知书交给他人。如果信封在您收到前已被拆开，请立即联系安全管理员重新发放。"))
    _paragraph(document, "✂ " + "-" * 60, size=9, center=True)
    _paragraph(document, _("签收回执（由发放人留存，不含密码）"), size=12, bold=True)
    _paragraph(document, _("用户名：%(u)s    单位：%(unit)s") % {"u": person.username, "unit": unit})
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    _paragraph(document, _("发放人：%(i)s    生成时间：%(t)s") % {"i": issuer, "t": stamp})
    _paragraph(document, _("本人签收：________________    日期：____________"))


def password_letters(people_and_passwords: Sequence[tuple[Any, str]], *, issuer: str, site: str = "") -> bytes:
    """One page per (person, temporary password)."""
    document = Document()
    for index, (person, password) in enumerate(people_and_passwords):
        if index:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _letter(document, person, password, issuer, site)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
