"""Word documents in the official layout: one builder for the 简报 (publications) and the 通报 (scoring).

The layout follows GB/T 9704-2012 (党政机关公文格式) as offices apply it to their 信息刊物 and 通报:

- A4 paper; 天头 (top margin) 37 mm, 订口 (left) 28 mm, a 156 × 225 mm 版心, so right 26 mm and
  bottom 35 mm; 22 lines a page of 三号仿宋 (exact line spacing 28.9 pt); page numbers "— 1 —" in
  四号宋体 under the 版心.
- Fonts by name, never embedded: 方正小标宋简体 (titles, masthead), 黑体 (一、 headings, classification),
  楷体_GB2312 (（一） headings, 编者按, 导语), 仿宋_GB2312 (text). Every run and every style names its font
  for East Asian text too (``w:rFonts/@w:eastAsia``): without it Word shows Chinese in the theme font.
- Word's default styles are redefined: no theme fonts, no blue headings (``define_styles``).
- A red masthead and a red rule (``masthead``, ``issuer_line``).
- Tables as offices draw them (``table``): thin black borders, a 黑体 header row repeated on every
  page, rows that never split across pages, numbers centred.
- The 版记 (``closing_block``: 报/送/发 or 抄送, then 印发机关 and 印发日期 or 印数) between rules, every line
  kept with the next so the block never breaks across pages.

An office may supply its own letterhead (``letterhead``): a .docx whose page setup, header, footer and
first paragraphs (its masthead) are kept, with ``{字段}`` placeholders filled in (``fill_placeholders``);
see docs/decisions/0006-document-builder.md.

PDF: ``docx_to_pdf`` converts with LibreOffice (Debian ``libreoffice-writer-nogui``) when installed, with
``fonts.conf`` mapping the office font names to the free CJK faces (fonts-noto-cjk).
"""

from __future__ import annotations

import datetime
import io
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Length, Pt, RGBColor

from .errors import DomainError

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

# --- Fonts and sizes (字号) --------------------------------------------------------------------

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"

CHUHAO, XIAOCHU = Pt(42), Pt(36)
YIHAO, XIAOYI = Pt(26), Pt(24)
ERHAO, XIAOER = Pt(22), Pt(18)
SANHAO, XIAOSAN = Pt(16), Pt(15)
SIHAO, XIAOSI = Pt(14), Pt(12)
WUHAO = Pt(10.5)

RED = RGBColor(0xE6, 0x00, 0x12)
RED_HEX = "E60012"
BLACK = RGBColor(0, 0, 0)
BLACK_HEX = "000000"

# --- The page (GB/T 9704-2012, 5.2) ------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = Cm(21), Cm(29.7)
TOP_MARGIN, BOTTOM_MARGIN = Cm(3.7), Cm(3.5)
LEFT_MARGIN, RIGHT_MARGIN = Cm(2.8), Cm(2.6)
TEXT_WIDTH = Cm(15.6)  # the 版心 is 156 mm wide
FOOTER_DISTANCE = Cm(2.4)  # the page number sits about 7 mm under the 版心
LINE = Pt(28.9)  # 22 lines in the 225 mm 版心
NO_SPACE = Pt(0)
MASTHEAD_SIZE = Pt(52)
TITLE_BEFORE = Pt(28)
PICTURE_WIDTH = Cm(15)

# Rules, in eighths of a point (w:sz of a border).
RED_RULE = 24  # 3 pt under the masthead
THICK_RULE = 8  # 0.35 mm: first and last lines of the 版记
THIN_RULE = 6  # 0.25 mm: lines inside the 版记


def chinese_date(day: datetime.date | None) -> str:
    """2026年1月5日 (no leading zeros, as documents write it)."""
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


# Element orders of the WordprocessingML schema (Word refuses a file whose elements are out of order).
PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)  # fmt: skip
TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize", "w:tblStyleColBandSize",
    "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar",
    "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)  # fmt: skip


def _insert_in_order(parent: Any, child: Any, order: Sequence[str]) -> None:
    """Insert ``child`` before the first sibling that the schema puts after it."""
    name = _prefixed(child.tag)
    later = {qn(t) for t in order[order.index(name) + 1 :]}
    following = next((c for c in parent if c.tag in later), None)
    if following is not None:
        following.addprevious(child)
    else:
        parent.append(child)


def _prefixed(tag: str) -> str:
    return "w:" + tag.rsplit("}", 1)[-1]


# --- Runs and paragraphs -----------------------------------------------------------------------


def _name_fonts(rpr: Any, name: str) -> None:
    """Name ``name`` for Latin, East Asian and complex scripts, and drop theme fonts (which win)."""
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def set_font(run: Run, name: str, size: Length, *, bold: bool = False, color: RGBColor | None = None) -> Run:
    """Font, size, weight and colour (black unless given) of a run, with the East Asian font named too."""
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    run.font.color.rgb = color if color is not None else BLACK
    _name_fonts(run._element.get_or_add_rPr(), name)
    return run


def add_run(
    paragraph: Paragraph,
    text: str,
    font: str = FANGSONG,
    size: Length = SANHAO,
    *,
    bold: bool = False,
    color: RGBColor | None = None,
) -> Run:
    return set_font(paragraph.add_run(text), font, size, bold=bold, color=color)


def paragraph(
    container: Any,
    text: str = "",
    *,
    font: str = FANGSONG,
    size: Length = SANHAO,
    align: WD_ALIGN_PARAGRAPH | None = None,
    bold: bool = False,
    color: RGBColor | None = None,
    indent: bool = False,
    line: Length | None = LINE,
    before: Length = NO_SPACE,
    after: Length = NO_SPACE,
    style: str | None = None,
) -> Paragraph:
    """A paragraph of a document, header or table cell, with its text in one run.

    ``indent``: the first line indented by two characters (正文); ``line``: exact line spacing
    (``None`` = single, for pictures and big type)."""
    p = container.add_paragraph(style=style) if style else container.add_paragraph()
    format_paragraph(p, align=align, indent=indent, size=size, line=line, before=before, after=after)
    if text:
        add_run(p, text, font, size, bold=bold, color=color)
    return p


def format_paragraph(
    p: Paragraph,
    *,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent: bool = False,
    size: Length = SANHAO,
    line: Length | None = LINE,
    before: Length = NO_SPACE,
    after: Length = NO_SPACE,
) -> None:
    fmt = p.paragraph_format
    if align is not None:
        p.alignment = align
    if indent:
        fmt.first_line_indent = Emu(size * 2)  # two characters
    if line is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line
    else:  # single, whatever the style says (a picture or a masthead must not be clipped)
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.space_before = before
    fmt.space_after = after


def paragraphs_of(text: str) -> list[str]:
    """The non-empty lines of a text typed in a form (each becomes a paragraph)."""
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def rule(p: Paragraph, edge: str = "bottom", *, size: int = THIN_RULE, color: str = BLACK_HEX) -> None:
    """A rule over (``top``) or under (``bottom``) a paragraph: a paragraph border, as Word draws one."""
    ppr = p._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        _insert_in_order(ppr, borders, PPR_ORDER)
    line = OxmlElement(f"w:{edge}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), color)
    # top, left, bottom, right is the schema's order
    order = ["top", "left", "bottom", "right", "between", "bar"]
    later = [qn(f"w:{e}") for e in order[order.index(edge) + 1 :]]
    following = next((child for child in borders if child.tag in later), None)
    if following is not None:
        following.addprevious(line)
    else:
        borders.append(line)


def keep_together(paragraphs: Sequence[Paragraph]) -> None:
    """Never break inside these paragraphs or between them (keep-with-next on all but the last)."""
    for i, p in enumerate(paragraphs):
        p.paragraph_format.keep_together = True
        p.paragraph_format.keep_with_next = i < len(paragraphs) - 1


def page_field(p: Paragraph, instruction: str, font: str, size: Length) -> None:
    """A Word field (PAGE) so that the word processor computes the number."""
    run = add_run(p, "", font, size)
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


# --- Styles ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StyleSpec:
    font: str
    size: Length
    bold: bool = False
    align: WD_ALIGN_PARAGRAPH | None = None
    indent: bool = False
    outline: int | None = None  # heading level (0 = 一级)


# The headings of a document: 一、 黑体; （一） 楷体; 1. 仿宋 bold — as GB/T 9704 (7.3.3) orders them.
STYLES: dict[str, StyleSpec] = {
    "Normal": StyleSpec(FANGSONG, SANHAO),
    "Title": StyleSpec(XIAOBIAOSONG, ERHAO, align=WD_ALIGN_PARAGRAPH.CENTER),
    "Heading 1": StyleSpec(HEITI, SANHAO, indent=True, outline=0),
    "Heading 2": StyleSpec(KAITI, SANHAO, indent=True, outline=1),
    "Heading 3": StyleSpec(FANGSONG, SANHAO, bold=True, indent=True, outline=2),
}
TABLE_TEXT = "表格文字"


THEME_FONTS = tuple(qn(a) for a in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"))
THEME_COLOURS = tuple(qn(a) for a in ("w:themeColor", "w:themeShade", "w:themeTint"))


def _scrub_theme(element: Any) -> None:
    """Remove theme fonts and theme colours under ``element`` (they override the names we set): fonts
    named instead, every coloured thing (text, Word's blue rule under "Title") black."""
    for fonts in element.iter(qn("w:rFonts")):
        for attr in THEME_FONTS:
            fonts.attrib.pop(attr, None)
    for node in element.xpath(".//*[@w:themeColor]"):
        for attr in THEME_COLOURS:
            node.attrib.pop(attr, None)
        if node.tag == qn("w:color"):
            node.set(qn("w:val"), BLACK_HEX)
        elif qn("w:color") in node.attrib:
            node.set(qn("w:color"), BLACK_HEX)


def _doc_defaults(document: DocxDocument) -> None:
    """The defaults every style inherits: 仿宋 for every script, Chinese as the East Asian language."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is not None:
        _name_fonts(rpr, FANGSONG)
        lang = rpr.find(qn("w:lang"))
        if lang is not None:
            lang.set(qn("w:val"), "en-US")
            lang.set(qn("w:eastAsia"), "zh-CN")
    ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    spacing = ppr.find(qn("w:spacing")) if ppr is not None else None
    if spacing is not None:
        spacing.set(qn("w:after"), "0")


def define_styles(document: DocxDocument) -> None:
    """Redefine Word's default styles for an official document: our fonts, black, no theme."""
    _doc_defaults(document)
    _scrub_theme(document.styles.element)
    for name, spec in STYLES.items():
        try:
            style = document.styles[name]
        except KeyError:
            style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        _style(style, spec)
    if TABLE_TEXT not in [s.name for s in document.styles]:
        table_text = document.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
        table_text.base_style = document.styles["Normal"]
        _style(table_text, StyleSpec(FANGSONG, XIAOSI, align=WD_ALIGN_PARAGRAPH.CENTER))
        table_text.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _style(style: Any, spec: StyleSpec) -> None:
    style.font.name = spec.font
    style.font.size = spec.size
    style.font.bold = spec.bold
    style.font.italic = False
    style.font.color.rgb = BLACK
    _name_fonts(style.element.get_or_add_rPr(), spec.font)
    _scrub_theme(style.element)
    ppr = style.element.find(qn("w:pPr"))
    if ppr is not None:
        for borders in ppr.findall(qn("w:pBdr")):
            ppr.remove(borders)
    fmt = style.paragraph_format
    fmt.space_before = NO_SPACE
    fmt.space_after = NO_SPACE
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE if spec.size <= SANHAO else Pt(spec.size.pt * 1.6)
    fmt.first_line_indent = Emu(spec.size * 2) if spec.indent else None
    fmt.alignment = spec.align
    if spec.outline is not None:
        fmt.keep_with_next = True  # a heading never ends a page


# --- The document -----------------------------------------------------------------------------------


def new_document(*, letterhead: Path | None = None, page_numbers: bool = True) -> DocxDocument:
    """An empty A4 document with the official page, styles and page numbers.

    ``letterhead``: an office's own .docx; its page setup, header and footer and its body (the
    masthead, with ``{字段}`` placeholders) are kept, and the content is added after it."""
    if letterhead is not None:
        document = Document(str(letterhead))
        define_styles(document)
        return document
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP_MARGIN, BOTTOM_MARGIN
    section.left_margin, section.right_margin = LEFT_MARGIN, RIGHT_MARGIN
    section.header_distance = Cm(1.5)
    section.footer_distance = FOOTER_DISTANCE
    define_styles(document)
    if page_numbers:
        footer = section.footer.paragraphs[0]
        format_paragraph(footer, align=WD_ALIGN_PARAGRAPH.CENTER, line=None)
        add_run(footer, "— ", SONGTI, SIHAO)
        page_field(footer, "PAGE", SONGTI, SIHAO)
        add_run(footer, " —", SONGTI, SIHAO)
    return document


def letterhead(kind: str) -> Path | None:
    """The office's letterhead for ``kind`` (``issue``, ``notice``) from ``XINBAO_LETTERHEADS``, if any."""
    configured: Mapping[str, str] = getattr(settings, "XINBAO_LETTERHEADS", {}) or {}
    path = configured.get(kind)
    if not path:
        return None
    found = Path(path)
    if not found.is_file():
        raise DomainError(_("找不到配置的公文版头文件：%(p)s") % {"p": path})
    return found


PLACEHOLDER = re.compile(r"\{([^{}\s]{1,20})\}")


def _all_paragraphs(document: DocxDocument) -> Iterator[Paragraph]:
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
    for section in document.sections:
        for part in (section.header, section.footer):
            yield from part.paragraphs


def fill_placeholders(document: DocxDocument, values: Mapping[str, str]) -> int:
    """Replace ``{字段}`` in the letterhead with ``values``; unknown fields are left as typed.

    Word splits typed text into runs unpredictably, so a paragraph holding a placeholder gets its
    whole new text in its first run (keeping that run's font). Returns the number of replacements."""
    count = 0
    for p in _all_paragraphs(document):
        text = p.text
        if "{" not in text:
            continue
        found = [m for m in PLACEHOLDER.finditer(text) if m.group(1) in values]
        if not found:
            continue
        new = PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)
        runs = p.runs
        runs[0].text = new
        for run in runs[1:]:
            run._r.getparent().remove(run._r)
        count += len(found)
    return count


def to_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- The parts of the page ----------------------------------------------------------------------------


def masthead(
    document: DocxDocument, name: str, *, size: Length = MASTHEAD_SIZE, letter_spaced: bool = True
) -> Paragraph:
    """The red masthead (发文机关标志 / 刊名): 方正小标宋, centred; short names letter-spaced."""
    spaced = "  ".join(name) if letter_spaced and len(name) <= 4 else name
    return paragraph(
        document,
        spaced,
        font=XIAOBIAOSONG,
        size=size,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        color=RED,
        bold=True,
        line=None,
        before=Pt(18),
        after=Pt(18),
    )


def issuer_line(document: DocxDocument, left: str, right: str) -> Paragraph:
    """Issuer left, date right (a right tab stop at the text edge), over the thick red rule."""
    p = paragraph(document, line=None)
    p.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    add_run(p, left)
    add_run(p, "\t" + right)
    rule(p, "bottom", size=RED_RULE, color=RED_HEX)
    return p


def title(document: DocxDocument, text: str, *, size: Length = ERHAO, before: Length = TITLE_BEFORE) -> Paragraph:
    """The document's title: 二号方正小标宋, centred, one blank line under the red rule."""
    p = paragraph(
        document,
        text,
        font=XIAOBIAOSONG,
        size=size,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        line=Pt(size.pt * 1.6),
        before=before,
        after=Pt(14),
        style="Title",
    )
    p.paragraph_format.keep_with_next = True
    return p


HEADING_FONTS = {1: (HEITI, False), 2: (KAITI, False), 3: (FANGSONG, True)}


def heading(document: DocxDocument, text: str, level: int = 1) -> Paragraph:
    """一、 (黑体), （一） (楷体) or 1. (仿宋 bold): a Word heading style of our own, never Word's blue."""
    font, bold = HEADING_FONTS[level]
    p = document.add_paragraph(style=f"Heading {level}")
    add_run(p, text, font, SANHAO, bold=bold)
    return p


def body(document: DocxDocument, text: str, *, font: str = FANGSONG) -> list[Paragraph]:
    """正文: one indented paragraph per line of ``text``."""
    return [paragraph(document, line_text, font=font, indent=True) for line_text in paragraphs_of(text)]


def _table_borders(tbl_pr: Any, size: int = 4) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), str(size))
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), BLACK_HEX)
        borders.append(line)
    _insert_in_order(tbl_pr, borders, TBLPR_ORDER)


def _xml_text(value: str) -> str:
    """Text for a ``w:t``: escaped, without the control characters XML does not allow."""
    return escape("".join(ch for ch in value if ch >= " " or ch == "\t"))


def _cell_xml(value: str, width: Length, *, font: str, size: Length, centred: bool, style_id: str) -> str:
    half_points = int(size.pt * 2)
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width.twips}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/><w:spacing w:before="0" w:after="0" w:line="240" '
        f'w:lineRule="auto"/><w:jc w:val="{"center" if centred else "left"}"/></w:pPr>'
        f'<w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
        f'<w:b w:val="0"/><w:color w:val="{BLACK_HEX}"/><w:sz w:val="{half_points}"/>'
        f'<w:szCs w:val="{half_points}"/></w:rPr><w:t xml:space="preserve">{_xml_text(value)}</w:t></w:r></w:p></w:tc>'
    )


def table(
    document: DocxDocument,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    widths: Sequence[Length] | None = None,
    numeric: Iterable[int] = (),
    size: Length = XIAOSI,
) -> Table:
    """An office table: thin black borders, a 黑体 header row repeated on each page, rows that never
    split, text left and numbers (``numeric`` column indexes) centred, as wide as the 版心.

    Rows are written as XML directly (python-docx's cell API costs milliseconds a cell, and a ranking
    of 400 units has 1,600 cells); the result is what the API would write."""
    centred = set(numeric)
    columns = len(header)
    widths = list(widths) if widths else [Emu(int(TEXT_WIDTH / columns))] * columns
    tbl = document.add_table(rows=0, cols=columns)
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl.autofit = False
    _table_borders(tbl._tbl.tblPr)
    for column, width in zip(tbl.columns, widths, strict=True):
        column.width = width  # the grid (LibreOffice lays out by it; Word by the cells' widths)
    style_id = document.styles[TABLE_TEXT].style_id

    def row_xml(values: Sequence[str], *, head: bool) -> str:
        if len(values) != columns:
            raise ValueError(f"a row of {len(values)} cells in a table of {columns} columns")
        flags = "<w:cantSplit/><w:tblHeader/>" if head else "<w:cantSplit/>"
        cells = "".join(
            _cell_xml(
                str(value),
                widths[i],
                font=HEITI if head else FANGSONG,
                size=size,
                centred=head or i in centred,
                style_id=style_id,
            )
            for i, value in enumerate(values)
        )
        return f"<w:tr {nsdecls('w')}><w:trPr>{flags}</w:trPr>{cells}</w:tr>"

    element = tbl._tbl
    element.append(parse_xml(row_xml(header, head=True)))
    for values in rows:
        element.append(parse_xml(row_xml(values, head=False)))
    return tbl


def caption(document: DocxDocument, text: str) -> Paragraph:
    """A table's caption, centred 黑体, kept with its table."""
    p = paragraph(document, text, font=HEITI, size=SIHAO, align=WD_ALIGN_PARAGRAPH.CENTER, before=Pt(6))
    p.paragraph_format.keep_with_next = True
    return p


def picture(document: DocxDocument, png: bytes, width: Length = PICTURE_WIDTH) -> Paragraph:
    p = paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, line=None, before=Pt(6), after=Pt(6))
    p.add_run().add_picture(io.BytesIO(png), width=width)
    return p


def signature(document: DocxDocument, issuer: str, day: datetime.date | None) -> list[Paragraph]:
    """落款: the issuing office and the date, right-aligned four characters in (GB/T 9704, 7.3.5)."""
    lines = []
    for text in (issuer, chinese_date(day)):
        p = paragraph(document, text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        p.paragraph_format.right_indent = Emu(SANHAO * 4)
        lines.append(p)
    lines[0].paragraph_format.space_before = Pt(28.9)
    keep_together(lines)
    return lines


def closing_block(
    document: DocxDocument, lines: Sequence[tuple[str, Sequence[str]]], last: tuple[str, str]
) -> list[Paragraph]:
    """The 版记: ``lines`` (label, names) such as 报/送/发 or 抄送, then the last line (left, right),
    e.g. 本期增发 … （共印N份） or 印发机关 … 印发日期, between rules; 四号仿宋.

    Every paragraph is kept with the next and never split, so the block stays whole on the last page."""
    size = SIHAO
    written: list[Paragraph] = []
    rows = [f"{label}：{'，'.join(names)}。" for label, names in lines if names]
    spacer = paragraph(document, line=Pt(24), before=Pt(28))
    written.append(spacer)
    for text in rows:
        p = paragraph(document, text, size=size, line=Pt(24))
        p.paragraph_format.left_indent = Emu(size * 3)
        p.paragraph_format.first_line_indent = Emu(-size * 2)  # hanging after "报："
        written.append(p)
    end = paragraph(document, size=size, line=Pt(24))
    end.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    left, right = last
    if left:
        add_run(end, left, FANGSONG, size)
    add_run(end, "\t" + right, FANGSONG, size)
    written.append(end)
    # Rules: thick over the first line and under the last, thin between the lines and the last line.
    rule(spacer, "bottom", size=THICK_RULE)
    if rows:
        rule(written[-2], "bottom", size=THIN_RULE)
    rule(end, "bottom", size=THICK_RULE)
    keep_together(written)
    return written


# --- PDF ------------------------------------------------------------------------------------------------

FONTS_CONF = Path(__file__).with_name("fonts.conf")


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
        source = Path(tmp) / "document.docx"
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
        target = Path(tmp) / "document.pdf"
        if not target.exists():
            raise DomainError(_("PDF 生成失败（LibreOffice 未输出文件），请稍后重试或下载 Word 文件。"))
        return target.read_bytes()
