"""A 通报 in a real browser: the editor generates a draft and writes its lead paragraph, submits it;
the chief approves; the editor publishes; a unit's officer is told, opens it (the receipt is recorded
and the message clears), and the hub sees who read it."""

from __future__ import annotations

import datetime

import pytest

from tests.e2e.conftest import sign_in, sign_out
from xinbao.scoring import periods
from xinbao.scoring.tests.factories import adopt, example, make_item, rule_set

pytestmark = pytest.mark.e2e


def _last_quarter() -> periods.Period:
    this = periods.containing("quarter", datetime.date.today())
    return periods.containing("quarter", this.start - datetime.timedelta(days=1))


def test_draft_edit_approve_publish_and_read(page, city, password, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    quarter = _last_quarter()
    rule_set(city.county_hub, city.channels["party"], example("district_quarterly.yaml"), quarter.start)
    item = make_item(city.township, city.officer, quarter.start + datetime.timedelta(days=4), title="城关镇信息")
    adopt(item, quarter.start + datetime.timedelta(days=10), "county", adopter=city.county_hub)
    page.on("dialog", lambda dialog: dialog.accept())

    # The editor: generate, write the lead paragraph, see it in the preview, submit.
    sign_in(page, "county_editor", password)
    page.goto(page.base_url + "/scoring/notices/")
    page.select_option("[data-testid=notice-period]", quarter.code)
    page.click("[data-testid=notice-generate]")
    assert "已生成通报草稿" in page.locator("body").inner_text()
    notice_url = page.url
    assert "一、总体情况" in page.locator("[data-testid=notice-paper]").inner_text()
    page.click("[data-testid=notice-edit]")
    page.fill("[data-testid=notice-lead]", "本季度各单位信息报送总体平稳。")
    page.fill("[data-testid=notice-remarks]", "各单位要加强问题类信息报送。")
    page.click("[data-testid=notice-save]")
    paper = page.locator("[data-testid=notice-paper]").inner_text()
    assert "本季度各单位信息报送总体平稳。" in paper and "各单位要加强问题类信息报送。" in paper
    page.click("[data-testid=notice-submit]")
    assert page.locator("[data-testid=notice-state]").inner_text() == "待审核"
    sign_out(page)

    # The chief: told in the inbox, opens the notice from there and approves it.
    sign_in(page, "county_chief", password)
    page.goto(page.base_url + "/inbox/")
    page.click("text=通报待审核")
    assert page.url == notice_url
    page.fill("[data-testid=notice-comment]", "同意发布。")
    page.click("[data-testid=notice-approve]")
    assert page.locator("[data-testid=notice-state]").inner_text() == "已审核"
    sign_out(page)

    # The editor publishes.
    sign_in(page, "county_editor", password)
    page.goto(notice_url)
    page.click("[data-testid=notice-publish]")
    assert "通报已发布至2个单位" in page.locator("body").inner_text()
    sign_out(page)

    # A unit's officer: the message, the notice (no buttons of the hub), the message cleared.
    sign_in(page, "officer", password)
    page.goto(page.base_url + "/scoring/notices/")
    assert "未读" in page.locator("[data-testid=notices]").inner_text()
    page.goto(page.base_url + "/inbox/?unread=1")
    page.click("text=请阅读")
    assert page.url == notice_url
    assert "本季度各单位信息报送总体平稳。" in page.locator("[data-testid=notice-paper]").inner_text()
    assert page.locator("[data-testid=notice-actions]").count() == 0
    page.goto(page.base_url + "/inbox/?unread=1")
    assert "请阅读" not in page.locator("body").inner_text()
    with page.expect_download() as download:
        page.goto(notice_url)
        page.click("[data-testid=notice-download]")
    assert download.value.suggested_filename.endswith(".docx")
    sign_out(page)

    # The hub sees who read it.
    sign_in(page, "county_editor", password)
    page.goto(notice_url)
    receipts = page.locator("[data-testid=receipts]").inner_text()
    assert "测试officer" in receipts and "未读" in receipts  # 城关镇 read, 新华镇 not yet
