"""Foundation in a real browser: sign in per role, wrong password, language switch, forced
password change at first login, sign out."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import sign_in
from xinbao.orgs import actions as org_actions

pytestmark = pytest.mark.e2e

CJK = re.compile(r"[\u4e00-\u9fff]")


def menu_labels(page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    links = page.locator("[data-testid=main-menu] a[data-menu]")
    return {links.nth(i).get_attribute("data-menu"): links.nth(i).inner_text() for i in range(links.count())}


def test_officer_signs_in_and_sees_the_chinese_home_page(page, city, password) -> None:
    sign_in(page, "officer", password)
    assert page.url == page.base_url + "/"
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("h1").inner_text() == "您好，测试officer"
    assert "信息员" in page.locator("[data-testid=roles]").inner_text()
    assert page.locator("[data-testid=whoami]").inner_text() == "测试officer · 清河城关镇"
    # An officer has no organisation-admin menu; the inbox is everyone's.
    labels = menu_labels(page)
    assert labels["notify.inbox"] == "消息"
    assert "orgs.units" not in labels


def test_hub_editor_signs_in_and_sees_hub_menu_and_panels(page, city, password) -> None:
    sign_in(page, "county_editor", password)
    assert page.locator("h1").inner_text() == "您好，测试county_editor"
    assert "信息科编辑" in page.locator("[data-testid=roles]").inner_text()
    labels = menu_labels(page)
    assert (labels["orgs.units"], labels["orgs.people"]) == ("单位", "人员")
    panel = page.locator("[data-panel='orgs.vacancies']")
    assert "断档缺人的单位" in panel.inner_text()


def test_wrong_password_shows_a_chinese_message_and_stays_signed_out(page, city) -> None:
    sign_in(page, "officer", "not-the-password")
    assert page.url.startswith(page.base_url + "/accounts/login/")
    error = page.locator(".alert-danger")
    assert error.is_visible()
    assert "密码" in error.inner_text() and CJK.search(error.inner_text())
    page.goto(page.base_url + "/")
    assert page.url.startswith(page.base_url + "/accounts/login/")


def test_language_switch_shows_english_labels_and_back(page, city, password) -> None:
    sign_in(page, "county_editor", password)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    labels = menu_labels(page)
    assert (labels["orgs.units"], labels["orgs.people"], labels["notify.inbox"]) == ("Unit", "People", "Messages")
    assert page.locator("h1").inner_text() == "Hello, 测试county_editor"
    assert page.get_by_role("button", name="Sign out").is_visible()
    page.get_by_role("button", name="简体中文").click()
    page.wait_for_load_state("networkidle")
    assert menu_labels(page)["orgs.units"] == "单位"
    assert page.get_by_role("button", name="退出").is_visible()


def test_forced_password_change_at_first_login(page, city) -> None:
    temporary = org_actions.reset_password(city.secadmin, city.officer2)
    sign_in(page, "officer2", temporary)
    # Every page leads to the password form until the password is changed.
    assert page.url == page.base_url + "/accounts/password/"
    assert "首次登录或密码被重置后，须先修改密码才能继续使用。" in page.locator(".alert-warning").inner_text()
    page.goto(page.base_url + "/inbox/")
    assert page.url == page.base_url + "/accounts/password/"

    new_password = "Qinghe#2026new"
    page.fill("#id_old_password", temporary)
    page.fill("#id_new_password", new_password)
    page.fill("#id_new_password_again", new_password)
    page.get_by_role("button", name="保存新密码").click()
    page.wait_for_load_state("networkidle")
    assert page.url == page.base_url + "/"
    assert "密码已修改。" in page.locator(".alert").first.inner_text()
    page.goto(page.base_url + "/inbox/")
    assert page.url == page.base_url + "/inbox/"


def test_sign_out_ends_the_session(page, city, password) -> None:
    sign_in(page, "officer", password)
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(page.base_url + "/accounts/login/")
    page.goto(page.base_url + "/")
    assert page.url.startswith(page.base_url + "/accounts/login/?next=/")
    assert page.locator("#id_username").is_visible()
