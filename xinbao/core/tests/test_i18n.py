"""Chinese by default; English through the language switch (locale/en catalog, compiled .mo committed)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _back_to_chinese():
    """LocaleMiddleware leaves the last request's language active in this thread: reset it so that
    later tests (which match Chinese messages) do not run in English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


NAV_LINK = re.compile(r'data-menu="(?P<key>[^"]+)">(?P<label>[^<]+)</a>')


def nav_labels(html: str) -> dict[str, str]:
    return {m["key"]: m["label"] for m in NAV_LINK.finditer(html)}


@pytest.mark.django_db
def test_switching_to_english_renders_english_navigation(city, login) -> None:
    client = login(city.sysadmin)
    chinese = client.get("/").content.decode()
    assert nav_labels(chinese)["orgs.units"] == "单位"
    assert nav_labels(chinese)["notify.inbox"] == "消息"
    assert "退出" in chinese

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    english = client.get("/").content.decode()
    labels = nav_labels(english)
    assert labels["orgs.units"] == "Unit"
    assert labels["orgs.people"] == "People"
    assert labels["notify.inbox"] == "Messages"
    assert '<html lang="en">' in english
    assert "Sign out" in english
    assert "Hello, " in english

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert nav_labels(client.get("/").content.decode())["orgs.units"] == "单位"


@pytest.mark.django_db
def test_chinese_by_default_even_for_an_english_browser(client) -> None:
    # Offices expect Chinese whatever the browser says; English only through the switch (cookie).
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "登录" in html
    assert "Sign in" not in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "Sign in" in html
    assert "Password" in html
