"""The urgent pages: quick log, event page, sign-off, board (constant queries), record as Word, bad input."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from xinbao.orgs.models import UnitChannel
from xinbao.urgent import actions
from xinbao.urgent.models import Event, Mode, Report, ReportState, Stage
from xinbao.urgent.testing import at, log, use_example

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(city):  # type: ignore[no-untyped-def]
    UnitChannel.objects.filter(unit=city.township, channel__code="gov").delete()
    return city


def test_quick_log_from_the_unit(city, login):  # type: ignore[no-untyped-def]
    client = login(city.officer)
    page = client.get(reverse("urgent:new"))
    assert page.status_code == 200 and "立即报送" in page.content.decode()
    occurred = timezone.localtime() - datetime.timedelta(minutes=5)
    response = client.post(
        reverse("urgent:new"),
        {
            "title": "新华路燃气泄漏",
            "event_type": "accident",
            "severity": "III",
            "place": "城关镇新华路",
            "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M"),
            "summary": "已疏散",
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("urgent:event", args=[event.pk])
    assert event.unit == city.township and event.reports.get().mode == Mode.PHONE
    # The county's editors hear of it at once.
    assert city.county_editor.notifications.filter(kind="urgent.event").exists()


def test_bad_input_changes_nothing_and_says_why(city, login):  # type: ignore[no-untyped-def]
    client = login(city.officer)
    future = (timezone.localtime() + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    base = {"title": "x", "event_type": "accident", "severity": "III", "place": "y"}
    for data, message in [
        ({**base, "occurred_at": future}, "事发时间不能晚于现在。"),
        ({**base, "occurred_at": "昨天"}, "请按“年-月-日 时:分”填写时间。"),
        ({**base, "severity": "V", "occurred_at": "2026-01-01T08:00"}, "选择一个有效的选项"),
    ]:
        response = client.post(reverse("urgent:new"), data)
        assert response.status_code == 200 and message in response.content.decode()
    assert not Event.objects.exists()
    # Tampered ids are a 404, never a 500.
    assert client.get(reverse("urgent:event", args=[10**12])).status_code == 404
    assert client.get(reverse("urgent:index") + "?page=abc&severity=X&state=nonsense").status_code == 200


def test_written_report_drafted_signed_and_shown_with_missing_elements(city, login):  # type: ignore[no-untyped-def]
    event = log(
        city.officer,
        city.township,
        when=timezone.now() - datetime.timedelta(minutes=5),
        occurred=timezone.now() - datetime.timedelta(minutes=10),
    )
    client = login(city.officer)
    url = reverse("urgent:report", args=[event.pk]) + "?stage=initial"
    assert "事发地点" in client.get(url).content.decode()
    response = client.post(url, {"stage": "initial", "el_place": "工业园", "el_nature": "火灾", "text": "正在扑救"})
    assert response.status_code == 302
    draft = Report.objects.get(mode=Mode.WRITTEN)
    assert draft.state == ReportState.DRAFT
    page = client.get(reverse("urgent:event", args=[event.pk])).content.decode()
    assert "尚缺要素" in page and "影响范围" in page
    # The officer cannot sign; the signer can.
    assert client.post(reverse("urgent:sign", args=[draft.pk])).status_code == 403
    signer = login(city.signer)
    assert signer.post(reverse("urgent:sign", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.state == ReportState.SENT and draft.signed_by == city.signer


def test_final_report_refusal_is_shown_not_a_500(city, login):  # type: ignore[no-untyped-def]
    now = timezone.now()
    event = log(
        city.officer,
        city.township,
        when=now - datetime.timedelta(minutes=5),
        occurred=now - datetime.timedelta(minutes=10),
    )
    actions.file_report(
        city.signer, event, unit=city.township, stage=Stage.INITIAL, mode=Mode.WRITTEN, data={"nature": "火"}, sign=True
    )
    client = login(city.signer)
    response = client.post(
        reverse("urgent:report", args=[event.pk]), {"stage": "final", "el_course": "经过", "sign": "1"}
    )
    assert response.status_code == 200 and "终报须补齐全部要素" in response.content.decode()
    assert not event.reports.filter(stage=Stage.FINAL, state=ReportState.SENT).exists()


def test_board_queries_do_not_grow_with_events(city, login, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    use_example(city.county_hub, "province_emergency.yaml")
    client = login(city.county_editor)
    now = timezone.now()
    for n in range(3):
        log(
            city.officer,
            city.township,
            when=now - datetime.timedelta(minutes=30),
            occurred=now - datetime.timedelta(minutes=40),
            title=f"事件{n}",
        )
    with django_assert_max_num_queries(12):
        small = client.get(reverse("urgent:board"))
    for n in range(12):
        log(
            city.officer2,
            city.township2,
            when=now - datetime.timedelta(minutes=30),
            occurred=now - datetime.timedelta(minutes=40),
            title=f"更多{n}",
            severity="I",
        )
    with django_assert_max_num_queries(12):
        big = client.get(reverse("urgent:board"))
    assert small.content.decode().count('data-testid="board-row"') == 3
    page = big.content.decode()
    assert page.count('data-testid="board-row"') == 15
    # The I-grade events come first; the overdue rows are red.
    assert page.index("更多0") < page.index("事件0") and "table-danger" in page
    with django_assert_max_num_queries(12):
        assert client.get(reverse("urgent:index") + "?state=").status_code == 200


def test_record_as_word(city, login):  # type: ignore[no-untyped-def]
    use_example(city.county_hub, "province_emergency.yaml")
    event = log(city.officer, city.township, when=at(1, 10, 5), occurred=at(1, 10, 0))
    with time_machine.travel(at(1, 10, 52), tick=False):
        actions.file_report(
            city.signer,
            event,
            unit=city.township,
            stage=Stage.INITIAL,
            mode=Mode.WRITTEN,
            data={"nature": "火灾"},
            sign=True,
        )
    response = login(city.county_editor).get(reverse("urgent:record", args=[event.pk]))
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = " ".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "紧急信息报送记录" in text and "城关镇化工厂火灾" in cells
    assert "迟报17分钟" in cells and "初报" in text


def test_duty_officer_home_shows_open_events_and_handover(city, login):  # type: ignore[no-untyped-def]
    now = timezone.now()
    log(
        city.dept_officer,
        city.city_dept,
        when=now - datetime.timedelta(minutes=3),
        occurred=now - datetime.timedelta(minutes=5),
        title="市发改委楼内停电",
    )
    shift = actions.add_shift(
        city.duty,
        hub=city.city_hub,
        person=city.duty,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=7),
    )
    actions.write_handover(city.duty, shift, "停电事件待续报")
    client = login(city.duty)
    home = client.get(reverse("home")).content.decode()
    assert "市发改委楼内停电" in home and "停电事件待续报" in home
    duty = client.get(reverse("urgent:duty")).content.decode()
    assert "您正在值班" in duty and "市发改委楼内停电" in duty
    # The duty officer was the one told (the roster), and the city's editors too.
    assert city.duty.notifications.filter(kind="urgent.event").exists()


def test_urgent_item_drafted_from_the_event(city, login):  # type: ignore[no-untyped-def]
    from xinbao.items.models import Category, Item

    now = timezone.now()
    event = log(
        city.officer,
        city.township,
        when=now - datetime.timedelta(minutes=5),
        occurred=now - datetime.timedelta(minutes=10),
    )
    client = login(city.officer)
    assert "编成信息稿" in client.get(reverse("urgent:event", args=[event.pk])).content.decode()
    response = client.post(reverse("urgent:draft_item", args=[event.pk]))
    item = Item.objects.get()
    assert response["Location"] == reverse("items:edit", args=[item.pk])
    assert item.category == Category.URGENT and item.title == event.title and list(event.items.all()) == [item]
    # 紧急信息 is a choice on the ordinary draft form too.
    assert 'value="urgent"' in client.get(reverse("items:new")).content.decode()


def test_record_as_pdf_when_libreoffice_is_installed(city, login):  # type: ignore[no-untyped-def]
    from xinbao.core import documents

    if documents.soffice_path() is None:
        pytest.skip("LibreOffice not installed")
    now = timezone.now()
    event = log(
        city.officer,
        city.township,
        when=now - datetime.timedelta(minutes=5),
        occurred=now - datetime.timedelta(minutes=10),
    )
    response = login(city.county_editor).get(reverse("urgent:record", args=[event.pk]) + "?format=pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_api_lists_events_and_their_deadlines(city, login):  # type: ignore[no-untyped-def]
    use_example(city.county_hub, "province_emergency.yaml")
    event = log(city.officer, city.township, when=at(1, 10, 5), occurred=at(1, 10, 0))
    client = login(city.county_editor)
    listed = client.get("/api/urgent/events?state=live").json()
    assert [row["id"] for row in listed["items"]] == [event.pk]
    detail = client.get(f"/api/urgent/events/{event.pk}").json()
    county = next(leg for leg in detail["legs"] if leg["hub_id"] == city.county_hub.pk)
    assert [(d["kind"], d["state"]) for d in county["deadlines"]] == [("phone", "met"), ("written", "open")]
    assert login(city.officer3).get(f"/api/urgent/events/{event.pk}").status_code == 404
