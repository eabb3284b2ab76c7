"""An item's whole journey in a real browser: the officer drafts and submits, the signer signs, the
county editor returns it, the officer revises and resubmits, the county adopts and forwards, the city
editor adopts; the writer's inbox shows every step and the item page the route and versions."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import sign_in, sign_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "城关镇部分村饮水存在季节性短缺"


def open_submission(page, title: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/items/queue/")
    page.locator("[data-testid=queue-table] a", has_text=title).click()
    page.wait_for_selector("[data-testid=decisions]")


def test_item_flow_from_township_to_city(page, city, password) -> None:  # type: ignore[no-untyped-def]
    page.on("dialog", lambda dialog: dialog.accept())

    # The officer drafts a 问题 item (the guide asks for facts, causes and suggestions) and submits it.
    sign_in(page, "officer", password)
    page.goto(page.base_url + "/items/new/?category=problem")
    assert "对策建议" in page.locator("[data-testid=guide]").inner_text()
    page.select_option("#id_category", "problem")
    page.fill("#id_title", TITLE)
    page.fill("#id_body", "一、基本情况：6个村约3200人供水不足。\n二、原因：管网老化。\n三、建议：纳入供水保障工程。")
    page.fill("#id_writer_name", "王芳")
    page.fill("#id_writer_phone", "0571-1234567")
    page.check(f"input[name=channels][value='{city.channels['party'].pk}']")
    page.click("[data-testid=submit-item]")
    assert page.locator("[data-testid=item-state]").inner_text() == "待签发"
    item_url = page.url
    sign_out(page)

    # The signer signs it: it goes to the county hub (the township's own hub).
    sign_in(page, "signer", password)
    page.goto(page.base_url + "/items/signoff/")
    page.locator("[data-testid=signoff-table] a", has_text=TITLE).click()
    page.click("[data-testid=sign]")
    assert page.locator("[data-testid=item-state]").inner_text() == "已报送"
    sign_out(page)

    # The county editor returns it for revision with a reason.
    sign_in(page, "county_editor", password)
    open_submission(page, TITLE)
    page.fill("[data-testid=return-reason]", "请补充涉及的村名和整改资金缺口")
    page.click("[data-testid=return]")
    assert page.locator("[data-testid=submission-state]").inner_text() == "已退回"
    sign_out(page)

    # The officer revises and resubmits: a new version.
    sign_in(page, "officer", password)
    page.goto(item_url)
    assert "请补充涉及的村名" in page.content()
    page.click("[data-testid=edit-item]")
    page.fill(
        "#id_body",
        "一、基本情况：东山、西岭等6个村约3200人供水不足。\n二、原因：管网老化。\n三、建议：资金缺口约80万元，建议纳入供水保障工程。",
    )
    page.click("[data-testid=save-draft]")
    assert "修改稿尚未签发" in page.locator("[data-testid=signature]").inner_text()
    page.click("[data-testid=resubmit]")
    assert "已重新报送" in page.content()
    assert page.locator("[data-testid=item-state]").inner_text() == "修改稿待签发"
    sign_out(page)

    # The revision is signed again before it goes back (never a signature older than the text).
    sign_in(page, "signer", password)
    page.goto(page.base_url + "/items/signoff/")
    page.locator("[data-testid=signoff-table] a", has_text=TITLE).click()
    page.click("[data-testid=sign]")
    assert page.locator("[data-testid=item-state]").inner_text() == "已报送"
    sign_out(page)

    # The county adopts it and forwards it to the city hub.
    sign_in(page, "county_editor", password)
    open_submission(page, TITLE)
    assert "东山、西岭" in page.locator("[data-testid=submission-body]").inner_text()
    page.click("[data-testid=adopt]")
    assert page.locator("[data-testid=submission-state]").inner_text() == "已采用"
    page.click("[data-testid=forward]")
    assert "已转报" in page.content()
    sign_out(page)

    # The city editor adopts it.
    sign_in(page, "city_editor", password)
    open_submission(page, TITLE)
    assert "中共清河县委办公室" in page.content()  # forwarded by the county
    page.click("[data-testid=adopt]")
    assert page.locator("[data-testid=submission-state]").inner_text() == "已采用"
    sign_out(page)

    # The writer's inbox shows each step; the item page the route and both versions.
    sign_in(page, "officer", password)
    page.goto(page.base_url + "/inbox/")
    inbox = page.locator("[data-testid=inbox]").inner_text()
    for text in (
        "已签发并报送",
        "退回修改",
        "被中共清河县委办公室采用",
        "已由中共清河县委办公室转报中共江州市委办公室",
        "被中共江州市委办公室采用",
    ):
        assert text in inbox, text
    page.goto(item_url)
    route = page.locator("[data-testid=route]").inner_text()
    assert route.index("清河城关镇") < route.index("中共清河县委办公室") < route.index("中共江州市委办公室")
    assert page.locator("[data-testid=route] [data-route-state=adopted]").count() == 2
    versions = page.locator("[data-testid=versions] li").all_inner_texts()
    assert len(versions) == 2 and all("已报送" in v for v in versions)
    page.click("text=比较")
    assert page.locator("[data-testid=compare] ins").count() >= 1


def test_new_draft_is_autosaved_while_typing(page, city, password) -> None:  # type: ignore[no-untyped-def]
    from xinbao.items.models import Item

    sign_in(page, "officer", password)
    page.goto(page.base_url + "/items/new/")
    page.select_option("#id_category", "problem")
    # The guide follows the category (replaced by htmx once the new one arrives).
    page.wait_for_selector("[data-testid=guide]:has-text('对策建议')", timeout=10000)
    page.fill("#id_title", "自动保存的稿子")
    page.fill("#id_body", "第一段。")
    page.wait_for_selector("[data-testid=autosave-status]:has-text('已自动保存')", timeout=15000)
    page.fill("#id_body", "第一段。\n第二段。")
    page.wait_for_function("document.querySelector('#draft-id').value !== ''")
    with page.expect_navigation():  # the save is a normal form post: wait for its answer
        page.click("[data-testid=save-draft]")
    item = Item.objects.get()
    assert item.title == "自动保存的稿子" and item.versions.get().body == "第一段。\n第二段。"
