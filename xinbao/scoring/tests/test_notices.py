"""Notices (通报): the figures, what the notice says (titles through the read policy, sections that
appear with their source), the Word file through the shared builder, and the scheduler."""

from __future__ import annotations

import datetime
import io
import re

import pytest
import time_machine
from docx import Document
from docx.oxml.ns import qn

from xinbao.core import documents
from xinbao.instructions.actions import record_instruction
from xinbao.scoring import actions as scoring_actions
from xinbao.scoring import notice_actions, notices
from xinbao.scoring.models import Notice, NoticeState
from xinbao.scoring.notices import content, data
from xinbao.scoring.periods import containing
from xinbao.scoring.sources import ScoringFact, register_source, unregister_source

from .factories import adopt, example, make_item, rule_set

D = datetime.date
Q1 = containing("quarter", D(2026, 2, 1))
PLACEHOLDERS = ("尚未接入", "未接入", "暂无数据", "not connected", "模块")


@pytest.fixture
def quarter(city, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    rs = rule_set(city.county_hub, city.channels["party"], example("district_quarterly.yaml"), D(2026, 1, 1))
    # 城关镇 submits a 问题 item (忧) and a 动态 (喜); the 问题 item is adopted and instructed.
    problem = make_item(city.township, city.officer, D(2026, 1, 8), title="农村养老难题", category="problem")
    problem.tone = "bad"
    problem.save()
    news = make_item(city.township, city.officer, D(2026, 1, 9), title="春耕动态")
    news.tone = "good"
    news.save()
    adopt(problem, D(2026, 2, 1), "county", adopter=city.county_hub)
    record_instruction(
        None,
        item=problem,
        text="请民政局研究。",
        leader_name="王县长",
        leader_level="county",
        instructed_on=D(2026, 2, 5),
    )
    rs.problem = problem  # type: ignore[attr-defined]
    return rs


def word(content_bytes: bytes):  # type: ignore[no-untyped-def]
    return Document(io.BytesIO(content_bytes))


def all_text(document) -> str:  # type: ignore[no-untyped-def]
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def generated(city, quarter) -> Notice:  # type: ignore[no-untyped-def]
    return notice_actions.create_notice(city.county_editor, quarter, Q1)


# --- The figures --------------------------------------------------------------------------------


def test_notice_figures(quarter, city):  # type: ignore[no-untyped-def]
    scoring_actions.recompute(None, quarter, Q1.start, Q1.end)  # period rules (base, quota) are booked
    figures = notices.notice_data(quarter, Q1)
    assert (figures.units, figures.submitted, figures.adopted) == (2, 2, 1)
    assert figures.silent == ["清河新华镇"] and figures.unadopted == ["清河新华镇"]
    assert [(x.unit, x.title, x.detail) for x in figures.instructed] == [("清河城关镇", "农村养老难题", "王县长")]
    # One section per lower app's facts the rule set assesses (it names urgent.late, error.reported and
    # commission.completed), shown empty when nothing happened; 批示落实反馈 and 原稿转送交办, which it
    # does not assess and where nothing happened, are left out.
    assert [(x.key, x.rows) for x in figures.sections] == [("commission", []), ("error", []), ("urgent", [])]
    # Overall: 1 of 2 items is 问题类 → 问题+专报+调研 50%, 问题 50%.
    assert [str(s) for s in figures.overall_mix] == ["0.500", "0.500"]
    township = figures.unit_mix[0]
    assert (township.name, township.submitted, township.good, township.bad) == ("清河城关镇", 2, 1, 1)
    # 城关镇: 6 - 1 (2 of 3) + 10 (district adoption) + 10 (county leader) = 25; 新华镇: 6 - 3 - 1 = 2.
    assert [(r.rank, r.name, r.total, r.below_pass) for r in figures.all_rows] == [
        (1, "清河城关镇", 25, False),
        (2, "清河新华镇", 2, True),
    ]
    assert figures.report_to == ["中共江州市委办公室"]  # 报: the hub above in the channel
    assert figures.issue_to == ["清河城关镇", "清河新华镇"]


def test_figures_survive_the_json_round_trip(quarter):  # type: ignore[no-untyped-def]
    figures = notices.notice_data(quarter, Q1)
    assert data.from_json(data.to_json(figures)) == figures


def test_figures_are_kept_until_regenerated(quarter, city):  # type: ignore[no-untyped-def]
    notice = generated(city, quarter)
    assert notice.figures["adopted"] == 1
    late = make_item(city.township2, city.officer2, D(2026, 3, 2), title="新华镇迟到的采用")
    adopt(late, D(2026, 3, 3), "county", adopter=city.county_hub)
    notice.refresh_from_db()
    assert notice.figures["adopted"] == 1  # the draft still says what was gathered
    notice = notice_actions.regenerate_notice(city.county_editor, notice)
    assert notice.figures["adopted"] == 2 and notice.figures["silent"] == []


# --- Sections come with their sources -----------------------------------------------------------


def _urgent_facts(unit_ids, start, end):  # type: ignore[no-untyped-def]
    unit = min(unit_ids)
    yield ScoringFact("urgent.late", unit, D(2026, 2, 10), "urgent.report", 1)
    yield ScoringFact("urgent.late", unit, D(2026, 2, 20), "urgent.report", 2)


def test_urgent_section_appears_once_its_source_is_registered(quarter, city):  # type: ignore[no-untyped-def]
    notice = generated(city, quarter)
    text = all_text(word(notice_actions.document_bytes(notice)))
    assert "本期无迟报、漏报、瞒报、误报。" in text  # the urgent app is connected; nothing happened yet
    register_source("test-urgent", _urgent_facts, {"urgent.late": "紧急信息迟报"})
    try:
        notice = notice_actions.regenerate_notice(city.county_editor, notice)
        document = word(notice_actions.document_bytes(notice))
    finally:
        unregister_source("test-urgent")
    text = all_text(document)
    assert "紧急信息报送情况" in text
    rows = [[c.text for c in row.cells] for row in document.tables[-2].rows]  # before the category mix
    assert rows == [["单位", "情形", "次数"], ["清河城关镇", "紧急信息迟报", "2"]]


def _referred_facts(unit_ids, start, end):  # type: ignore[no-untyped-def]
    yield ScoringFact("item.referred", min(unit_ids), D(2026, 3, 3), "items.outcome", 1)


def test_a_section_the_rules_do_not_assess_appears_only_when_something_happened(quarter, city):  # type: ignore[no-untyped-def]
    notice = generated(city, quarter)
    assert "原稿转送交办情况" not in all_text(word(notice_actions.document_bytes(notice)))
    register_source("test-referred", _referred_facts, {"item.referred": "原稿转送/交办有关部门办理"})
    try:
        notice = notice_actions.regenerate_notice(city.county_editor, notice)
        text = all_text(word(notice_actions.document_bytes(notice)))
    finally:
        unregister_source("test-referred")
    assert "原稿转送交办情况" in text and "原稿转送/交办有关部门办理" in text


# --- Titles: as printed, through the read policy -------------------------------------------------


def test_a_sensitive_title_is_never_printed(quarter, city):  # type: ignore[no-untyped-def]
    problem = quarter.problem
    problem.classification = "secret"
    problem.save()
    notice = generated(city, quarter)
    label = f"〔涉密信息〕（编号{problem.pk}）"
    text = all_text(word(notice_actions.document_bytes(notice)))
    assert "农村养老难题" not in text and label in text
    doc = content.build(notice, data.from_json(notice.figures))
    preview = " ".join(cell for b in doc.blocks for row in b.rows for cell in row)
    assert "农村养老难题" not in preview and label in preview


def test_an_item_printed_in_an_issue_is_named_by_its_printed_title(quarter, city, settings):  # type: ignore[no-untyped-def]
    from xinbao.publications import actions as pub_actions
    from xinbao.publications.tests.factories import composed, periodical, sign_off

    settings.XINBAO_ISSUE_PDF = False
    shanghai = datetime.timezone(datetime.timedelta(hours=8))
    with time_machine.travel(datetime.datetime(2026, 2, 10, 9, tzinfo=shanghai), tick=False):
        issue = sign_off(city, composed(city, periodical(city), ["城关镇破解农村养老难题的做法"]))
        pub_actions.publish_issue(city.county_editor, issue)
        printed = issue.entries.get().submission.item
        printed.title = "城关镇养老（改后的标题）"
        printed.save()
        record_instruction(
            None,
            item=printed,
            text="好经验。",
            leader_name="李书记",
            leader_level="county",
            instructed_on=D(2026, 2, 11),
        )
    notice = generated(city, quarter)
    doc = content.build(notice, data.from_json(notice.figures))
    titles = [row[1] for b in doc.blocks if b.kind == "table" and b.header[1] == "信息" for row in b.rows]
    assert "城关镇破解农村养老难题的做法" in titles  # as printed, not the later title
    assert "城关镇养老（改后的标题）" not in titles
    assert "农村养老难题" in titles  # never printed: the hub's current title


# --- The Word file --------------------------------------------------------------------------------


@pytest.fixture
def notice_doc(quarter, city):  # type: ignore[no-untyped-def]
    notice = generated(city, quarter)
    notice = notice_actions.edit_notice(
        city.county_editor,
        notice,
        title=notice.title,
        lead="一季度，各单位围绕中心工作积极报送信息。",
        remarks="各单位要加强问题类信息报送。\n二季度起每月至少报送3条。",
    )
    return notice, word(notice_actions.document_bytes(notice, when=D(2026, 4, 2)))


def test_word_file_reads_as_an_official_notice(notice_doc):  # type: ignore[no-untyped-def]
    _notice, document = notice_doc
    lines = [p.text for p in document.paragraphs if p.text]
    assert lines[0] == "信息工作通报"
    assert document.paragraphs[0].runs[0].font.color.rgb == documents.RED
    assert lines[1] == "中共清河县委办公室\t2026年4月2日"
    assert lines[2] == "关于2026年第1季度信息工作情况的通报"
    assert lines[3] == "一季度，各单位围绕中心工作积极报送信息。"  # the lead paragraph, before the sections
    assert lines[4] == "一、总体情况"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "一、总体情况",
        "二、得分排名",
        "三、获领导批示的信息",
        "四、得分居前的信息",
        "五、未报送、未被采用的单位",
        "六、约稿完成情况",
        "七、差错情况",
        "八、紧急信息报送情况",
        "九、信息结构",
        "十、有关要求",
    ]
    text = all_text(document)
    assert "本期未报送：清河新华镇。" in text and "二季度起每月至少报送3条。" in text
    assert len(document.inline_shapes) == 1  # the bar chart
    ranking = document.tables[0]
    assert [[c.text for c in row.cells] for row in ranking.rows] == [
        ["名次", "单位", "得分（分）", "备注"],
        ["1", "清河城关镇", "25", ""],
        ["2", "清河新华镇", "2", "不达标"],
    ]
    assert not any(word in text for word in PLACEHOLDERS)


def test_word_page_is_a4_with_gbt9704_margins(notice_doc):  # type: ignore[no-untyped-def]
    _notice, document = notice_doc
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    # 天头 37 mm, 订口 28 mm, 版心 156 mm wide (210 - 28 - 156 = 26) and 225 mm high (297 - 37 - 225 = 35).
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]


def _runs(document):  # type: ignore[no-untyped-def]
    for p in document.paragraphs:
        yield from p.runs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    yield from p.runs


def test_every_run_and_style_names_its_east_asian_font(notice_doc):  # type: ignore[no-untyped-def]
    _notice, document = notice_doc
    runs = [r for r in _runs(document) if r.text]
    assert runs
    allowed = {documents.FANGSONG, documents.XIAOBIAOSONG, documents.HEITI, documents.KAITI, documents.SONGTI}
    for run in runs:
        fonts = run._element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) in allowed, run.text
    headings = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0].runs[0]._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", documents.TABLE_TEXT):
        fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")), name


def test_no_word_default_blue_headings_or_theme_fonts(notice_doc):  # type: ignore[no-untyped-def]
    _notice, document = notice_doc
    styles_xml = document.styles.element.xml
    assert "themeColor" not in styles_xml and "asciiTheme" not in styles_xml and "eastAsiaTheme" not in styles_xml
    heading = document.styles["Heading 1"]
    assert heading.font.color.rgb == documents.BLACK and heading.font.name == "黑体"


def test_ranking_tables_are_office_tables(notice_doc):  # type: ignore[no-untyped-def]
    _notice, document = notice_doc
    ranking = document.tables[0]
    xml = ranking._tbl.xml
    assert "w:tblBorders" in xml
    header = ranking.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in ranking.rows)
    assert header.cells[0].paragraphs[0].runs[0]._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    centred = ranking.rows[1].cells[2].paragraphs[0].alignment
    assert centred == 1  # WD_ALIGN_PARAGRAPH.CENTER: numbers centred
    assert ranking.rows[1].cells[1].paragraphs[0].alignment == 0  # names left


def _closing(document, first_line: str):  # type: ignore[no-untyped-def]
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text.startswith(first_line))
    return paragraphs[start - 1 :]  # the spacer line carries the top rule


def test_the_closing_block_is_kept_together(notice_doc):  # type: ignore[no-untyped-def]
    _notice, document = notice_doc
    block = _closing(document, "报：")
    assert [p.text for p in block] == [
        "",
        "报：中共江州市委办公室。",
        "发：清河城关镇，清河新华镇。",
        "中共清河县委办公室\t2026年4月2日印发",
    ]
    for p in block[:-1]:
        assert p._p.pPr.find(qn("w:keepNext")) is not None
    for p in block:
        assert p._p.pPr.find(qn("w:keepLines")) is not None
    # Rules: under the spacer (the top rule), under 发, under the last line.
    assert all(p._p.pPr.find(qn("w:pBdr")) is not None for p in (block[0], block[2], block[3]))


def test_issue_closing_block_is_kept_together_too():  # type: ignore[no-untyped-def]
    from xinbao.publications.render import EntryDoc, IssueDoc, render_docx

    issue = IssueDoc(
        periodical="清河信息",
        classification="内部资料　注意保存",
        number_label="第1期",
        total_label="",
        issuer="中共清河县委办公室",
        date=D(2026, 4, 2),
        entries=[EntryDoc("标题", "正文。")],
        report_to=["市委办公室"],
        issue_to=["各乡镇"],
        copies=50,
    )
    document = word(render_docx(issue))
    block = _closing(document, "报：")
    assert [p.text for p in block][1:] == ["报：市委办公室。", "发：各乡镇。", "\t（共印50份）"]
    assert all(p._p.pPr.find(qn("w:keepNext")) is not None for p in block[:-1])
    assert all(p._p.pPr.find(qn("w:keepLines")) is not None for p in block)
    section = document.sections[0]
    assert [round(m.mm) for m in (section.top_margin, section.left_margin)] == [37, 28]


def test_word_xml_keeps_the_schema_order(notice_doc):  # type: ignore[no-untyped-def]
    """Word refuses a file whose properties are out of order: pBdr before spacing/jc, cantSplit before tblHeader."""
    _notice, document = notice_doc
    body = document.element.body.xml
    for match in re.finditer(r"<w:pPr>(.*?)</w:pPr>", body, re.S):
        tags = re.findall(r"<w:(\w+)", match.group(1))
        if "pBdr" in tags and "spacing" in tags:
            assert tags.index("pBdr") < tags.index("spacing")
    for match in re.finditer(r"<w:trPr>(.*?)</w:trPr>", body, re.S):
        tags = re.findall(r"<w:(\w+)", match.group(1))
        if "tblHeader" in tags:
            assert tags.index("cantSplit") < tags.index("tblHeader")


def test_an_office_letterhead_replaces_the_masthead(notice_doc, settings, tmp_path):  # type: ignore[no-untyped-def]
    notice, _document = notice_doc
    template = Document()
    template.sections[0].top_margin = documents.Cm(4)
    p = template.add_paragraph()
    p.add_run("{发文单位}")
    p.add_run("信息工作通报")  # Word splits typed text into runs
    template.add_paragraph("{日期}")
    path = tmp_path / "letterhead.docx"
    template.save(str(path))
    settings.XINBAO_LETTERHEADS = {"notice": str(path)}
    document = word(notice_actions.document_bytes(notice, when=D(2026, 4, 2)))
    lines = [p.text for p in document.paragraphs if p.text]
    assert lines[:3] == ["中共清河县委办公室信息工作通报", "2026年4月2日", "关于2026年第1季度信息工作情况的通报"]
    assert round(document.sections[0].top_margin.cm) == 4  # the office's page setup
    settings.XINBAO_LETTERHEADS = {"notice": str(tmp_path / "missing.docx")}
    with pytest.raises(Exception, match="找不到配置的公文版头文件"):
        notice_actions.document_bytes(notice)


def test_the_document_is_chinese_whatever_the_page_language(quarter, city):  # type: ignore[no-untyped-def]
    from django.utils import translation

    with translation.override("en"):
        notice = generated(city, quarter)
        text = all_text(word(notice_actions.document_bytes(notice)))
    assert "一、总体情况" in text and "得分（分）" in text


# --- Chart and scheduler -----------------------------------------------------------------------------


def test_chart_uses_a_cjk_font_and_is_a_png():  # type: ignore[no-untyped-def]
    from xinbao.scoring.notices import chart

    path = notices.cjk_font_path()
    assert path is not None and "CJK" in path
    png = chart.bar_chart([("清河城关镇", 25.0, False), ("清河新华镇", 2.0, True)], "分", "各单位得分")
    assert png.startswith(b"\x89PNG")


def test_generate_due_notices_at_period_end(quarter, city):  # type: ignore[no-untyped-def]
    assert notice_actions.generate_due_notices(D(2026, 3, 31)) == []  # the quarter has not ended yet
    created = notice_actions.generate_due_notices(D(2026, 4, 1))
    assert [(n.period_type, n.start, n.state) for n in created] == [("quarter", D(2026, 1, 1), NoticeState.DRAFT)]
    assert created[0].steps.get().user is None  # drafted by the system
    assert notice_actions.generate_due_notices(D(2026, 4, 1)) == []  # idempotent
    created = notice_actions.generate_due_notices(D(2027, 1, 1))
    assert sorted((n.period_type, n.start) for n in created) == [("quarter", D(2026, 10, 1)), ("year", D(2026, 1, 1))]


def test_registered_with_the_scheduler(quarter):  # type: ignore[no-untyped-def]
    from xinbao.core import schedule

    schedule.autodiscover()
    job = next(j for j in schedule.registered_jobs() if j.key == "scoring.notices")
    assert job.daily_at == datetime.time(2, 0)
    assert job.func(datetime.datetime(2026, 4, 1, 2, 0, tzinfo=datetime.UTC)) == 1  # the 2026Q1 draft


def test_section_numbers_go_past_ten() -> None:
    from xinbao.scoring.notices.content import chinese_numeral

    assert [chinese_numeral(n) for n in (1, 9, 10, 11, 19, 20, 23)] == [
        "一",
        "九",
        "十",
        "十一",
        "十九",
        "二十",
        "二十三",
    ]
