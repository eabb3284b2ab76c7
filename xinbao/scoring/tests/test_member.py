"""A writer's own view (政协委员): this year's counts, quotas and 稿酬, the 履职档案 (Word) — own items only."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import time_machine
from django.utils import timezone

from xinbao.instructions.models import Instruction
from xinbao.scoring import actions, member

from .factories import adopt, example, make_item, rule_set

D = datetime.date
MID_JULY = datetime.datetime(2026, 7, 20, 12, 0, tzinfo=datetime.UTC)


def _year_of_a_member(city):  # type: ignore[no-untyped-def]
    member_, invited = city.cppcc_member, city.special_officer  # both write for 江州市委办公室 in person
    rs = rule_set(city.city_hub, city.channels["party"], example("cppcc_members.yaml"), D(2026, 1, 1))
    mine = [
        make_item(city.city_hub, member_, D(2026, m, 5), title=f"委员社情民意{m}", category="opinion")
        for m in range(1, 8)
    ]
    make_item(city.city_hub, invited, D(2026, 3, 6), title="特邀信息员的社情民意", category="opinion")
    adopt(mine[0], D(2026, 2, 1), "city", adopter=city.city_hub)
    adopt(mine[1], D(2026, 3, 1), "city", adopter=city.city_hub)
    Instruction.objects.create(
        item=mine[0],
        leader_name="李主席",
        leader_post="市政协主席",
        leader_level="city",
        text="请研究",
        instructed_on=D(2026, 2, 10),
        confirmed_at=timezone.now(),
    )
    actions.recompute(None, rs, D(2026, 1, 1), D(2026, 12, 31))
    return rs, mine


def test_the_members_figures_quotas_and_fees(city) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(MID_JULY, tick=False):
        rs, _mine = _year_of_a_member(city)
        figures = member.summary(city.cppcc_member)
    # Seven items January–July, two adopted by the city, one 批示.
    assert (figures.submitted, figures.adopted, figures.instructed) == (7, 2, 1)
    [assessment] = figures.assessments
    # 稿酬: two 市政协 adoptions × 100 元 = 200 元; monthly quota (1 a month) 0 元 either way; the year's
    # quota (6, -20 per missing) is met with 7 → 0. 200 元 to date.
    assert assessment.rule_set == rs and assessment.total == Decimal(200) and assessment.unit_of_account == "元"
    quotas = [(q.label, q.window, q.done, q.target, q.met) for q in assessment.quotas]
    assert quotas == [("每人每月社情民意", "2026年7月", 1, 1, True), ("全年报送", "2026年", 7, 6, True)]


def test_the_member_home_and_record_show_only_their_own_items(city, login) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(MID_JULY, tick=False):
        _year_of_a_member(city)
        client = login(city.cppcc_member)
        home = client.get("/").content.decode()
        page = client.get("/scoring/me/").content.decode()
    assert "我的履职" in home and "2026年报送7条，采用2条，批示1次" in home
    assert "委员社情民意1" in page and "2026-02-10 市政协主席批示" in page
    assert "已采用：" in page
    assert 'data-testid="my-total">200元<' in page  # "200", never "2E+2" (PostgreSQL keeps 200.00)
    assert "特邀信息员的社情民意" not in page  # somebody else's item
    invited_page = login(city.special_officer).get("/scoring/me/?year=2026").content.decode()
    assert "特邀信息员的社情民意" in invited_page and "委员社情民意" not in invited_page


def test_the_record_exports_to_word(city, login) -> None:  # type: ignore[no-untyped-def]
    from docx import Document

    with time_machine.travel(MID_JULY, tick=False):
        _year_of_a_member(city)
        response = login(city.cppcc_member).get("/scoring/me/record.docx?year=2026")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2026年度社情民意履职档案" in text
    assert "全年报送社情民意7条，被采用2条，获领导批示1次。" in text
    [table] = document.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["报送日期", "标题", "类别", "采用情况", "批示"]
    assert len(rows) == 1 + 7
    first = next(r for r in rows if r[1] == "委员社情民意1")
    assert first[0] == "2026-01-05" and first[2] == "社情民意" and first[3].startswith("已采用")
    assert first[4] == "2026-02-10 市政协主席批示"
    assert not any(r[1] == "特邀信息员的社情民意" for r in rows)


def test_a_hub_editor_has_no_record_page(city, login) -> None:  # type: ignore[no-untyped-def]
    assert login(city.county_editor).get("/scoring/me/").status_code == 403


def test_the_record_page_query_count_does_not_grow_with_items(city, login) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with time_machine.travel(MID_JULY, tick=False):
        _year_of_a_member(city)
        client = login(city.cppcc_member)
        client.get("/scoring/me/")
        with CaptureQueriesContext(connection) as seven:
            client.get("/scoring/me/")
        for m in range(1, 8):
            make_item(city.city_hub, city.cppcc_member, D(2026, m, 9), category="opinion")
        with CaptureQueriesContext(connection) as fourteen:
            page = client.get("/scoring/me/").content.decode()
    assert page.count("委员社情民意") == 7 and "2026年报送" in page
    assert len(fourteen.captured_queries) == len(seven.captured_queries), [q["sql"] for q in fourteen.captured_queries]
