"""A 政协委员's own view in a real browser: the home panel, the 我的履职 page with this year's counts,
quotas and 稿酬, the 履职档案 of their own items only, and its Word export (opened with python-docx)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone

from tests.e2e.conftest import sign_in
from xinbao.instructions.models import Instruction
from xinbao.scoring import actions
from xinbao.scoring.tests.factories import adopt, example, make_item, rule_set

pytestmark = pytest.mark.e2e


def _history(city) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    year = today.year
    rs = rule_set(city.city_hub, city.channels["party"], example("cppcc_members.yaml"), datetime.date(year, 1, 1))
    first = make_item(
        city.city_hub,
        city.cppcc_member,
        datetime.date(year, 1, 5),
        title="关于老旧小区加装电梯的建议",
        category="opinion",
    )
    make_item(
        city.city_hub, city.cppcc_member, today.replace(day=1), title="关于社区养老服务的建议", category="opinion"
    )
    make_item(
        city.city_hub, city.special_officer, datetime.date(year, 1, 6), title="特邀信息员的建议", category="opinion"
    )
    adopt(first, datetime.date(year, 1, 20), "city", adopter=city.city_hub)
    Instruction.objects.create(
        item=first,
        leader_name="李主席",
        leader_post="市政协主席",
        leader_level="city",
        text="请研究",
        instructed_on=datetime.date(year, 1, 25),
        confirmed_at=timezone.now(),
    )
    actions.recompute(None, rs, datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def test_member_home_record_and_word_export(page, city, password) -> None:  # type: ignore[no-untyped-def]
    from docx import Document

    _history(city)
    year = timezone.localdate().year
    sign_in(page, "cppcc_member", password)
    assert f"{year}年报送2条，采用1条，批示1次" in page.locator("body").inner_text()
    page.goto(page.base_url + "/scoring/me/")
    assert page.locator("[data-testid=my-submitted]").inner_text() == "2"
    assert page.locator("[data-testid=my-adopted]").inner_text() == "1"
    assert page.locator("[data-testid=my-instructed]").inner_text() == "1"
    assert "元" in page.locator("[data-testid=my-total]").inner_text()
    quotas = page.locator("[data-testid=my-quotas]").inner_text()
    assert "每人每月社情民意" in quotas and "已报1条，任务1条" in quotas
    record = page.locator("[data-testid=my-record]").inner_text()
    assert "关于老旧小区加装电梯的建议" in record and "市政协主席批示" in record
    assert "特邀信息员的建议" not in record  # only the member's own items

    with page.expect_download() as download:
        page.click("[data-testid=my-record-docx]")
    document = Document(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"{year}年度社情民意履职档案" in text
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert "关于社区养老服务的建议" in cells and "特邀信息员的建议" not in cells
