"""The notice pages: every role on every notice page, the HTML preview (the same words as the Word
file, titles through the read policy), reading from the page, and constant query counts."""

from __future__ import annotations

import datetime
import io

import pytest
from docx import Document

from xinbao.instructions.actions import record_instruction
from xinbao.notify.models import Notification
from xinbao.scoring import notice_actions as actions
from xinbao.scoring.models import Notice, NoticeReceipt, NoticeState
from xinbao.scoring.periods import containing

from .factories import adopt, example, make_item, rule_set

D = datetime.date
Q1 = containing("quarter", D(2026, 2, 1))


@pytest.fixture
def notice(city, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    rs = rule_set(city.county_hub, city.channels["party"], example("district_quarterly.yaml"), D(2026, 1, 1))
    item = make_item(city.township, city.officer, D(2026, 1, 8), title="城关镇机密问题", category="problem")
    item.classification = "confidential"
    item.save()
    adopt(item, D(2026, 2, 1), "county", adopter=city.county_hub)
    record_instruction(
        None, item=item, text="阅。", leader_name="王县长", leader_level="county", instructed_on=D(2026, 2, 5)
    )
    notice = actions.create_notice(city.county_editor, rs, Q1)
    notice.sensitive_item = item  # type: ignore[attr-defined]
    return notice


def publish(city, notice) -> None:  # type: ignore[no-untyped-def]
    actions.submit_notice(city.county_editor, notice)
    actions.approve_notice(city.county_chief, notice, publish=True)


# --- Every role on every page ---------------------------------------------------------------------------

ROLES = [
    "officer",
    "signer",
    "officer3",
    "county_editor",
    "county_chief",
    "county_director",
    "county_leader",
    "city_editor",
    "sysadmin",
    "secadmin",
    "auditadmin",
]
# Draft: the hub's section and seniors only.
DRAFT_PAGES = {
    "officer": 404,
    "signer": 404,
    "officer3": 404,
    "county_editor": 200,
    "county_chief": 200,
    "county_director": 200,
    "county_leader": 404,
    "city_editor": 404,
    "sysadmin": 403,  # 三员分立: refused at the door (orgs.middleware)
    "secadmin": 403,
    "auditadmin": 403,
}
# Published: the addressed units and the hub's leader too.
PUBLISHED_PAGES = {**DRAFT_PAGES, "officer": 200, "signer": 200, "county_leader": 200}


@pytest.mark.parametrize("who", ROLES)
def test_draft_pages_by_role(notice, city, login, who):  # type: ignore[no-untyped-def]
    client = login(city.people[who])
    expected = DRAFT_PAGES[who]
    admin = expected == 403
    assert client.get("/scoring/notices/").status_code == (403 if admin else 200)
    assert client.get(f"/scoring/notices/{notice.pk}/").status_code == expected
    assert client.get(f"/scoring/notices/{notice.pk}/download/").status_code == expected
    edit = client.get(f"/scoring/notices/{notice.pk}/edit/").status_code
    assert edit == (200 if who in ("county_editor", "county_chief", "county_director") else 403 if admin else 404)
    response = client.post(f"/scoring/notices/{notice.pk}/submit/")
    assert response.status_code in ((302,) if expected == 200 else (expected,))
    notice.refresh_from_db()
    assert notice.state == (NoticeState.REVIEW if expected == 200 else NoticeState.DRAFT)


@pytest.mark.parametrize("who", ROLES)
def test_published_pages_by_role(notice, city, login, who):  # type: ignore[no-untyped-def]
    publish(city, notice)
    client = login(city.people[who])
    expected = PUBLISHED_PAGES[who]
    assert client.get(f"/scoring/notices/{notice.pk}/").status_code == expected
    assert client.get(f"/scoring/notices/{notice.pk}/download/").status_code == expected
    # Nobody but the chief or director withdraws it; nobody edits it now.
    withdraw = client.post(f"/scoring/notices/{notice.pk}/withdraw/", {"comment": "试图撤回"})
    seniors = ("county_chief", "county_director")
    assert withdraw.status_code == (302 if who in seniors else 403 if expected in (200, 403) else 404)
    edit = client.get(f"/scoring/notices/{notice.pk}/edit/").status_code
    assert edit == (
        302 if who in ("county_editor", "county_chief", "county_director") else 403 if expected == 403 else 404
    )
    notice.refresh_from_db()
    expected_state = NoticeState.WITHDRAWN if who in seniors else NoticeState.PUBLISHED
    assert notice.state == expected_state


def test_anonymous_is_sent_to_sign_in(notice, client):  # type: ignore[no-untyped-def]
    for url in ("/scoring/notices/", f"/scoring/notices/{notice.pk}/", f"/scoring/notices/{notice.pk}/download/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url
    assert client.post(f"/scoring/notices/{notice.pk}/submit/").status_code == 302
    notice.refresh_from_db()
    assert notice.state == NoticeState.DRAFT


def test_unknown_decision_is_404_and_get_is_refused(notice, city, login):  # type: ignore[no-untyped-def]
    client = login(city.county_editor)
    assert client.post(f"/scoring/notices/{notice.pk}/explode/").status_code == 404
    assert client.get(f"/scoring/notices/{notice.pk}/submit/").status_code == 405


def test_a_refused_step_shows_a_message_and_changes_nothing(notice, city, login):  # type: ignore[no-untyped-def]
    client = login(city.county_chief)
    actions.submit_notice(city.county_editor, notice)
    response = client.post(f"/scoring/notices/{notice.pk}/return/", {"comment": ""}, follow=True)
    assert "退回时请填写修改意见。" in response.content.decode()
    response = client.post(f"/scoring/notices/{notice.pk}/publish/", follow=True)
    assert "当前状态“待审核”下不能执行“发布”。" in response.content.decode()
    notice.refresh_from_db()
    assert notice.state == NoticeState.REVIEW


# --- The preview -------------------------------------------------------------------------------------------


def test_preview_shows_what_the_word_file_says(notice, city, login):  # type: ignore[no-untyped-def]
    actions.edit_notice(city.county_editor, notice, title=notice.title, lead="本季度导语。", remarks="下季度要求。")
    client = login(city.county_editor)
    page = client.get(f"/scoring/notices/{notice.pk}/").content.decode()
    document = Document(io.BytesIO(client.get(f"/scoring/notices/{notice.pk}/download/").getvalue()))
    word_text = [p.text for p in document.paragraphs if p.text]
    for line in (
        "本季度导语。",
        "一、总体情况",
        "三、获领导批示的信息",
        "下季度要求。",
        "关于2026年第1季度信息工作情况的通报",
    ):
        assert line in word_text and line in page
    label = f"〔涉密信息〕（编号{notice.sensitive_item.pk}）"
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert label in cells and label in page
    # Not even the chief's own preview prints the 机密 title: the notice is a document for many.
    assert "城关镇机密问题" not in page and "城关镇机密问题" not in cells
    assert "data:image/png;base64," in page  # the same chart


def test_edit_page_saves_the_lead_and_remarks(notice, city, login):  # type: ignore[no-untyped-def]
    client = login(city.county_editor)
    response = client.post(
        f"/scoring/notices/{notice.pk}/edit/", {"title": "关于一季度信息工作的通报", "lead": "导语。", "remarks": ""}
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert (notice.title, notice.lead) == ("关于一季度信息工作的通报", "导语。")
    response = client.post(f"/scoring/notices/{notice.pk}/edit/", {"title": "", "lead": "x"})
    assert response.status_code == 200 and "此项必须填写。" in response.content.decode()
    notice.refresh_from_db()
    assert notice.title == "关于一季度信息工作的通报"


def test_list_generates_for_a_chosen_period(notice, city, login):  # type: ignore[no-untyped-def]
    client = login(city.county_editor)
    page = client.get("/scoring/notices/")
    assert page.context["managed"] and page.context["period_choices"]
    response = client.post("/scoring/notices/generate/", {"rule_set": notice.rule_set_id, "period": "2026-02"})
    assert response.status_code == 302
    assert Notice.objects.filter(period_type="month", start=D(2026, 2, 1)).exists()
    response = client.post(
        "/scoring/notices/generate/", {"rule_set": notice.rule_set_id, "period": "2026W05"}, follow=True
    )
    assert "请选择月份、季度或年度" in response.content.decode()
    assert client.post("/scoring/notices/generate/", {"rule_set": "abc", "period": "2026Q1"}).status_code == 404


# --- Reading from the page ----------------------------------------------------------------------------------


def test_opening_the_notice_records_the_receipt_and_clears_the_inbox(notice, city, login):  # type: ignore[no-untyped-def]
    publish(city, notice)
    other = Notification.objects.create(recipient=city.officer, kind="test", text="别的消息", url="/items/1/")
    client = login(city.officer)
    assert Notification.objects.filter(recipient=city.officer, kind="scoring.notice", read_at__isnull=True).exists()
    listed = client.get("/scoring/notices/").content.decode()
    assert "未读" in listed
    assert client.get(f"/scoring/notices/{notice.pk}/").status_code == 200
    receipt = NoticeReceipt.objects.get(notice=notice, unit=city.township)
    assert receipt.read_by == city.officer
    assert not Notification.objects.filter(recipient=city.officer, kind="scoring.notice", read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None  # only the messages about this notice
    assert "已阅" in client.get("/scoring/notices/").content.decode()
    # The hub sees who read it.
    page = login(city.county_editor).get(f"/scoring/notices/{notice.pk}/").content.decode()
    assert "测试officer" in page


def test_units_see_why_a_notice_was_withdrawn_not_its_text(notice, city, login):  # type: ignore[no-untyped-def]
    publish(city, notice)
    actions.withdraw_notice(city.county_chief, notice, "得分有误，更正后重发。")
    client = login(city.officer)
    page = client.get(f"/scoring/notices/{notice.pk}/").content.decode()
    assert "得分有误，更正后重发。" in page and "一、总体情况" not in page
    assert client.get(f"/scoring/notices/{notice.pk}/download/").status_code == 404


# --- Query counts -------------------------------------------------------------------------------------------


def _more_notices(city, notice, n: int) -> None:  # type: ignore[no-untyped-def]
    for month in range(1, n + 1):
        created = actions.create_notice(city.county_editor, notice.rule_set, containing("month", D(2026, month, 1)))
        publish(city, created)


def test_list_query_count_does_not_grow(notice, city, login, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    publish(city, notice)
    for who in ("county_editor", "officer"):
        client = login(city.people[who])
        with django_assert_max_num_queries(12):
            client.get("/scoring/notices/")
    _more_notices(city, notice, 6)
    for who in ("county_editor", "officer"):
        client = login(city.people[who])
        with django_assert_max_num_queries(12):
            client.get("/scoring/notices/")


def _count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _more_townships(city, n: int) -> None:  # type: ignore[no-untyped-def]
    from xinbao.orgs import actions as org_actions

    rows = [
        {"code": f"QH-X{i:02d}", "name": f"清河新增镇{i}", "parent_code": "QH", "level": "township", "kind": "township"}
        for i in range(n)
    ]
    for unit in org_actions.bulk_create_units(None, rows):
        org_actions.set_unit_channel(None, unit, city.channels["party"], hub=city.county_hub)


def test_detail_query_count_does_not_grow_with_units(notice, city, login, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    publish(city, notice)
    url = f"/scoring/notices/{notice.pk}/"
    editor = _count(login(city.county_editor), url)
    reader = _count(login(city.officer), url)
    # The reader's visit writes an audit row, which reads the chain head (and on PostgreSQL first
    # takes the chain's advisory lock): see xinbao/audit/chain.py.
    from django.db import connection

    # Items are named by their one title (items.titles: the item, its hub copies, the printed title).
    # No session write: a session is renewed at most once a minute (core.middleware).
    assert (editor, reader) == (12, 18 + (2 if connection.vendor == "postgresql" else 1))
    # Five more assessed units (receipts, ranking rows, table rows) and more steps: the same queries.
    _more_townships(city, 5)
    march = make_item(city.township, city.officer, D(2026, 3, 2), title="三月信息")
    adopt(march, D(2026, 3, 3), "county", adopter=city.county_hub)
    record_instruction(
        None, item=march, text="阅。", leader_name="王县长", leader_level="county", instructed_on=D(2026, 3, 5)
    )
    bigger = actions.create_notice(city.county_editor, notice.rule_set, containing("month", D(2026, 3, 1)))
    actions.submit_notice(city.county_editor, bigger)
    actions.return_notice(city.county_chief, bigger, "改")
    publish(city, bigger)
    assert bigger.receipts.count() == 7
    url = f"/scoring/notices/{bigger.pk}/"
    assert _count(login(city.county_editor), url) == editor
    assert _count(login(city.officer), url) == reader
