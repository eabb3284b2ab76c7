"""Password resets without the operator seeing a password (one-time link, sealed letter), token
revocation, the audit admin's own password, password history and expiry."""

import io
import itertools
import re

import pytest
import time_machine
from django.test import Client
from docx import Document

from xinbao.api import actions as api_actions
from xinbao.api.models import ApiToken
from xinbao.audit.models import AuditRecord
from xinbao.core.errors import DomainError
from xinbao.orgs import actions
from xinbao.orgs.models import User


def fresh(user):
    return User.objects.get(pk=user.pk)


def signed_in(username, password):
    response = Client().post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302 and response.url in {"/", "/accounts/password/"}


def reset_by_link(client, person):
    response = client.post(f"/orgs/people/{person.pk}/reset-password/", {"method": "link"})
    assert response.status_code == 200
    return response.context["link"].removeprefix("http://testserver")


def letter_text(response):
    return "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)


# --- one-time link ----------------------------------------------------------------------------


def test_reset_by_link_end_to_end(city, login, password):
    link = reset_by_link(login(city.secadmin), city.officer)
    # The old password stops working at once; the page showed a link, never a password.
    assert not signed_in("officer", password)
    anonymous = Client()
    page = anonymous.get(link)
    assert page.status_code == 200 and "测试officer" in page.content.decode()
    response = anonymous.post(link, {"new_password": "Linked-pass-2026", "new_password_again": "Linked-pass-2026"})
    assert response.status_code == 302 and response.url == "/accounts/login/"
    person = fresh(city.officer)
    assert person.check_password("Linked-pass-2026") and not person.must_change_password
    assert signed_in("officer", "Linked-pass-2026")
    # Single use: the same link is dead now.
    again = anonymous.get(link)
    assert again.status_code == 404 and "链接无效或已过期" in again.content.decode()
    row = AuditRecord.objects.get(action="orgs.reset_password", object_id=str(person.pk))
    assert row.actor_id == city.secadmin.pk and row.new_values["method"] == "link"
    assert AuditRecord.objects.filter(action="orgs.set_password_by_link", actor=person).exists()


def test_a_newer_reset_kills_the_older_link(city, login):
    client = login(city.secadmin)
    first = reset_by_link(client, city.officer)
    second = reset_by_link(client, city.officer)
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200


def test_the_link_expires(city, settings):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as traveller:
        path = actions.issue_reset_link(city.secadmin, city.officer)
        traveller.shift(3601)
        response = Client().post(path, {"new_password": "Late-pass-2026", "new_password_again": "Late-pass-2026"})
    assert response.status_code == 404 and not fresh(city.officer).has_usable_password()


def test_the_link_is_refused_in_a_signed_in_browser(city, login):
    client = login(city.secadmin)
    link = reset_by_link(client, city.officer)
    response = client.post(link, {"new_password": "Taken-pass-2026", "new_password_again": "Taken-pass-2026"})
    assert response.status_code == 403 and "请先退出" in response.content.decode()
    assert not fresh(city.officer).has_usable_password()


@pytest.mark.parametrize("uid", ["", "Zm9v", "OTk5OTk5OTk5OTk5OTk5OTk5OTk5", "!!!", "MA"])
def test_a_tampered_link_is_a_404(city, uid):
    assert Client().get(f"/orgs/set-password/{uid or 'x'}/abc-def/").status_code == 404


def test_the_link_checks_the_password_rules(city):
    path = actions.issue_reset_link(city.secadmin, city.officer)
    response = Client().post(path, {"new_password": "short", "new_password_again": "short"})
    assert response.status_code == 200 and response.context["form"].errors
    assert not fresh(city.officer).has_usable_password()


# --- sealed letter ----------------------------------------------------------------------------


def test_reset_by_letter_downloads_a_word_letter_and_shows_no_password(city, login):
    response = login(city.secadmin).post(f"/orgs/people/{city.officer.pk}/reset-password/", {"method": "letter"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "no-store" in response["Cache-Control"]
    text = letter_text(response)
    password = re.search(r"临时密码：(\S+)", text).group(1)
    assert "用户名：officer" in text and "签收回执" in text
    person = fresh(city.officer)
    assert person.check_password(password) and person.must_change_password
    # The receipt part, kept by the operator, does not repeat the password.
    assert password not in text.split("签收回执")[1]
    client = Client()
    client.post("/accounts/login/", {"username": "officer", "password": password})
    assert client.get("/inbox/").url == "/accounts/password/"


def test_the_reset_page_itself_writes_nothing(city, login, password):
    response = login(city.secadmin).get(f"/orgs/people/{city.officer.pk}/reset-password/")
    assert response.status_code == 200 and fresh(city.officer).check_password(password)


def test_initial_letters_for_imported_people(city, login):
    people = actions.bulk_create_people(
        city.sysadmin,
        [{"username": f"imp{i}", "display_name": f"导入{i}", "unit": city.township} for i in range(3)],
        password_hash="!",
    )
    client = login(city.sysadmin)
    response = client.post("/orgs/import/letters.docx", {"person": [p.pk for p in people]})
    text = letter_text(response)
    passwords = re.findall(r"临时密码：(\S+)", text)
    assert len(set(passwords)) == 3
    assert all(fresh(p).check_password(pw) for p, pw in zip(people, passwords, strict=True))
    # A second batch for the same accounts is a reset, which is not the system admin's to do.
    again = client.post("/orgs/import/letters.docx", {"person": [people[0].pk]}, follow=True)
    assert "已设置过密码或登录过" in again.content.decode()
    assert fresh(people[0]).check_password(passwords[0])


# --- a reset revokes API tokens -----------------------------------------------------------------


@pytest.mark.parametrize("reset", ["reset_password", "issue_reset_link"])
def test_a_reset_revokes_the_accounts_api_tokens(city, client, reset):
    token, key = api_actions.issue_token(city.officer, "对接")
    other, _key = api_actions.issue_token(city.signer, "对接")
    assert client.get("/api/orgs/units", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    getattr(actions, reset)(city.secadmin, city.officer)
    assert client.get("/api/orgs/units", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    token.refresh_from_db()
    other.refresh_from_db()
    assert token.revoked_at is not None and other.revoked_at is None
    row = AuditRecord.objects.get(action="api.revoke_all_tokens", object_id=str(city.officer.pk))
    assert row.actor_id == city.secadmin.pk and row.new_values["count"] == 1


def test_deactivating_revokes_tokens_too(city):
    api_actions.issue_token(city.officer, "对接")
    actions.deactivate_person(city.sysadmin, city.officer)
    assert not ApiToken.objects.filter(user=city.officer, revoked_at__isnull=True).exists()


# --- the audit admin's own password ------------------------------------------------------------


def test_audit_admin_changes_own_password(city, login, password):
    client = login(city.auditadmin)
    data = {"old_password": password, "new_password": "Auditor-pass-2026", "new_password_again": "Auditor-pass-2026"}
    response = client.post("/accounts/password/", data)
    assert response.status_code == 302
    assert fresh(city.auditadmin).check_password("Auditor-pass-2026")
    assert AuditRecord.objects.filter(action="orgs.change_own_password", actor=city.auditadmin).exists()


def test_audit_admin_forced_change_after_a_reset(city, password):
    temporary = actions.reset_password(city.secadmin, city.auditadmin)
    client = Client()
    client.post("/accounts/login/", {"username": "auditadmin", "password": temporary})
    assert client.get("/audit/").url == "/accounts/password/"
    data = {"old_password": temporary, "new_password": "Auditor-pass-2026", "new_password_again": "Auditor-pass-2026"}
    client.post("/accounts/password/", data)
    assert client.get("/audit/").status_code == 200


# --- history and expiry -------------------------------------------------------------------------


def change(person, old, new):
    return actions.change_own_password(fresh(person), old, new)


def test_the_last_five_passwords_cannot_be_reused(city, password, settings):
    assert settings.XINBAO_PASSWORD_HISTORY == 5
    passwords = [password] + [f"History-pass-{i}" for i in range(1, 6)]
    for old, new in itertools.pairwise(passwords):
        change(city.officer, old, new)
    current = passwords[-1]
    for reused in passwords[1:-1]:
        with pytest.raises(DomainError, match="不能与最近5次使用过的密码相同"):
            change(city.officer, current, reused)
    # The original password is six changes back: allowed again.
    change(city.officer, current, password)
    assert fresh(city.officer).check_password(password)


def test_a_link_cannot_set_a_recent_password(city):
    change(city.officer, "Test-pass-2026", "Recent-pass-2026")
    path = actions.issue_reset_link(city.secadmin, city.officer)
    response = Client().post(path, {"new_password": "Recent-pass-2026", "new_password_again": "Recent-pass-2026"})
    assert "不能与最近5次使用过的密码相同" in response.content.decode()


def test_an_expired_password_must_be_changed_at_sign_in(city, settings):
    settings.XINBAO_PASSWORD_MAX_AGE_DAYS = 90
    with time_machine.travel("2026-01-01 09:00 +0800", tick=False) as traveller:
        change(city.officer, "Test-pass-2026", "Fresh-pass-2026")
        traveller.shift(89 * 86400)
        client = Client()
        client.post("/accounts/login/", {"username": "officer", "password": "Fresh-pass-2026"})
        assert client.get("/inbox/").status_code == 200
        traveller.shift(2 * 86400)
        client = Client()
        client.post("/accounts/login/", {"username": "officer", "password": "Fresh-pass-2026"})
        assert client.get("/inbox/").url == "/accounts/password/"
    assert AuditRecord.objects.filter(action="orgs.password_expired", object_id=str(city.officer.pk)).exists()


def test_expiry_off_by_default(city, settings, password):
    assert settings.XINBAO_PASSWORD_MAX_AGE_DAYS == 0
    with time_machine.travel("2036-01-01 09:00 +0800"):
        client = Client()
        client.post("/accounts/login/", {"username": "officer", "password": password})
        assert client.get("/inbox/").status_code == 200
