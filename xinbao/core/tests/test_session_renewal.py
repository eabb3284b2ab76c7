"""The idle timeout is renewed at most once a minute: a page view does not write the session each time,
and a session still ends after the idle limit (30 minutes by default) and never outlives it."""

from __future__ import annotations

import datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

T0 = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)


def _session_writes(client, url="/"):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    writes = [
        q["sql"] for q in ctx.captured_queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")
    ]
    return response, writes


def test_page_views_renew_the_session_at_most_once_a_minute_and_it_still_expires(city, login):  # type: ignore[no-untyped-def]
    with time_machine.travel(T0, tick=False):
        client = login(city.officer)  # signing in saves the session and stamps its renewal
        response, writes = _session_writes(client)
        assert response.status_code == 200 and writes == []
    with time_machine.travel(T0 + datetime.timedelta(seconds=30), tick=False):
        response, writes = _session_writes(client)
        assert response.status_code == 200 and writes == []  # within the minute: no write at all
    with time_machine.travel(T0 + datetime.timedelta(minutes=10), tick=False):
        response, writes = _session_writes(client)
        assert response.status_code == 200 and len(writes) == 1  # renewed: expires at 09:40 now
    with time_machine.travel(T0 + datetime.timedelta(minutes=35), tick=False):
        assert client.get("/").status_code == 200  # 25 idle minutes: still signed in (and renewed to 10:05)
    with time_machine.travel(T0 + datetime.timedelta(minutes=66), tick=False):
        response = client.get("/")  # 31 idle minutes after the last renewal: signed out
        assert response.status_code == 302 and "/login" in response["Location"]


def test_anonymous_requests_create_no_session(client, db):  # type: ignore[no-untyped-def]
    response, writes = _session_writes(client, "/accounts/login/")
    assert response.status_code == 200 and writes == []
