"""Render a sample issue the way offices will see it: Word (.docx) → PDF (LibreOffice) → PNG (pdftoppm).

    .venv/bin/python docs/render_sample.py            # writes docs/img/sample-issue.png (page 1)
    .venv/bin/python docs/render_sample.py --all out/ # every page, plus the .docx and .pdf

Needs LibreOffice (``soffice``), poppler-utils (``pdftoppm``) and fonts-noto-cjk. The sample text is made up.
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


def main() -> None:
    import django

    django.setup()
    from xinbao.publications.render import docx_to_pdf, render_docx

    every_page = "--all" in sys.argv
    out = Path(sys.argv[-1]) if every_page else ROOT / "docs" / "img"
    out.mkdir(parents=True, exist_ok=True)
    content = render_docx(sample())
    pdf = docx_to_pdf(content)
    with tempfile.TemporaryDirectory() as tmp:
        pdf_path = Path(tmp) / "sample.pdf"
        pdf_path.write_bytes(pdf)
        if every_page:
            (out / "sample-issue.docx").write_bytes(content)
            (out / "sample-issue.pdf").write_bytes(pdf)
            subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf_path), str(out / "sample-issue")], check=True)
        else:
            target = out / "sample-issue"
            subprocess.run(
                ["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf_path), str(target)],
                check=True,
            )
    print(f"written to {out}")


if __name__ == "__main__":
    main()
