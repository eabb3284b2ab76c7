"""Browser tests: Playwright driving Debian's chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("XINBAO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body
# are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.skip(f"chromium not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


def sign_in(page, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    # The login form's own button: the navbar's language switch is a submit button too.
    with page.expect_navigation():
        page.click("form:has(#id_password) button[type=submit]")
    page.wait_for_load_state("networkidle")


def sign_out(page) -> None:  # type: ignore[no-untyped-def]
    # Leave the site first: a request still in flight would otherwise set the session cookie again
    # (SESSION_SAVE_EVERY_REQUEST) after the cookies are cleared, and the next sign_in would find
    # the previous user still signed in.
    page.goto("about:blank")
    page.context.clear_cookies()


# --- live_server tests and the database ----------------------------------------------------
# live_server tests run with transactional_db, which empties every table after each test
# (DELETE on SQLite, TRUNCATE on PostgreSQL). Two consequences are handled here for every
# live_server test, whatever its django_db marker says:
# 1. the audit log's append-only triggers refuse that flush: they are lifted just before it;
# 2. the flush also removes what migrations inserted (the channels, …). Django's
#    serialized_rollback does not survive here (its copy is gone once other tests ran first in the
#    session), so the migrated rows are serialized at the first live_server test and restored, with
#    the triggers, after each flush: at the next live_server test's setup and at the end of a module.
def _audit_trigger_sql() -> tuple[list[str], list[str]]:
    import importlib

    from django.db import connection

    migration = importlib.import_module("xinbao.audit.migrations.0003_append_only_triggers")
    if connection.vendor == "postgresql":
        return migration.POSTGRES, migration.POSTGRES_UNDO
    return migration.SQLITE, migration.SQLITE_UNDO


def _set_audit_triggers(enabled: bool) -> None:
    from django.db import connection

    create, drop = _audit_trigger_sql()
    with connection.cursor() as cursor:
        for sql in drop:  # dropping first makes re-creating idempotent
            cursor.execute(sql)
        if enabled:
            for sql in create:
                cursor.execute(sql)


_live_db: dict[str, Any] = {"migrated": None, "flushed": False}


def _remember_migrated_rows() -> None:
    from django.db import connections

    if _live_db["migrated"] is None:
        _live_db["migrated"] = connections["default"].creation.serialize_db_to_string()
    # From now on this module restores the rows; Django's own serialized_rollback would restore
    # them a second time (and its flush would skip re-creating content types).
    for connection in connections.all():
        if hasattr(connection, "_test_serialized_contents"):
            del connection._test_serialized_contents


def _restore_after_flush() -> None:
    from django.core import serializers
    from django.db import IntegrityError, transaction

    if not _live_db["flushed"]:
        return
    for obj in serializers.deserialize("json", _live_db["migrated"]):
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError:
            pass  # already there: re-created by the flush's post_migrate (content types, permissions)
    _set_audit_triggers(True)
    _live_db["flushed"] = False


@pytest.fixture(scope="module", autouse=True)
def _live_db_restored_after_module(django_db_blocker):  # type: ignore[no-untyped-def]
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        if _live_db["flushed"]:
            _restore_after_flush()
        # Once Playwright has run, this thread may hold its own PostgreSQL connection besides the one
        # the test-database teardown closes; left open, it keeps "DROP DATABASE test_…" from working.
        # (Never on SQLite: closing the last connection would discard the in-memory test database.)
        if connections["default"].vendor == "postgresql":
            connections.close_all()


@pytest.fixture(autouse=True)
def _live_db_prepared(request, _live_db_restored_after_module):  # type: ignore[no-untyped-def]
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    _restore_after_flush()
    _remember_migrated_rows()
    yield
    _set_audit_triggers(False)  # the flush follows this teardown
    _live_db["flushed"] = True
