"""Render a sample issue (简报) and a sample notice (通报) the way offices will see them:
Word (.docx) → PDF (LibreOffice) → PNG (pdftoppm).

    .venv/bin/python docs/render_sample.py            # docs/img/sample-issue.png, docs/img/sample-notice.png
    .venv/bin/python docs/render_sample.py --all out/ # every page of both, plus the .docx and .pdf files

Needs LibreOffice (``soffice``), poppler-utils (``pdftoppm``) and fonts-noto-cjk; no database (the notice's
figures are made up here, as is all the sample text).
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinbao.settings")

SAMPLE_ITEMS = [
    (
        "城关镇推行“一窗通办”群众办事时间缩短一半",
        "“一窗通办”改革切口小、见效快，各乡镇可结合实际借鉴。",
        "今年以来，清河县城关镇把优化营商环境作为“一号工程”，推行“一窗通办”改革，"
        "将46项涉企涉民事项整合到一个窗口受理，群众办事平均时间由40分钟缩短到20分钟。\n"
        "一是流程再造减材料。逐项梳理办事清单，取消重复提交材料23项，推行“容缺受理”事项15项。\n"
        "二是帮办代办解难题。组建12人帮办代办队伍，为老年人、残疾人提供上门服务，已办理事项310件。\n"
        "三是跟踪回访促提升。建立“好差评”制度，每月回访办事群众，收集意见建议41条，已整改36条。",
        "清河城关镇",
    ),
    (
        "新华镇秋粮收购进度过半 烘干能力不足问题需关注",
        "",
        "截至10月底，新华镇已收购秋粮1.8万吨，占预计收购量的56%。镇里设立4个流动收购点，"
        "推行“预约售粮、当日结算”，农户售粮款当天到账。\n"
        "目前，全镇烘干能力日均仅300吨，部分农户因担心霉变低价抛售，建议加快建设区域性烘干中心。",
        "清河新华镇",
    ),
    (
        "桥头镇排查山洪灾害隐患点17处 已整改12处",
        "",
        "入汛以来，桥头镇组织力量对辖区河道、山塘、地质灾害点开展拉网式排查，共排查隐患点17处，已整改12处，"
        "其余5处落实专人监测、设立警示标志。\n"
        "存在的问题：部分山塘年久失修，整改资金缺口约80万元，建议县里统筹安排专项资金。",
        "清河桥头镇",
    ),
]


def sample():  # type: ignore[no-untyped-def]
    from xinbao.publications.render import EntryDoc, IssueDoc

    return IssueDoc(
        periodical="清河信息",
        classification="内部资料　注意保存",
        number_label="第37期",
        total_label="总第449期",
        issuer="中共清河县委办公室",
        date=datetime.date(2026, 11, 25),
        entries=[EntryDoc(title=t, body=b, note=n, source=s) for t, n, b, s in SAMPLE_ITEMS],
        report_to=["市委办公室"],
        send_to=["县人大常委会办公室", "县政府办公室", "县政协办公室"],
        issue_to=["各乡镇党委", "县直各单位"],
        extra_to=["县委督查室"],
        copies=80,
    )


def sample_notice():  # type: ignore[no-untyped-def]
    """A quarter's 通报 of a county office, with made-up figures (no database)."""
    from decimal import Decimal

    from xinbao.scoring.models import Notice
    from xinbao.scoring.notices import content
    from xinbao.scoring.notices.data import ClassRanking, ItemLine, NoticeData, RankLine, UnitMix
    from xinbao.scoring.periods import containing

    towns = ["城关镇", "新华镇", "桥头镇", "石桥镇", "河西镇", "白沙乡", "龙潭乡", "东岭乡"]
    totals = [48, 41.5, 36, 30, 27, 22, 15, 9]
    depts = ["县发展改革局", "县农业农村局", "县应急管理局", "县民政局", "县住建局"]
    dept_totals = [33, 28, 21, 12, 6]

    def ranking(names, points):  # type: ignore[no-untyped-def]
        return [
            RankLine(i + 1, i, name, Decimal(str(total)), below_pass=total < 12)
            for i, (name, total) in enumerate(zip(names, points, strict=True))
        ]

    period = containing("quarter", datetime.date(2026, 3, 1))
    figures = NoticeData(
        period=period,
        hub_name="中共清河县委办公室",
        unit_of_account="points",
        units=13,
        submitted=186,
        adopted=74,
        rankings=[
            ClassRanking("一类单位（乡镇）", ranking(towns, totals)),
            ClassRanking("二类单位（县直部门）", ranking(depts, dept_totals)),
        ],
        instructed=[
            ItemLine(1, "城关镇推行“一窗通办”群众办事时间缩短一半", "城关镇", "王县长"),
            ItemLine(2, "新华镇秋粮烘干能力不足问题需关注", "新华镇", "李书记"),
        ],
        top_items=[
            ItemLine(1, "城关镇推行“一窗通办”群众办事时间缩短一半", "城关镇", "20"),
            ItemLine(2, "新华镇秋粮烘干能力不足问题需关注", "新华镇", "18"),
            ItemLine(3, "桥头镇排查山洪灾害隐患点17处 已整改12处", "桥头镇", "12"),
        ],
        silent=["东岭乡"],
        unadopted=["东岭乡", "县住建局"],
        mix_targets=[
            {"name": "问题类+专报类+调研类", "categories": ["problem", "special", "research"], "share_at_least": "0.8"},
            {"name": "问题类", "categories": ["problem"], "share_at_least": "0.5"},
        ],
        overall_mix=[Decimal("0.62"), Decimal("0.41")],
        unit_mix=[
            UnitMix(name, 10 + i, [Decimal("0.7") - Decimal(i) / 20, Decimal("0.5") - Decimal(i) / 25], 6, 4 + i % 3)
            for i, name in enumerate(towns[:5])
        ],
        report_to=["市委办公室"],
        issue_to=["各乡镇党委", "县直各单位"],
    )
    notice = Notice(
        title=f"关于{period.label}信息工作情况的通报",
        lead="一季度，全县各级各部门围绕县委中心工作，积极反映经济社会发展新情况新问题，信息报送数量和质量均有提升。"
        "现将有关情况通报如下。",
        remarks="各单位要对照通报查找差距，进一步加强问题类、建议类信息报送。\n"
        "二季度起，未报送信息的单位由县委办公室约谈信息工作分管负责同志。",
    )
    titles = {line.item_id: line.title for line in [*figures.instructed, *figures.top_items]}
    return content.build(notice, figures, when=datetime.date(2026, 4, 2), titles=titles)


def _pages(content: bytes, name: str, out: Path, *, every_page: bool) -> None:
    from xinbao.core.documents import docx_to_pdf

    pdf = docx_to_pdf(content)
    with tempfile.TemporaryDirectory() as tmp:
        pdf_path = Path(tmp) / f"{name}.pdf"
        pdf_path.write_bytes(pdf)
        if every_page:
            (out / f"{name}.docx").write_bytes(content)
            (out / f"{name}.pdf").write_bytes(pdf)
            subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf_path), str(out / name)], check=True)
        else:
            subprocess.run(
                ["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf_path), str(out / name)],
                check=True,
            )


def main() -> None:
    import django

    django.setup()
    from xinbao.publications.render import render_docx
    from xinbao.scoring.notices.render import render_docx as render_notice

    every_page = "--all" in sys.argv
    out = Path(sys.argv[-1]) if every_page else ROOT / "docs" / "img"
    out.mkdir(parents=True, exist_ok=True)
    _pages(render_docx(sample()), "sample-issue", out, every_page=every_page)
    _pages(render_notice(sample_notice()), "sample-notice", out, every_page=every_page)
    print(f"written to {out}")


if __name__ == "__main__":
    main()
