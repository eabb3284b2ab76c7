"""In the browser: a password reset by one-time link, from the security admin's click to the
owner signing in with the password they chose; the operator never sees a password."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import sign_in, sign_out

pytestmark = pytest.mark.e2e


def test_reset_by_one_time_link(page, city, password) -> None:
    sign_in(page, "secadmin", password)
    page.goto(page.base_url + f"/orgs/people/{city.officer.pk}/")
    page.get_by_role("link", name="重置密码").click()
    page.get_by_role("button", name="生成一次性链接").click()
    page.wait_for_load_state("networkidle")
    link = page.locator("[data-testid=set-password-link]").inner_text().strip()
    assert link.startswith(page.base_url + "/orgs/set-password/")
    assert (
        "密码" not in link and "系统不会生成或显示任何密码" in page.locator("[data-testid=password-link]").inner_text()
    )
    sign_out(page)

    # The owner, not signed in, opens the link and chooses a password.
    page.goto(link)
    page.fill("#id_new_password", "Chosen#2026pass")
    page.fill("#id_new_password_again", "Chosen#2026pass")
    page.get_by_role("button", name="保存新密码").click()
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(page.base_url + "/accounts/login/")
    assert "密码已设置，请用新密码登录。" in page.locator(".alert").first.inner_text()
    sign_in(page, "officer", "Chosen#2026pass")
    assert page.url == page.base_url + "/"

    # The link was for one use only.
    sign_out(page)
    page.goto(link)
    assert "链接无效或已过期" in page.locator("[data-testid=link-invalid]").inner_text()
