"""Scoring benchmark: recompute a year for all units (beside a set-based SQL floor), a year's ranking and
its cost against plain SQL, and live scoring off the click (issue 13): adopting one item (the click), the
scoring task of one event, publishing a 30-entry issue, the ledger page of one unit.

Data (generated once in bulk and kept in the bench database): one hub with ``UNITS`` member units,
``ITEMS`` items submitted in 2025, about 40% adopted once (5% of those joint with a second unit),
scored with the county example rule set (yearly). The issue is published by the small city's county hub
(built in the same database), whose units are scored by the same example rule set.

Tasks use the database backend (as in production): the click only enqueues; the task is timed on its own.
"""

from __future__ import annotations

import datetime
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import client_for, count_queries, median_ms, report, setup_django, sized

YEAR = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
HUB_CODE = "BENCH-SC-HUB"
CHUNK = 20_000


def _units_and_people(n_units: int):  # type: ignore[no-untyped-def]
    from xinbao.orgs import actions as org_actions
    from xinbao.orgs.models import Channel, Unit, UnitChannel, User

    channel = Channel.objects.get(code="party")
    rows = [
        {
            "code": HUB_CODE,
            "name": "基准测试信息汇总单位",
            "parent_code": None,
            "level": "county",
            "kind": "party_office",
        }
    ]
    rows += [
        {
            "code": f"{HUB_CODE}-{i:05d}",
            "name": f"基准单位{i:05d}",
            "parent_code": HUB_CODE,
            "level": "township",
            "kind": "township",
        }
        for i in range(n_units)
    ]
    org_actions.bulk_create_units(None, rows)
    hub = Unit.objects.get(code=HUB_CODE)
    units = list(Unit.objects.filter(parent=hub).order_by("id"))
    UnitChannel.objects.create(unit=hub, channel=channel, is_hub=True)
    UnitChannel.objects.bulk_create([UnitChannel(unit=u, channel=channel, hub=hub) for u in units])
    User.objects.bulk_create(
        [User(username=f"bench-sc-{u.pk}", display_name=f"信息员{u.pk}", unit=u, password="!") for u in units]
    )
    return hub, channel, units


def _generate(n_units: int, n_items: int):  # type: ignore[no-untyped-def]
    from django.db import transaction
    from django.utils import timezone

    from xinbao.items.models import Adoption, AdoptionCredit, Item
    from xinbao.orgs.models import User

    rng = random.Random(2025)
    hub, channel, units = _units_and_people(n_units)
    authors = dict(User.objects.filter(unit__in=units).values_list("unit_id", "id"))
    categories = ["news", "problem", "research", "experience", "commission"]
    levels = ["county", "county", "county", "city", "city", "province", "central"]
    publications = ["《重要信息》", "《要情》", "《信息快报》", "《政务信息》", ""]
    made = 0
    while made < n_items:
        size = min(CHUNK, n_items - made)
        with transaction.atomic():
            items = []
            for _ in range(size):
                unit = rng.choice(units)
                day = YEAR[0] + datetime.timedelta(days=rng.randrange(365))
                stamp = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
                items.append(
                    Item(
                        unit=unit,
                        author_id=authors[unit.pk],
                        title=f"基准信息{made}",
                        category=rng.choice(categories),
                        state="submitted",
                        submitted_at=stamp,
                    )
                )
            items = Item.objects.bulk_create(items, batch_size=5000)
            adopted = [it for it in items if rng.random() < 0.4]
            adoptions = Adoption.objects.bulk_create(
                [
                    Adoption(
                        item=it,
                        adopter_name="某机关",
                        publication=rng.choice(publications),
                        level=rng.choice(levels),
                        kind="single",
                        forwarded=rng.random() < 0.3,
                        as_research=rng.random() < 0.05,
                        adopted_on=min(YEAR[1], it.submitted_at.date() + datetime.timedelta(days=rng.randrange(20))),
                    )
                    for it in adopted
                ],
                batch_size=5000,
            )
            credits = []
            for adoption, it in zip(adoptions, adopted, strict=True):
                credits.append(
                    AdoptionCredit(adoption=adoption, unit_id=it.unit_id, person_id=it.author_id, source_item=it)
                )
                if rng.random() < 0.05:  # joint item (合报) with another unit
                    other = rng.choice(units)
                    if other.pk != it.unit_id:
                        credits.append(AdoptionCredit(adoption=adoption, unit=other, source_item=it, joint=True))
            AdoptionCredit.objects.bulk_create(credits, batch_size=5000)
        made += size
        print(f"  generated {made}/{n_items} items", flush=True)
    return hub, channel


def _rule_set(hub, channel):  # type: ignore[no-untyped-def]
    from xinbao.scoring import actions
    from xinbao.scoring.models import RuleSet

    existing = RuleSet.objects.filter(hub=hub, deleted_at__isnull=True).first()
    if existing is not None:
        return existing
    text = (Path(__file__).resolve().parent.parent / "xinbao/scoring/examples/county_yearly.yaml").read_text("utf-8")
    return actions.create_rule_set(None, hub=hub, channel=channel, text=text, valid_from=YEAR[0])


def main() -> None:
    setup_django()
    from django.db import connection, reset_queries

    from xinbao.orgs.models import Channel, Unit
    from xinbao.scoring import actions, queries
    from xinbao.scoring.models import ScoreEntry

    n_units, n_items = sized(2000, 200), sized(1_000_000, 20_000)
    hub = Unit.objects.filter(code=HUB_CODE).first()
    if hub is None:
        start = time.perf_counter()
        hub, channel = _generate(n_units, n_items)
        if connection.vendor == "postgresql":  # planner statistics for the bulk-loaded tables
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"  data generated in {time.perf_counter() - start:.1f} s", flush=True)
    else:
        channel = Channel.objects.get(code="party")
    rule_set = _rule_set(hub, channel)

    if not ScoreEntry.objects.filter(rule_set=rule_set, period_start=YEAR[0]).exists():
        _entries, seconds = _timed_recompute(rule_set)
        report("scoring: recompute a year into an empty ledger (every line written)", seconds, "s", "(info)")
    # A recompute compares each unit's new lines with the ledger and rewrites only the units that changed:
    # the usual recompute (a correction, a notice's) changes few; a new version changes every line.
    entries, seconds = _timed_recompute(rule_set)
    report(
        f"scoring: recompute a year, {n_units} units, {n_items} items ({entries} entries; none changed)",
        seconds,
        "s",
        "< 15 s at 1,000,000 items",
    )
    version = actions.save_version(None, rule_set, text=rule_set.active_version.text, note="bench")
    actions.activate_version(None, version)
    rule_set.refresh_from_db()
    _entries, rewritten = _timed_recompute(rule_set)
    report("scoring: recompute a year after a new version (every line rewritten)", rewritten, "s", "(info)")
    if connection.vendor == "postgresql":
        # A recompute rewrites the year's lines; in production autovacuum then sets the visibility map that
        # the ranking's index-only scan needs. Repeated bench runs would otherwise read ever more dead rows.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {ScoreEntry._meta.db_table}")

    ranking_ms = median_ms(lambda: queries.unit_ranking(rule_set, *YEAR), repeat=7)
    report(f"scoring: year ranking of {n_units} units", ranking_ms, "ms", "< 500 ms")
    reset_queries()  # a full query log makes CaptureQueriesContext count 0
    report(
        "scoring: year ranking queries",
        count_queries(lambda: queries.unit_ranking(rule_set, *YEAR)),
        "queries",
        "constant (2)",
    )

    table = ScoreEntry._meta.db_table

    def plain_sql() -> list[tuple[int, object]]:
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT unit_id, SUM(points) FROM {table} WHERE rule_set_id = %s AND "on" >= %s AND "on" <= %s '
                "GROUP BY unit_id ORDER BY SUM(points) DESC",
                [rule_set.pk, *YEAR],
            )
            return cursor.fetchall()

    sql_ms = median_ms(plain_sql, repeat=7)
    report("scoring: hand-written SQL GROUP BY over the same ledger", sql_ms, "ms", "reference")
    report("scoring: ranking / plain SQL", ranking_ms / sql_ms if sql_ms else 0.0, "x", "<= 1.5x")

    floor = _sql_floor_seconds(hub)
    report("scoring: set-based SQL floor of a year (INSERT … SELECT of the adoption lines)", floor, "s", "reference")
    report("scoring: recompute a year / SQL floor", seconds / floor if floor else 0.0, "x", "(info)")

    click_ms, task_ms = _click_and_task_ms(hub)
    report("scoring: adopt one item, the click (record + enqueue, scoring after commit)", click_ms, "ms", "< 50 ms")
    report("scoring: the scoring task of one event (the unit's year rescored)", task_ms, "ms", "< 50 ms")
    warm, cold = _ledger_ms(rule_set, hub)
    report("scoring: ledger page of one unit (a year)", warm, "ms", "< 100 ms")
    report("scoring: ledger page, first view after a rescore (ranking recomputed)", cold, "ms", "(info)")
    publish_ms, tasks = _publish_ms()
    report(f"scoring: publish a 30-entry issue (enqueues {tasks} scoring tasks)", publish_ms, "ms", "< 1000 ms")


def _timed_recompute(rule_set) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    """The year recomputed through the action: (lines in the ledger, seconds)."""
    from xinbao.scoring import actions

    start = time.perf_counter()
    entries = actions.recompute(None, rule_set, *YEAR)
    return entries, time.perf_counter() - start


def _sql_floor_seconds(hub) -> float:  # type: ignore[no-untyped-def]
    """The least a year's recompute can cost: one set-based statement writing a line per credited adoption
    (points by level, a sentence by concatenation) into a scratch table, with no rule engine at all."""
    from django.db import connection, transaction

    from xinbao.items.models import Adoption, AdoptionCredit, Item
    from xinbao.orgs.models import Unit

    adoption, credit, item = Adoption._meta.db_table, AdoptionCredit._meta.db_table, Item._meta.db_table
    units = Unit._meta.db_table
    sql = (
        "INSERT INTO bench_floor (unit_id, item_id, points, explanation) "
        f"SELECT c.unit_id, a.item_id, CASE a.level WHEN 'central' THEN 50 WHEN 'province' THEN 20 "
        "WHEN 'city' THEN 10 ELSE 5 END, "
        f"a.adopter_name || a.publication || '采用《' || i.title || '》' FROM {adoption} a "
        f"JOIN {credit} c ON c.adoption_id = a.id JOIN {item} i ON i.id = a.item_id "
        "WHERE a.adopted_on >= %s AND a.adopted_on <= %s AND a.revoked_at IS NULL AND i.unit_id IN "
        f"(SELECT id FROM {units} WHERE parent_id = %s)"
    )

    def run() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE bench_floor "
                "(unit_id integer, item_id integer, points numeric(12, 2), explanation varchar(300))"
            )
            cursor.execute(sql, [*YEAR, hub.pk])
            transaction.set_rollback(True)

    return median_ms(run, repeat=3, warmup=1) / 1000


def _click_and_task_ms(hub) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """An adoption recorded through the items action and committed (the click: scoring only records the
    event and enqueues its task), then that task run (the unit's year rebuilt). The adoptions are deleted
    afterwards and the unit rescored, so the data stays as generated."""
    from django.db import transaction

    from xinbao.items.actions import AdoptionRecord, record_adoption
    from xinbao.items.models import Adoption, Item
    from xinbao.scoring.tasks import score_event

    item = Item.objects.filter(unit__parent=hub).order_by("id").first()
    assert item is not None
    clicks: list[float] = []
    tasks: list[float] = []
    made: list[int] = []
    for _ in range(sized(7, 5)):
        start = time.perf_counter()
        with transaction.atomic():
            record = AdoptionRecord(
                item=item, level="city", adopted_on=datetime.date(2025, 6, 1), adopter_name="市委办公室"
            )
            made.append(record_adoption(None, record).pk)
        middle = time.perf_counter()
        score_event.call(item.unit_id)
        clicks.append((middle - start) * 1000)
        tasks.append((time.perf_counter() - middle) * 1000)
    Adoption.objects.filter(pk__in=made).delete()
    _rescore(item.unit_id)
    return _median(clicks[1:]), _median(tasks[1:])


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def _rescore(unit_id: int) -> None:
    from xinbao.scoring.models import PendingScore
    from xinbao.scoring.tasks import score_event

    PendingScore.objects.create(unit_id=unit_id, on=datetime.date(2025, 6, 1))
    score_event.call(unit_id)


def _ledger_ms(rule_set, hub) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """The unit's ledger page for the year, as one of its own people sees it (summary, first page, rank):
    as usually seen (the period's ranking cached for the ledger's version), and the first view after a
    rescore, which computes the ranking again."""
    from django.db.models import F

    from xinbao.orgs.models import User
    from xinbao.scoring.models import RuleSet

    user = User.objects.filter(unit__parent=hub).order_by("unit_id").first()
    assert user is not None
    User.objects.filter(pk=user.pk).update(must_change_password=False)  # generated in bulk, never signed in
    user.must_change_password = False
    client = client_for(user)
    url = f"/scoring/{rule_set.pk}/units/{user.unit_id}/?period=2025"
    assert client.get(url).status_code == 200
    warm = median_ms(lambda: client.get(url), repeat=7)

    def after_a_rescore() -> None:
        RuleSet.objects.filter(pk=rule_set.pk).update(ledger_version=F("ledger_version") + 1)
        client.get(url)

    return warm, median_ms(after_a_rescore, repeat=5)


def _publish_ms() -> tuple[float, int]:
    """Publishing a signed-off 30-entry issue of the small city's county hub (built once in this database):
    30 adoptions recorded, one scoring task per unit enqueued. A fresh issue per run."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from bench.bench_publications import _city
    from xinbao.items.testing import make_submitted_item
    from xinbao.publications import actions as pub
    from xinbao.publications.models import Periodical
    from xinbao.publications.tests.factories import sign_off
    from xinbao.scoring import actions
    from xinbao.scoring.models import RuleSet

    city = _city()
    party = city.channels["party"]
    if not RuleSet.objects.filter(hub=city.county_hub, deleted_at__isnull=True).exists():
        text = (Path(__file__).resolve().parent.parent / "xinbao/scoring/examples/county_yearly.yaml").read_text()
        actions.create_rule_set(
            None, hub=city.county_hub, channel=party, text=text, valid_from=datetime.date(2020, 1, 1)
        )
    paper = Periodical.objects.filter(hub=city.county_hub, name="基准计分").first()
    if paper is None:
        paper = pub.create_periodical(city.county_editor, hub=city.county_hub, channel=party, name="基准计分")
    timings: list[float] = []
    enqueued = 0
    for run in range(3):
        issue = pub.create_issue(city.county_editor, paper)
        for n in range(30):
            officer, signer = (city.officer, city.signer) if n % 2 else (city.officer2, city.signer2)
            sub = make_submitted_item(city, title=f"计分基准{run}-{n}", officer=officer, signer=signer)
            pub.add_entry(city.county_editor, issue, sub)
        issue = sign_off(city, issue)
        before = DBTaskResult.objects.filter(task_path="xinbao.scoring.tasks.score_event").count()
        start = time.perf_counter()
        with transaction.atomic():
            pub.publish_issue(city.county_editor, issue)
        timings.append((time.perf_counter() - start) * 1000)
        enqueued = DBTaskResult.objects.filter(task_path="xinbao.scoring.tasks.score_event").count() - before
    return _median(timings), enqueued


if __name__ == "__main__":
    main()
