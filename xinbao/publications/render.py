"""The official layout of an issue: Word (.docx, python-docx) and PDF (LibreOffice, when installed).

Layout as offices print 信息刊物: classification top left; the periodical name as a red masthead;
第N期 (总第M期); issuing unit left and date right; a thick red rule; 编者按; each item's title and
text (仿宋_GB2312 三号 body, 方正小标宋简体 titles, 楷体 notes); page numbers in the footer; and the
closing block (版记) with 报/送/发, 本期增发 and 共印N份 between thin rules.
Fonts are named (East Asian names through ``w:rFonts/@w:eastAsia``), never embedded.
"""

from __future__ import annotations

import datetime
import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from xinbao.core.errors import DomainError

RED = RGBColor(0xE6, 0x00, 0x12)
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEI_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
SONG_FONT = "宋体"
BODY_SIZE = Pt(16)  # 三号
LINE = Pt(28)
NO_SPACE = Pt(0)
LEAD_TITLE_CHARS = 20
FONTS_CONF = Path(__file__).with_name("fonts.conf")  # fixed line spacing customary for 三号 text (22 lines a page)


@dataclass
class EntryDoc:
    title: str
    body: str
    note: str = ""  # 编者按 of this item
    source: str = ""  # origin unit, printed after the text


@dataclass
class IssueDoc:
    periodical: str  # without 《》
    classification: str  # as printed top left ("" for none)
    number_label: str  # 第12期 / 增刊第1期
    total_label: str  # 总第345期 or ""
    issuer: str
    date: datetime.date | None
    editor_note: str = ""
    entries: list[EntryDoc] = field(default_factory=list)
    report_to: list[str] = field(default_factory=list)
    send_to: list[str] = field(default_factory=list)
    issue_to: list[str] = field(default_factory=list)
    extra_to: list[str] = field(default_factory=list)
    copies: int = 0
    correction_of: str = ""  # label of the corrected issue


def chinese_date(day: datetime.date | None) -> str:
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


# --- low-level helpers ------------------------------------------------------------------------


def _font(run, name: str, size: Pt, *, bold: bool = False, color: RGBColor | None = None) -> None:  # type: ignore[no-untyped-def]
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _para(
    doc,  # type: ignore[no-untyped-def]
    text: str = "",
    *,
    font: str = BODY_FONT,
    size: Pt = BODY_SIZE,
    align: int | None = None,
    bold: bool = False,
    color: RGBColor | None = None,
    indent: bool = False,
    line: Pt | None = LINE,
    before: Pt = NO_SPACE,
    after: Pt = NO_SPACE,
) -> Paragraph:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    if align is not None:
        p.alignment = align
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)  # two characters
    if line is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line
    fmt.space_before = before
    fmt.space_after = after
    if text:
        _font(p.add_run(text), font, size, bold=bold, color=color)
    return p


def _border(paragraph: Paragraph, edge: str, *, size: int, color: str = "E60012", style: str = "single") -> None:
    """A rule under/over a paragraph (``size`` in eighths of a point)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    line = OxmlElement(f"w:{edge}")
    line.set(qn("w:val"), style)
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), color)
    borders.append(line)


def _field(paragraph: Paragraph, instruction: str, font: str, size: Pt) -> None:
    """A Word field (PAGE) so the page numbers are computed by the word processor."""
    run = paragraph.add_run()
    _font(run, font, size)
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)


# --- the parts of the page ---------------------------------------------------------------------


def _setup_page(document) -> None:  # type: ignore[no-untyped-def]
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.0), Cm(2.8)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(1.8)
    normal = document.styles["Normal"]
    _font_style(normal, BODY_FONT, BODY_SIZE)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(footer.add_run("— "), SONG_FONT, Pt(14))
    _field(footer, "PAGE", SONG_FONT, Pt(14))
    _font(footer.add_run(" —"), SONG_FONT, Pt(14))


def _font_style(style, name: str, size: Pt) -> None:  # type: ignore[no-untyped-def]
    style.font.name = name
    style.font.size = size
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), name)


def _masthead(document, data: IssueDoc, text_width: float) -> None:  # type: ignore[no-untyped-def]
    # Classification mark, top left.
    _para(document, data.classification, font=HEI_FONT, size=BODY_SIZE, line=None, after=Pt(6))
    # The periodical name: big, red, centred, letter-spaced (two-character names spaced wider).
    spacing = "  " if len(data.periodical) <= 4 else ""
    name = spacing.join(data.periodical) if spacing else data.periodical
    size = Pt(52) if len(data.periodical) <= 6 else Pt(40)
    _para(
        document,
        name,
        font=TITLE_FONT,
        size=size,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        color=RED,
        bold=True,
        line=None,
        before=Pt(18),
        after=Pt(18),
    )
    number = data.number_label + (f"（{data.total_label}）" if data.total_label else "")
    _para(document, number, font=BODY_FONT, size=BODY_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER, line=None, after=Pt(10))
    # Issuer left, date right: one line with a right tab stop at the text edge, then the thick red rule.
    line = _para(document, line=None, after=Pt(0))
    line.paragraph_format.tab_stops.add_tab_stop(Cm(text_width), WD_TAB_ALIGNMENT.RIGHT)
    _font(line.add_run(data.issuer), BODY_FONT, BODY_SIZE)
    _font(line.add_run("\t" + chinese_date(data.date)), BODY_FONT, BODY_SIZE)
    _border(line, "bottom", size=24)


def _editor_note(document, note: str) -> None:  # type: ignore[no-untyped-def]
    for i, text in enumerate(_paragraphs(note)):
        p = _para(document, indent=True, before=Pt(6) if i == 0 else Pt(0))
        if i == 0:
            _font(p.add_run("编者按："), HEI_FONT, BODY_SIZE)
        _font(p.add_run(text), KAI_FONT, BODY_SIZE)


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def _entry(document, entry: EntryDoc, *, first: bool) -> None:  # type: ignore[no-untyped-def]
    _para(
        document,
        entry.title,
        font=TITLE_FONT,
        # 二号 for the lead item when it fits on one line (20 characters), 小二 otherwise.
        size=Pt(22) if first and len(entry.title) <= LEAD_TITLE_CHARS else Pt(18),
        align=WD_ALIGN_PARAGRAPH.CENTER,
        line=Pt(36),
        before=Pt(20) if first else Pt(24),
        after=Pt(12),
    )
    if entry.note:
        _editor_note(document, entry.note)
    for text in _paragraphs(entry.body):
        _para(document, text, indent=True)
    if entry.source:
        _para(document, f"（{entry.source}）", font=KAI_FONT, align=WD_ALIGN_PARAGRAPH.RIGHT)


def _closing_block(document, data: IssueDoc) -> None:  # type: ignore[no-untyped-def]
    size = Pt(14)  # 四号
    lines = [("报", data.report_to), ("送", data.send_to), ("发", data.issue_to)]
    rows = [f"{label}：{'，'.join(names)}。" for label, names in lines if names]
    first = _para(document, line=Pt(24), before=Pt(36))
    _border(first, "bottom", size=6, color="000000")
    for i, text in enumerate(rows):
        p = _para(document, text, size=size, line=Pt(24))
        p.paragraph_format.left_indent = Pt(14 * 3)
        p.paragraph_format.first_line_indent = Pt(-14 * 2)  # hanging after "报："
        if i == len(rows) - 1:
            _border(p, "bottom", size=6, color="000000")
    last = _para(document, size=size, line=Pt(24))
    last.paragraph_format.tab_stops.add_tab_stop(Cm(15.6), WD_TAB_ALIGNMENT.RIGHT)
    if data.extra_to:
        _font(last.add_run(f"本期增发：{'，'.join(data.extra_to)}。"), BODY_FONT, size)
    _font(last.add_run(f"\t（共印{data.copies}份）"), BODY_FONT, size)
    _border(last, "bottom", size=6, color="000000")


def render_docx(data: IssueDoc) -> bytes:
    document = Document()
    _setup_page(document)
    text_width = 21 - 2.8 - 2.6
    _masthead(document, data, text_width)
    if data.correction_of:
        _para(document, "更　　正", font=TITLE_FONT, size=Pt(22), align=WD_ALIGN_PARAGRAPH.CENTER, before=Pt(20))
        _para(document, f"（更正本刊{data.correction_of}）", font=KAI_FONT, align=WD_ALIGN_PARAGRAPH.CENTER)
    if data.editor_note:
        _editor_note(document, data.editor_note)
    for i, entry in enumerate(data.entries):
        _entry(document, entry, first=i == 0)
    _closing_block(document, data)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(content: bytes, *, timeout: int = 120) -> bytes:
    """Convert with LibreOffice; a clear Chinese message when it is not installed or fails."""
    soffice = soffice_path()
    if soffice is None:
        raise DomainError(
            _("服务器未安装 LibreOffice，无法生成 PDF；请下载 Word 文件，或请管理员安装 libreoffice-writer-nogui。")
        )
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "issue.docx"
        source.write_bytes(content)
        # A private profile directory: concurrent conversions must not share LibreOffice's lock.
        profile = Path(tmp) / "profile"
        command = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(source),
        ]
        env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=timeout, env=env)
        except (subprocess.SubprocessError, OSError) as exc:
            raise DomainError(_("PDF 生成失败（LibreOffice 转换出错），请稍后重试或下载 Word 文件。")) from exc
        target = Path(tmp) / "issue.pdf"
        if not target.exists():
            raise DomainError(_("PDF 生成失败（LibreOffice 未输出文件），请稍后重试或下载 Word 文件。"))
        return target.read_bytes()


__all__ = ["EntryDoc", "IssueDoc", "chinese_date", "docx_to_pdf", "render_docx"]
