"""Notices (通报): figures, the Word document with its chart, publishing, reading, scheduling."""

from __future__ import annotations

import datetime
import io

import pytest
from docx import Document

from xinbao.core.errors import DomainError, PermissionRefused
from xinbao.instructions.actions import record_instruction
from xinbao.notify.models import Notification
from xinbao.scoring import notices
from xinbao.scoring.models import Notice, NoticeState
from xinbao.scoring.periods import containing

from .factories import adopt, example, make_item, rule_set

D = datetime.date


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
    return rs


def test_notice_figures(quarter, city):  # type: ignore[no-untyped-def]
    data = notices.notice_data(quarter, containing("quarter", D(2026, 2, 1)))
    assert (data.units, data.submitted, data.adopted) == (2, 2, 1)
    assert data.silent == ["清河新华镇"] and data.unadopted == ["清河新华镇"]
    assert data.instructed == [("清河城关镇", "农村养老难题", "王县长")]
    assert data.urgent is None  # no urgent source registered yet: the notice says so
    # Overall: 1 of 2 items is 问题类 → 问题+专报+调研 50%, 问题 50%.
    assert [str(s) for s in data.overall_mix] == ["0.500", "0.500"]
    township = data.unit_mix[0]
    assert (township.name, township.submitted, township.good, township.bad) == ("清河城关镇", 2, 1, 1)


def test_generate_publish_and_read(quarter, city, login):  # type: ignore[no-untyped-def]
    client = login(city.county_editor)
    response = client.post("/scoring/notices/generate/", {"rule_set": quarter.pk, "period": "2026Q1"})
    notice = Notice.objects.get()
    assert response.status_code == 302 and notice.state == NoticeState.DRAFT
    document = Document(io.BytesIO(notice.document.read()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "关于2026年第1季度信息工作情况的通报" in text
    assert "紧急信息报送模块尚未接入考核，本节暂无数据。" in text
    assert "本期未报送：清河新华镇" in text
    assert len(document.inline_shapes) == 1  # the bar chart
    ranking = document.tables[0]
    # 城关镇: 6 - 1 (2 of 3) + 10 (district adoption) + 10 (county leader) = 25; 新华镇: 6 - 3 - 1 = 2 → 不达标.
    assert [[c.text for c in row.cells] for row in ranking.rows] == [
        ["名次", "单位", "得分（分）", "备注"],
        ["1", "清河城关镇", "25", ""],
        ["2", "清河新华镇", "2", "不达标"],
    ]
    # Units cannot see the draft; after publishing they can, and reading records a receipt.
    assert login(city.officer2).get(f"/scoring/notices/{notice.pk}/").status_code == 404
    client = login(city.county_editor)
    assert client.post(f"/scoring/notices/{notice.pk}/publish/").status_code == 302
    assert Notification.objects.filter(recipient=city.officer2, kind="scoring.notice").exists()
    reader = login(city.officer2)
    assert reader.get(f"/scoring/notices/{notice.pk}/").status_code == 200
    assert reader.get(f"/scoring/notices/{notice.pk}/download/").status_code == 200
    receipts = {r.unit_id: r.read_by_id for r in notice.receipts.all()}
    assert receipts == {city.township.pk: None, city.township2.pk: city.officer2.pk}
    with pytest.raises(DomainError):
        notices.create_notice(city.county_editor, quarter, containing("quarter", D(2026, 2, 1)))


def test_only_the_hub_makes_notices(quarter, city):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionRefused):
        notices.create_notice(city.officer, quarter, containing("quarter", D(2026, 2, 1)))


def test_generate_due_notices_at_period_end(quarter, city):  # type: ignore[no-untyped-def]
    assert notices.generate_due_notices(D(2026, 3, 31)) == []  # the quarter has not ended yet
    created = notices.generate_due_notices(D(2026, 4, 1))
    assert [(n.period_type, n.start) for n in created] == [("quarter", D(2026, 1, 1))]
    assert notices.generate_due_notices(D(2026, 4, 1)) == []  # idempotent
    created = notices.generate_due_notices(D(2027, 1, 1))
    assert sorted((n.period_type, n.start) for n in created) == [("quarter", D(2026, 10, 1)), ("year", D(2026, 1, 1))]


def test_chart_uses_a_cjk_font():  # type: ignore[no-untyped-def]
    path = notices.cjk_font_path()
    assert path is not None and "CJK" in path


def test_registered_with_the_scheduler(quarter):  # type: ignore[no-untyped-def]
    from xinbao.core import schedule

    schedule.autodiscover()
    job = next(j for j in schedule.registered_jobs() if j.key == "scoring.notices")
    assert job.daily_at == datetime.time(2, 0)
    assert job.func(datetime.datetime(2026, 4, 1, 2, 0, tzinfo=datetime.UTC)) == 1  # the 2026Q1 draft
