"""Lockout through the real login view (django-axes): 5 failures lock the account for 15 minutes."""

import time_machine
from django.test import Client

from xinbao.audit.models import AuditRecord
from xinbao.orgs import queries
from xinbao.orgs.models import User


def login_attempt(username, password):
    return Client().post("/accounts/login/", {"username": username, "password": password})


def signed_in(response):
    return response.status_code == 302 and response.url == "/"


def lock(username):
    for _ in range(5):
        assert not signed_in(login_attempt(username, "wrong-Pass-1"))


def test_five_failures_lock_even_the_correct_password(city, password):
    lock("officer")
    locked = login_attempt("officer", password)
    assert not signed_in(locked)
    assert locked.status_code == 429 and "锁定" in locked.content.decode()
    assert queries.is_locked(User.objects.get(username="officer"))


def test_still_locked_after_fourteen_minutes(city, password):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as traveller:
        lock("officer")
        traveller.shift(14 * 60)
        assert not signed_in(login_attempt("officer", password))


def test_unlocked_after_fifteen_minutes(city, password):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as traveller:
        lock("officer")
        assert not signed_in(login_attempt("officer", password))
        traveller.shift(15 * 60 + 1)
        assert not queries.is_locked(User.objects.get(username="officer"))
        assert signed_in(login_attempt("officer", password))


def test_four_failures_do_not_lock(city, password):
    for _ in range(4):
        login_attempt("signer", "wrong-Pass-1")
    assert signed_in(login_attempt("signer", password))


def test_security_admin_unlocks_an_account(city, login, password):
    for _ in range(5):
        login_attempt("officer", "wrong-Pass-1")
    assert not signed_in(login_attempt("officer", password))
    client = login(city.secadmin)
    assert 'data-testid="locked"' in client.get(f"/orgs/people/{city.officer.pk}/").content.decode()
    client.post(f"/orgs/people/{city.officer.pk}/unlock/", {"confirm": "yes"})
    assert AuditRecord.objects.filter(action="orgs.unlock_account", object_id=str(city.officer.pk)).exists()
    assert signed_in(login_attempt("officer", password))
