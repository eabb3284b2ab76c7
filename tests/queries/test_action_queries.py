"""Exact query counts of the actions that matter (Zulip style): a change that adds a query per entry,
per credit or per recipient shows here, with the queries listed by pytest-django on failure.

Each audit write (one row, or a batch of rows) costs one more query on PostgreSQL (the hash chain's
advisory lock, audit/chain.py); the counts below are SQLite's, and on PostgreSQL those lock statements are
left out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xinbao.audit.models import AuditRecord
from xinbao.items import actions as items_actions
from xinbao.items.testing import make_submitted_item
from xinbao.publications import actions as pub_actions
from xinbao.publications.tests.factories import periodical, sign_off


def _count(call: Callable[[], Any]) -> tuple[int, int, list[str]]:
    """(queries as SQLite would count them, audit rows written, the SQL) for one action call."""
    before = AuditRecord.objects.count()
    with CaptureQueriesContext(connection) as ctx:
        call()
    rows = AuditRecord.objects.count() - before
    chain_locks = sum("pg_advisory_xact_lock" in q["sql"] for q in ctx.captured_queries)
    queries = len(ctx) - (chain_locks if connection.vendor == "postgresql" else 0)
    return queries, rows, [q["sql"] for q in ctx.captured_queries]


def _assert(call: Callable[[], Any], queries: int, rows: int) -> None:
    done, written, sql = _count(call)
    assert (done, written) == (queries, rows), f"{(done, written)}\n" + "\n".join(sql)


# Publishing, whatever the number of entries: entries a hub decision adopted before / entries adopted now.
QUERIES_PUBLISH_FILL_IN = 33
QUERIES_PUBLISH_ADOPT = 42


def test_sign_off(city):
    item = items_actions.create_draft(
        city.officer, category="news", title="城关镇秋收", body="正文。", writer_name="王", writer_phone="1"
    )
    items_actions.submit(city.officer, item, [city.channels["party"]])
    _assert(lambda: items_actions.sign_off(city.signer, item), queries=21, rows=1)


def test_adopt(city):
    sub = make_submitted_item(city)
    _assert(lambda: items_actions.adopt(city.county_editor, sub), queries=21, rows=2)


def test_merge_of_two(city):
    a = make_submitted_item(city, title="甲")
    b = make_submitted_item(city, title="乙", officer=city.officer2, signer=city.signer2)
    _assert(lambda: items_actions.merge(city.county_editor, [a, b], title="综合", body="正文。"), queries=25, rows=3)


@pytest.mark.parametrize("entries", [3, 6])
@pytest.mark.parametrize("adopted_before", [True, False])
def test_publish_costs_the_same_whatever_the_number_of_entries(city, entries, adopted_before):
    # Publishing adopts every entry at once (items.actions.adopt_in_issue): entries adopted by a hub
    # decision gain the issue, the others are adopted and recorded with their credits; either way a fixed
    # number of queries, and an audit row per entry besides the issue's own.
    issue = pub_actions.create_issue(city.county_editor, periodical(city))
    for i in range(entries):
        sub = make_submitted_item(city, title=f"稿{i}")
        pub_actions.add_entry(city.county_editor, issue, sub, adopt_now=adopted_before)
    issue = sign_off(city, issue)
    queries, rows = (
        (QUERIES_PUBLISH_FILL_IN, 1 + entries) if adopted_before else (QUERIES_PUBLISH_ADOPT, 1 + 2 * entries)
    )
    _assert(lambda: pub_actions.publish_issue(city.county_editor, issue), queries=queries, rows=rows)


@pytest.mark.parametrize("adoptions", [3, 6])
def test_the_scoring_task_of_one_event_costs_a_fixed_number_of_queries(city, adoptions):
    # Rescoring after commit (scoring.tasks.score_event): the unit's period is rebuilt with a fixed
    # number of queries whatever its number of adoptions and lines (no query per fact or per line).
    import datetime

    from django.test import TestCase

    from xinbao.scoring import actions as scoring_actions
    from xinbao.scoring.models import PendingScore
    from xinbao.scoring.tasks import score_event
    from xinbao.scoring.tests.factories import adopt, example, make_item

    day = datetime.date(2026, 2, 10)
    scoring_actions.create_rule_set(
        None,
        hub=city.county_hub,
        channel=city.channels["party"],
        text=example("district_quarterly.yaml"),
        valid_from=datetime.date(2026, 1, 1),
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        for i in range(adoptions):
            adopt(make_item(city.township, city.officer, day, title=f"稿{i}"), day, "county", adopter=city.county_hub)
    # One more adoption, its task not run yet.
    adopt(make_item(city.township, city.officer, day, title="新稿"), day, "city", adopter_name="市委办公室")
    assert PendingScore.objects.count() == 1
    # 24: the task's bookkeeping, the rule sets, one read per fact source the rule set looks at (adoptions,
    # submissions, 批示, 约稿, 紧急信息, 转送交办/差错; not forwarding or 落实反馈, which it never scores),
    # the titles as printed (their sensitivity read with them), the lines rewritten and the ledger version
    # bumped (no writers' roles or attributes: this rule set never looks at writers).
    # On PostgreSQL one more: the commit is told not to wait for the disk (SET LOCAL synchronous_commit).
    from django.db import connection

    _assert(lambda: score_event.call(city.township.pk), queries=24 + (connection.vendor == "postgresql"), rows=0)
    assert not PendingScore.objects.exists()
