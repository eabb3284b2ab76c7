"""The official layout of an issue (简报): Word (.docx) and PDF, through the shared builder
(``xinbao.core.documents``, which the 通报 uses too).

Layout as offices print 信息刊物: classification top left; the periodical name as a red masthead;
第N期 (总第M期); issuing unit left and date right over a thick red rule; 编者按; each item's title and
text (仿宋_GB2312 三号 body, 方正小标宋简体 titles, 楷体 notes); page numbers in the footer; and the
closing block (版记) with 报/送/发, 本期增发 and 共印N份 between rules, kept together on the last page.
An office's own letterhead (``XINBAO_LETTERHEADS["issue"]``) replaces the masthead, with the
placeholders {密级} {刊名} {期号} {编印单位} {日期} filled in.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from xinbao.core import documents as d
from xinbao.core.documents import chinese_date, docx_to_pdf, soffice_path

LEAD_TITLE_CHARS = 20


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
    copy_number: str = ""  # 份号 of this copy (six digits) for 秘密/机密 issues, "" otherwise

    @property
    def number_line(self) -> str:
        return self.number_label + (f"（{self.total_label}）" if self.total_label else "")


def _masthead(document: d.DocxDocument, data: IssueDoc) -> None:
    # 份号 first (six digits, top left of the first line), then the classification mark (黑体三号).
    if data.copy_number:
        d.paragraph(document, data.copy_number, font=d.HEITI, line=None, after=d.NO_SPACE)
    d.paragraph(document, data.classification, font=d.HEITI, line=None, after=Pt(6))
    d.masthead(document, data.periodical, size=Pt(52) if len(data.periodical) <= 6 else Pt(40))
    d.paragraph(document, data.number_line, align=WD_ALIGN_PARAGRAPH.CENTER, line=None, after=Pt(10))
    d.issuer_line(document, data.issuer, chinese_date(data.date))


def _editor_note(document: d.DocxDocument, note: str) -> None:
    for i, text in enumerate(d.paragraphs_of(note)):
        p = d.paragraph(document, indent=True, before=Pt(6) if i == 0 else d.NO_SPACE)
        if i == 0:
            d.add_run(p, "编者按：", d.HEITI)
        d.add_run(p, text, d.KAITI)


def _entry(document: d.DocxDocument, entry: EntryDoc, *, first: bool) -> None:
    title = d.paragraph(
        document,
        entry.title,
        font=d.XIAOBIAOSONG,
        # 二号 for the lead item when it fits on one line (20 characters), 小二 otherwise.
        size=d.ERHAO if first and len(entry.title) <= LEAD_TITLE_CHARS else d.XIAOER,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        line=Pt(36),
        before=Pt(20) if first else Pt(24),
        after=Pt(12),
    )
    title.paragraph_format.keep_with_next = True
    if entry.note:
        _editor_note(document, entry.note)
    d.body(document, entry.body)
    if entry.source:
        d.paragraph(document, f"（{entry.source}）", font=d.KAITI, align=WD_ALIGN_PARAGRAPH.RIGHT)


def render_docx(data: IssueDoc) -> bytes:
    letterhead = d.letterhead("issue")
    document = d.new_document(letterhead=letterhead)
    if letterhead is None:
        _masthead(document, data)
    else:
        d.fill_placeholders(
            document,
            {
                "份号": data.copy_number,
                "密级": data.classification,
                "刊名": data.periodical,
                "期号": data.number_line,
                "编印单位": data.issuer,
                "日期": chinese_date(data.date),
            },
        )
    if data.correction_of:
        d.paragraph(
            document, "更　　正", font=d.XIAOBIAOSONG, size=d.ERHAO, align=WD_ALIGN_PARAGRAPH.CENTER, before=Pt(20)
        )
        d.paragraph(document, f"（更正本刊{data.correction_of}）", font=d.KAITI, align=WD_ALIGN_PARAGRAPH.CENTER)
    if data.editor_note:
        _editor_note(document, data.editor_note)
    for i, entry in enumerate(data.entries):
        _entry(document, entry, first=i == 0)
    extra = f"本期增发：{'，'.join(data.extra_to)}。" if data.extra_to else ""
    d.closing_block(
        document,
        [("报", data.report_to), ("送", data.send_to), ("发", data.issue_to)],
        (extra, f"（共印{data.copies}份）"),
    )
    return d.to_bytes(document)


__all__ = ["EntryDoc", "IssueDoc", "chinese_date", "docx_to_pdf", "render_docx", "soffice_path"]
