"""Statistics of a year's 批示 and the 回头看 Word report, worked by hand."""

from __future__ import annotations

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from xinbao.instructions import actions, stats
from xinbao.items.testing import make_submitted_item

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def at(month: int, day: int) -> datetime.datetime:
    return datetime.datetime(2026, month, day, 10, 0, tzinfo=TZ)


def _scenario(city):
    """Three 批示 of the county hub in 2026:
    A (county leader, 3 Mar): 城关镇 due 10 Mar, done 9 Mar; closed 11 Mar → on time, 8 days.
    B (city leader, 5 Mar): 城关镇 due 10 Mar done 12 Mar (late); 新华镇 due 10 Mar done 10 Mar; closed 13 Mar
      → closed but not on time, 8 days.
    C (county leader, 20 Mar): 新华镇 due 25 Mar, never answered → open, overdue on 1 Apr.
    """
    ins = {}
    with time_machine.travel(at(3, 3), tick=False):
        ins["A"] = actions.record_instruction(
            city.county_leader, text="甲批示", item=make_submitted_item(city, title="甲信息").item
        )
        (a1,) = actions.assign(city.county_editor, ins["A"], [city.township], due_on=datetime.date(2026, 3, 10))
    with time_machine.travel(at(3, 5), tick=False):
        ins["B"] = actions.record_instruction(  # a city leader's 批示 on paper, recorded by the county hub
            city.county_editor,
            text="乙批示",
            item=make_submitted_item(city, title="乙信息").item,
            leader_name="李市长",
            leader_level="city",
            scan=SimpleUploadedFile("批示原件.pdf", b"%PDF-1.4\n"),  # a level above the hub: the original
        )
        b1, b2 = actions.assign(
            city.county_editor, ins["B"], [city.township, city.township2], due_on=datetime.date(2026, 3, 10)
        )
    with time_machine.travel(at(3, 9), tick=False):
        actions.review(city.county_editor, actions.report(city.officer, a1, "甲已办"), "accepted")
    with time_machine.travel(at(3, 10), tick=False):
        actions.review(city.county_editor, actions.report(city.officer2, b2, "乙已办"), "accepted")
    with time_machine.travel(at(3, 11), tick=False):
        actions.close(city.county_editor, ins["A"], "甲办结")
    with time_machine.travel(at(3, 12), tick=False):
        actions.review(city.county_editor, actions.report(city.officer, b1, "乙迟办"), "accepted")
    with time_machine.travel(at(3, 13), tick=False):
        actions.close(city.county_editor, ins["B"], "乙办结")
    with time_machine.travel(at(3, 20), tick=False):
        ins["C"] = actions.record_instruction(
            city.county_leader, text="丙批示", item=make_submitted_item(city, title="丙信息").item
        )
        actions.assign(city.county_editor, ins["C"], [city.township2], due_on=datetime.date(2026, 3, 25))
    return ins


def test_year_statistics_by_level_and_by_unit(city):
    _scenario(city)
    with time_machine.travel(at(4, 1), tick=False):
        data = stats.year_stats(city.county_hub.pk, 2026)
    levels = {r.label: r for r in data.levels}
    # 市级: B only — closed, late → 0 on time, (13 Mar − 5 Mar) = 8 days
    assert (levels["市级"].total, levels["市级"].closed, levels["市级"].on_time, levels["市级"].avg_days) == (
        1,
        1,
        0,
        "8.0",
    )
    # 县级: A (on time, 8 days) and C (open, overdue) → 1 of 2 on time = 50.0%
    county = levels["县级"]
    assert (county.total, county.closed, county.on_time, county.overdue_open) == (2, 1, 1, 1)
    assert county.on_time_share == "50.0%" and county.avg_days == "8.0"
    assert (data.total.total, data.total.on_time, data.total.on_time_share) == (3, 1, "33.3%")
    units = {r.label: r for r in data.units}
    # 城关镇: A (3→9 Mar: 6 days, on time) and B (5→12 Mar: 7 days, late) → avg 6.5
    t1 = units["清河城关镇"]
    assert (t1.total, t1.closed, t1.on_time, t1.overdue_open, t1.avg_days) == (2, 2, 1, 0, "6.5")
    # 新华镇: B (5→10 Mar: 5 days, on time) and C (open since 25 Mar) → 1 overdue
    t2 = units["清河新华镇"]
    assert (t2.total, t2.closed, t2.on_time, t2.overdue_open, t2.avg_days) == (2, 1, 1, 1, "5.0")


def test_the_review_report_in_word(city, login):
    _scenario(city)
    with time_machine.travel(at(4, 1), tick=True):
        client = login(city.county_chief)
        page = client.get(reverse("instructions:stats") + "?year=2026").content.decode()
        assert "共 3 件，已办结 2 件，按期办结 1 件（33.3%）" in page
        chart = client.get(reverse("instructions:stats_chart") + "?year=2026").json()
        assert chart["rows"] == [["市级", 1, 0], ["县级", 2, 1]]
        response = client.get(reverse("instructions:review_docx") + "?year=2026")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2026年度领导批示落实情况“回头看”" in text and "按期办结率33.3%" in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "《甲信息》：甲批示" in cells and "甲办结" in cells and "乙办结" in cells
    assert "清河新华镇（待受理）" in cells  # C is still open at 新华镇
    assert login(city.officer).get(reverse("instructions:stats")).status_code == 403
    assert login(city.county_chief).get(reverse("instructions:stats") + "?year=abc").status_code == 200
