"""Sign-in, sign-out, failed sign-in and lockout are audited, with the client address taken from
the socket, or from X-Forwarded-For only behind a trusted proxy (the same rule for django-axes)."""

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory

from xinbao.audit.models import AuditRecord
from xinbao.core.middleware import request_ip


def sign_in(username, password, **headers):
    return Client(**headers).post("/accounts/login/", {"username": username, "password": password})


def rows(action):
    return list(AuditRecord.objects.filter(action=action).order_by("id"))


def test_sign_in_and_sign_out_are_audited(city, password):
    client = Client(REMOTE_ADDR="10.1.2.3")
    client.post("/accounts/login/", {"username": "officer", "password": password})
    client.post("/accounts/logout/")
    (login,) = rows("auth.login")
    (logout,) = rows("auth.logout")
    assert login.actor_id == city.officer.pk and login.ip == "10.1.2.3"
    assert login.unit_name == "清河城关镇" and login.object_id == str(city.officer.pk)
    assert logout.actor_id == city.officer.pk and logout.ip == "10.1.2.3"


def test_failed_sign_in_is_audited_without_the_password(city):
    sign_in("officer", "Wrong-pass-1", REMOTE_ADDR="10.9.9.9")
    sign_in("nobody", "Wrong-pass-2", REMOTE_ADDR="10.9.9.9")
    known, unknown = rows("auth.login_failed")
    assert known.actor_id is None and known.actor_name == "（未登录）officer"
    assert known.object_id == str(city.officer.pk) and known.ip == "10.9.9.9"
    assert unknown.object_repr == "nobody" and unknown.object_id == ""
    assert not AuditRecord.objects.filter(new_values__icontains="Wrong-pass").exists()


def test_lockout_is_audited_then_the_unlock(city, login):
    for _ in range(5):
        sign_in("officer", "Wrong-pass-1", REMOTE_ADDR="10.9.9.9")
    assert rows("auth.locked_out")[0].object_id == str(city.officer.pk)
    assert len(rows("auth.login_failed")) == 5
    login(city.secadmin).post(f"/orgs/people/{city.officer.pk}/unlock/", {"confirm": "yes"})
    assert rows("orgs.unlock_account")[0].actor_id == city.secadmin.pk


# --- the client address -------------------------------------------------------------------------


def ip_of(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return request_ip(RequestFactory().get("/", **headers))


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.XINBAO_TRUSTED_PROXIES = []
    assert ip_of("203.0.113.7", "1.1.1.1") == "203.0.113.7"


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # Through our nginx: the address nginx saw.
        ("127.0.0.1", "10.1.2.3", "10.1.2.3"),
        # A client that forges the header: nginx appends the real address, we read from the right.
        ("127.0.0.1", "6.6.6.6, 10.1.2.3", "10.1.2.3"),
        # Two of our proxies in a row (a network listed as trusted).
        ("127.0.0.1", "10.1.2.3, 192.168.10.5", "10.1.2.3"),
        # Not from a trusted proxy: the header proves nothing.
        ("10.7.7.7", "1.1.1.1", "10.7.7.7"),
        # A malformed entry: keep the socket's address.
        ("127.0.0.1", "not-an-ip", "127.0.0.1"),
        ("127.0.0.1", "", "127.0.0.1"),
    ],
)
def test_behind_a_trusted_proxy(settings, remote, forwarded, expected):
    settings.XINBAO_TRUSTED_PROXIES = ["127.0.0.1", "192.168.10.0/24"]
    assert ip_of(remote, forwarded) == expected


def test_audit_and_axes_agree_on_the_address(city, settings):
    settings.XINBAO_TRUSTED_PROXIES = ["127.0.0.1"]
    sign_in("officer", "Wrong-pass-1", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.1.2.3")
    sign_in("signer", "Wrong-pass-1", REMOTE_ADDR="10.8.8.8", HTTP_X_FORWARDED_FOR="6.6.6.6")
    first, second = rows("auth.login_failed")
    assert (first.ip, second.ip) == ("10.1.2.3", "10.8.8.8")
    attempts = dict(AccessAttempt.objects.values_list("username", "ip_address"))
    assert attempts == {"officer": "10.1.2.3", "signer": "10.8.8.8"}


def test_a_bad_trusted_proxy_setting_fails_the_checks(settings):
    from django.core.checks import run_checks

    settings.XINBAO_TRUSTED_PROXIES = ["nginx.local"]
    assert "xinbao.E002" in {e.id for e in run_checks()}
