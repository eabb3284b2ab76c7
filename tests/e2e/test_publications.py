"""Publications in a real browser: the editor composes an issue from the queue, the chief reviews,
the director signs, the editor publishes; the writer then sees the adoption with the issue, and the
county leader reads it and writes a 批示."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import sign_in, sign_out
from xinbao.items.testing import make_submitted_item
from xinbao.publications import actions

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def accept_confirms(page) -> None:  # type: ignore[no-untyped-def]
    page.on("dialog", lambda dialog: dialog.accept())


def leave(page) -> None:  # type: ignore[no-untyped-def]
    # Let the live preview's request finish first: its response would bring the session cookie back.
    page.wait_for_load_state("networkidle")
    sign_out(page)


def test_compose_sign_publish_and_the_writer_sees_the_adoption(page, city, password, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.XINBAO_ISSUE_PDF = False
    accept_confirms(page)
    actions.create_periodical(
        city.county_editor,
        hub=city.county_hub,
        channel=city.channels["party"],
        name="清河信息",
        distribution={"report_to": [city.city_hub], "issue_to": [city.township]},
    )
    first = make_submitted_item(city, title="城关镇推行一窗通办")
    make_submitted_item(city, title="城关镇秋粮收购过半", body="全镇秋粮收购进度过半，农户售粮款当日到账。")

    # The editor starts an issue and picks both items from the queue, the second first.
    sign_in(page, "county_editor", password)
    page.goto(page.base_url + "/publications/")
    page.click("form[data-testid^=new-issue] button[type=submit]")
    page.wait_for_selector("[data-testid=candidates]")
    for title in ("城关镇秋粮收购过半", "城关镇推行一窗通办"):
        page.locator("[data-testid=candidates] li", has_text=title).locator("button").click()
        page.wait_for_load_state("networkidle")
    titles = page.locator("[data-testid=entries] .entry-title").all_inner_texts()
    assert titles == ["城关镇秋粮收购过半", "城关镇推行一窗通办"]
    # Move the second one up, then check the live preview follows.
    page.locator("[data-testid=entries] tr", has_text="城关镇推行一窗通办").locator("button[title=上移]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=entries] .entry-title").all_inner_texts()[0] == "城关镇推行一窗通办"
    preview = page.locator("[data-testid=live-preview] [data-testid=paper]")
    preview.wait_for()
    text = preview.inner_text()
    assert "清河信息" in text and text.index("城关镇推行一窗通办") < text.index("城关镇秋粮收购过半")
    page.click("[data-testid=submit-issue]")
    assert page.locator("[data-testid=issue-state]").inner_text() == "待审核"
    leave(page)

    sign_in(page, "county_chief", password)
    page.locator("[data-panel='publications.signoff'] a").first.click()
    page.click("[data-testid=approve-issue]")
    assert page.locator("[data-testid=issue-state]").inner_text() == "待签发"
    leave(page)

    sign_in(page, "county_director", password)
    page.locator("[data-panel='publications.signoff'] a").first.click()
    page.click("[data-testid=approve-issue]")
    assert page.locator("[data-testid=issue-state]").inner_text() == "已签发"
    leave(page)

    sign_in(page, "county_editor", password)
    page.goto(page.base_url + "/publications/archive/")
    page.locator("[data-testid=archive] a").first.click()
    page.click("[data-testid=publish-issue]")
    assert page.locator("[data-testid=issue-state]").inner_text() == "已印发"
    with page.expect_download() as download:
        page.click("[data-testid=download-docx]")
    assert download.value.suggested_filename.endswith(".docx")
    leave(page)

    # The writer sees the item adopted, with the periodical and issue.
    sign_in(page, "officer", password)
    page.goto(page.base_url + f"/items/{first.item_id}/")
    assert "已采用" in page.locator("[data-testid=route]").inner_text()
    adoptions = page.locator("[data-testid=adoptions]").inner_text()
    assert "《清河信息》" in adoptions and "第1期" in adoptions
    leave(page)

    # The county leader has it on the home page, marks it read and writes a 批示.
    sign_in(page, "county_leader", password)
    page.locator("[data-panel='publications.to_read'] a", has_text="清河信息").first.click()
    page.click("[data-testid=mark-read]")
    page.click("[data-testid=write-instruction]")
    page.select_option("#id_item", label="《城关镇推行一窗通办》")
    page.fill("#id_text", "请县政务服务中心总结推广。")
    page.click("[data-testid=save-instruction]")
    assert "请县政务服务中心总结推广。" in page.locator("[data-testid=instructions]").inner_text()
