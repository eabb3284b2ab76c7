import datetime
import io
import shutil

import pytest
import time_machine
from docx import Document
from docx.oxml.ns import qn

from xinbao.items.testing import make_submitted_item
from xinbao.publications import actions
from xinbao.publications.render import chinese_date, docx_to_pdf, render_docx

from .factories import composed, periodical, sign_off

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def texts(document):
    return [p.text for p in document.paragraphs]


@pytest.fixture
def published(city):
    paper = periodical(city, name="清河信息", running_total=True, total_base=211, copies=120)
    titles = ["城关镇推行一窗通办", "新华镇秋粮收购进度过半", "石桥镇：山洪隐患排查"]
    with time_machine.travel(datetime.datetime(2026, 11, 25, 9, tzinfo=SHANGHAI), tick=False):
        issue = composed(city, paper, titles)
        actions.update_issue(city.county_editor, issue, distribution={"extra_to": [city.county2_hub]})
        sign_off(city, issue)
        issue, _note = actions.publish_issue(city.county_editor, issue)
    return issue, titles


def test_word_file_has_the_official_layout(published):
    issue, titles = published
    document = Document(io.BytesIO(issue.docx_file.read()))
    lines = texts(document)
    assert lines[0] == "内部资料　注意保存"  # classification top left
    assert lines[1].replace(" ", "") == "清河信息"  # masthead
    masthead = document.paragraphs[1].runs[0]
    assert masthead.font.color.rgb == (0xE6, 0x00, 0x12)
    assert lines[2] == "第1期（总第212期）"
    assert lines[3] == "中共清河县委办公室\t2026年11月25日"
    # Every title, in the issue's order, before the closing block.
    positions = [lines.index(t) for t in titles]
    assert positions == sorted(positions)
    closing = "\n".join(lines[positions[-1] :])
    assert "报：中共江州市委办公室。" in closing
    assert "送：清河县人民政府办公室。" in closing
    assert "发：清河城关镇，清河新华镇。" in closing
    assert "本期增发：中共白石县委办公室。" in closing
    assert "（共印120份）" in closing


def test_fonts_are_named_for_east_asian_text_and_body_is_sanhao(published):
    issue, titles = published
    document = Document(io.BytesIO(issue.docx_file.read()))
    body = next(p for p in document.paragraphs if p.text == "正文第一段。")
    run = body.runs[0]
    assert run.font.size.pt == 16
    assert run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    title = next(p for p in document.paragraphs if p.text == titles[0])
    assert title.runs[0]._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "方正小标宋简体"


def test_footer_has_a_page_number_field(published):
    issue, _ = published
    document = Document(io.BytesIO(issue.docx_file.read()))
    footer_xml = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer_xml and "fldChar" in footer_xml


def test_supplement_and_public_issue_labels(city):
    paper = periodical(city, classification="public")
    with time_machine.travel(datetime.datetime(2026, 2, 3, 9, tzinfo=SHANGHAI), tick=False):
        issue = actions.create_issue(city.county_editor, paper, series="supplement")
        sub = make_submitted_item(city, title="增刊稿", classification="public")
        actions.add_entry(city.county_editor, issue, sub)
        issue = sign_off(city, issue)
    data = actions.issue_document(issue)
    assert data.number_label == "增刊第1期" and data.total_label == "" and data.classification == ""
    document = Document(io.BytesIO(render_docx(data)))
    assert texts(document)[1].replace(" ", "") == "清河信息"


def test_chinese_date():
    assert chinese_date(datetime.date(2026, 1, 5)) == "2026年1月5日"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_pdf_through_libreoffice(published):
    issue, _ = published
    pdf = docx_to_pdf(issue.docx_file.read())
    assert pdf.startswith(b"%PDF")


def test_pdf_without_libreoffice_says_so(monkeypatch):
    from xinbao.core import documents
    from xinbao.core.errors import DomainError

    monkeypatch.setattr(documents.shutil, "which", lambda name: None)
    with pytest.raises(DomainError, match="未安装 LibreOffice"):
        docx_to_pdf(b"")


def test_the_word_file_is_chinese_whatever_the_page_language(published):
    from django.utils import translation

    issue, _titles = published
    with translation.override("en"):
        data = actions.issue_document(issue)
    assert data.classification == "内部资料　注意保存" and data.number_label == "第1期"
