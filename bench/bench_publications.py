"""Publications benchmark: a 30-item issue rendered to Word (.docx), and the compose page.

Data (built once through the real actions in its own SQLite file, or in ``DATABASE_URL`` when set):
the small test city, one periodical and one draft issue of 30 items of about 900 characters each.
Target (issue 4): a 30-item issue renders to .docx in under 2 s.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, client_for, count_queries, median_ms, report, scale, setup_django, sized

ITEMS = 30
PERIODICAL = "基准信息"
PARAGRAPH = (
    "今年以来，该镇坚持问题导向，围绕群众反映集中的办事难、融资难、用工难等问题，逐项建立台账、明确责任、限时办结，"
    "累计解决企业和群众急难愁盼问题120余个，群众满意度明显提升。"
)


def _database() -> None:
    if "DATABASE_URL" not in os.environ:
        path = ROOT / "var" / "bench" / f"publications-{scale()}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"


def _city():  # type: ignore[no-untyped-def]
    from xinbao.orgs.models import Channel, Unit, User
    from xinbao.orgs.testing import PEOPLE, UNITS, SmallCity, build_small_city

    if not Unit.objects.filter(code="QH-SW").exists():
        return build_small_city()
    units = {key: Unit.objects.get(code=code) for key, code, *_rest in UNITS}
    people = {p.username: p for p in User.objects.filter(username__in=[row[0] for row in PEOPLE])}
    return SmallCity(units=units, people=people, channels={c.code: c for c in Channel.objects.all()})


def _issue(city):  # type: ignore[no-untyped-def]
    """The 30-item draft issue (made once)."""
    from xinbao.items.testing import make_submitted_item
    from xinbao.publications import actions
    from xinbao.publications.models import Issue, Periodical

    paper = Periodical.objects.filter(hub=city.county_hub, name=PERIODICAL).first()
    if paper is None:
        paper = actions.create_periodical(
            city.county_editor,
            hub=city.county_hub,
            channel=city.channels["party"],
            name=PERIODICAL,
            running_total=True,
            distribution={"report_to": [city.city_hub], "issue_to": [city.township, city.township2]},
        )
    issue = Issue.objects.filter(periodical=paper).first()
    if issue is None:
        issue = actions.create_issue(city.county_editor, paper)
        body = "\n".join([PARAGRAPH] * 6)
        for n in range(ITEMS):
            sub = make_submitted_item(city, title=f"第{n + 1}篇：城关镇推行“一窗通办”群众办事时间缩短一半", body=body)
            actions.add_entry(city.county_editor, issue, sub, editor_note="值得借鉴。" if n == 0 else "")
    return issue


def main() -> None:
    _database()
    setup_django()
    from xinbao.publications import actions, render

    print(f"publications benchmark ({ITEMS}-item issue)", flush=True)
    city = _city()
    issue = _issue(city)
    repeat = sized(15, 5)

    def word() -> bytes:
        return render.render_docx(actions.issue_document(issue))

    size_kb = len(word()) / 1024
    report("publications: 30-item issue → .docx (with DB reads)", median_ms(word, repeat=repeat), "ms", "< 2000 ms")
    report("publications: 30-item issue .docx size", size_kb, "KiB", "(info)")
    client = client_for(city.county_editor)
    url = f"/publications/issues/{issue.pk}/"
    report(
        "publications: compose page (30 entries)", median_ms(lambda: client.get(url), repeat=repeat), "ms", "< 300 ms"
    )
    report("publications: compose page queries", count_queries(lambda: client.get(url)), "queries", "constant")
    preview = f"/publications/issues/{issue.pk}/preview/"
    report(
        "publications: HTML preview (30 entries)",
        median_ms(lambda: client.get(preview), repeat=repeat),
        "ms",
        "< 500 ms",
    )
    if render.soffice_path():
        content = word()
        pdf_ms = median_ms(lambda: render.docx_to_pdf(content), repeat=1, warmup=0)
        report("publications: 30-item issue → PDF (LibreOffice, one run)", pdf_ms, "ms", "(info)")


if __name__ == "__main__":
    main()
