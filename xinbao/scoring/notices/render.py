"""The 通报 as a Word file, through the shared builder (``xinbao.core.documents``, as the 简报).

Red masthead 信息工作通报, the hub and the date over the red rule, the title (二号方正小标宋), the lead
paragraph, the numbered sections (一、 黑体; （一） 楷体) with their office tables and the bar chart, the
remarks, the 落款 (hub and date), and the 版记 (报: the hub above; 发: the assessed units; the hub and
the date of issue) kept together on the last page. An office's own letterhead
(``XINBAO_LETTERHEADS["notice"]``) replaces the masthead; its {发文单位} and {日期} are filled in.
"""

from __future__ import annotations

from docx.shared import Cm, Pt

from xinbao.core import documents as d

from .content import NoticeDocument


def render_docx(doc: NoticeDocument) -> bytes:
    letterhead = d.letterhead("notice")
    document = d.new_document(letterhead=letterhead)
    if letterhead is None:
        d.masthead(document, doc.masthead, size=Pt(44))
        d.issuer_line(document, doc.hub_name, doc.date_text)
    else:
        d.fill_placeholders(document, {"发文单位": doc.hub_name, "日期": doc.date_text, "标题": doc.title})
    d.title(document, doc.title)
    for block in doc.blocks:
        if block.kind == "heading":
            d.heading(document, block.text, 1)
        elif block.kind == "subheading":
            d.heading(document, block.text, 2)
        elif block.kind in ("para", "lead"):
            d.paragraph(document, block.text, indent=True)
        elif block.kind == "table":
            d.table(document, block.header, block.rows, widths=[Cm(w) for w in block.widths], numeric=block.numeric)
            d.paragraph(document, line=Pt(8))  # air under the table
        elif block.kind == "chart":
            d.picture(document, block.png, Cm(15))
    d.signature(document, doc.hub_name, doc.date)
    d.closing_block(document, [("报", doc.report_to), ("发", doc.issue_to)], (doc.hub_name, f"{doc.date_text}印发"))
    return d.to_bytes(document)
