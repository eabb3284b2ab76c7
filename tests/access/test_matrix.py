"""The access matrix: every URL pattern and every API operation, requested by every account of the
small city (and by nobody signed in), against representative objects of other units, counties and
hubs, classified and restricted ones included.

A GET answers 200 only to the accounts the matrix lists; everyone else gets a 403, a 404, or (nobody
signed in) the login page — never the content. A write (POST/PATCH/DELETE) by an account not listed
changes nothing: no audit row appears. A URL or API operation missing from the matrix fails the test,
so a new page cannot ship without deciding who may use it (tests/access/routes.py).
"""

from __future__ import annotations

import os

import pytest
from django.test import Client

from xinbao.audit.models import AuditRecord

from .routes import ALL_ROUTES, api_operations, missing_routes, url_patterns
from .world import ACCOUNTS, build_world

pytestmark = pytest.mark.django_db

DENIED = {302, 401, 403, 404, 405}


@pytest.fixture
def world(city, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.XINBAO_ISSUE_PDF = False
    return build_world(city)


def _client(city, account: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if account != "anonymous":
        client.force_login(city.people[account], backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_every_route_is_in_the_matrix():
    missing = missing_routes(url_patterns(), api_operations())
    assert not missing, "routes without an access rule in tests/access/routes.py: " + ", ".join(missing)


def _denied(response) -> bool:  # type: ignore[no-untyped-def]
    # A redirect serves no content (the login page for nobody signed in, or back with a message).
    return response.status_code in DENIED


@pytest.mark.parametrize("area", sorted({r.area for r in ALL_ROUTES}))
def test_reads(area, city, world):  # type: ignore[no-untyped-def]
    failures = []
    discover = os.environ.get("XINBAO_MATRIX_DISCOVER")
    for route in (r for r in ALL_ROUTES if r.area == area and r.readers is not None):
        url = route.url(world)
        seen = {}
        for account in ACCOUNTS:
            response = _client(city, account).get(url)
            seen[account] = response.status_code
            allowed = account in route.readers
            if allowed and response.status_code != 200:
                failures.append(f"{route.name} {url}: {account} should read (got {response.status_code})")
            if not allowed and not _denied(response):
                failures.append(f"{route.name} {url}: {account} must not read (got {response.status_code})")
        if discover:
            ok = sorted(a for a, s in seen.items() if s == 200)
            print(f"READ {route.name}: {ok}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("area", sorted({r.area for r in ALL_ROUTES}))
def test_writes(area, city, world):  # type: ignore[no-untyped-def]
    failures = []
    for route in (r for r in ALL_ROUTES if r.area == area and r.method != "GET"):
        url = route.url(world)
        for account in ACCOUNTS:
            if account in route.writers:
                continue
            client = _client(city, account)  # signing in is itself audited: count after it
            before = AuditRecord.objects.count()
            response = getattr(client, route.method.lower())(url, route.data(world), content_type=route.content_type)
            written = AuditRecord.objects.count() - before
            if written:
                failures.append(f"{route.method} {route.name} {url}: {account} wrote {written} audit row(s)")
            if response.status_code >= 500:
                failures.append(f"{route.method} {route.name} {url}: {account} got {response.status_code}")
    assert not failures, "\n".join(failures)
