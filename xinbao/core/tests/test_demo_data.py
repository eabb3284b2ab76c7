"""``manage.py demo_data`` (what ``make run`` calls): builds once, prints a working login per role."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from xinbao.orgs import demo
from xinbao.orgs.models import Unit


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("demo_data", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_data_is_idempotent_and_every_printed_login_signs_in() -> None:
    first = _run("--host", "127.0.0.1:8123")
    assert "演示数据已载入" in first
    assert "http://127.0.0.1:8123/" in first
    units = Unit.objects.count()

    second = _run()
    assert "未重复载入" in second
    assert Unit.objects.count() == units  # nothing built twice

    usernames = re.findall(r"^[ \t]+\S+[ \t]+(\w+)", second.split("角色", 1)[1], flags=re.MULTILINE)
    assert len(usernames) >= 12  # one per role, the three admins included
    for username in ("sysadmin", "secadmin", "auditadmin"):
        assert username in usernames
    users = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
    for username in usernames:
        user = users[username]
        assert user.is_active and user.check_password(demo.DEMO_PASSWORD), username
