"""Fixtures shared by every app's tests."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from xinbao.orgs.testing import PASSWORD, SmallCity, build_small_city


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):  # type: ignore[no-untyped-def]
    # Tests run background tasks inline; the worker's scheduling is tested on its own.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
    settings.XINBAO_AUDIT_GUARD = True  # every write action called in a test must leave an audit row
    cache.clear()


@pytest.fixture
def city(db) -> SmallCity:  # type: ignore[no-untyped-def]
    return build_small_city()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def login(client):  # type: ignore[no-untyped-def]
    """``login(user)`` signs the test client in as ``user`` (through the real login form)."""

    def do_login(user):  # type: ignore[no-untyped-def]
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return do_login
