"""A phone screen (390 px wide): the top menu folds into a menu button; the officer's home page and the
draft form fit the width and work with one thumb."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import CHROMIUM_ARGS, sign_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-CN", viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


def _fits(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_menu_folds_into_a_button_and_opens(phone, city, password) -> None:
    assert CHROMIUM_ARGS  # Debian's chromium, as every browser test
    sign_in(phone, "officer", password)
    menu = phone.locator("[data-testid=main-menu]")
    button = phone.locator("[data-testid=menu-button]")
    assert button.is_visible() and not menu.is_visible()
    button.tap()
    assert menu.is_visible()
    assert button.get_attribute("aria-expanded") == "true"
    with phone.expect_navigation():
        menu.locator("a[data-menu='items.new']").tap()
    assert phone.url.endswith("/items/new/")
    assert _fits(phone)


def test_home_and_draft_form_fit_a_phone(phone, city, password) -> None:
    sign_in(phone, "officer", password)
    assert _fits(phone)
    phone.goto(phone.base_url + "/items/new/")
    assert _fits(phone)
    phone.fill("#id_title", "手机上起草的信息")
    phone.fill("#id_body", "正文")
    with phone.expect_navigation():
        phone.locator("[data-testid=save-draft]").tap()
    assert "草稿已保存" in phone.content()


def test_a_wide_screen_shows_the_menu_without_the_button(page, city, password) -> None:
    sign_in(page, "officer", password)
    assert page.locator("[data-testid=main-menu]").is_visible()
    assert not page.locator("[data-testid=menu-button]").is_visible()
