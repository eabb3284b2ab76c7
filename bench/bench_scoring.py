"""Scoring benchmark: recompute a year for all units, a year's ranking, and its cost against plain SQL.

Data (generated once in bulk and kept in the bench database): one hub with ``UNITS`` member units,
``ITEMS`` items submitted in 2025, about 40% adopted once (5% of those joint with a second unit),
scored with the county example rule set (yearly).
"""

from __future__ import annotations

import datetime
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import count_queries, median_ms, report, setup_django, sized

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
        print(f"  data generated in {time.perf_counter() - start:.1f} s", flush=True)
    else:
        channel = Channel.objects.get(code="party")
    rule_set = _rule_set(hub, channel)

    start = time.perf_counter()
    entries = actions.recompute(None, rule_set, *YEAR)
    seconds = time.perf_counter() - start
    report(
        f"scoring: recompute a year, {n_units} units, {n_items} items ({entries} entries)",
        seconds,
        "s",
        "< 60 s at 1,000,000 items",
    )

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
    report("scoring: record one adoption with live rescoring of the unit's year", _live_ms(hub), "ms", "interactive")


def _live_ms(hub) -> float:  # type: ignore[no-untyped-def]
    """An adoption recorded through the items action: scoring rebuilds that unit's year in the same
    transaction (rolled back after each run)."""
    from django.db import transaction

    from xinbao.items.actions import AdoptionRecord, record_adoption
    from xinbao.items.models import Item

    item = Item.objects.filter(unit__parent=hub).order_by("id").first()

    def adopt_once() -> None:
        with transaction.atomic():
            record = AdoptionRecord(
                item=item, level="city", adopted_on=datetime.date(2025, 6, 1), adopter_name="市委办公室"
            )
            record_adoption(None, record)
            transaction.set_rollback(True)

    return median_ms(adopt_once, repeat=5, warmup=1)


if __name__ == "__main__":
    main()
