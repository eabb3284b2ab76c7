"""Items benchmark: the hub's screening queue, a unit's item list and keyword search at scale.

Data (generated once in bulk by ``xinbao.items.generate`` and kept in its own SQLite file, or in
``DATABASE_URL`` when set): a province hub → city hub → 20 county hubs with 50 member units each;
``BENCH_ITEMS`` items (default 1,000,000; ``SCALE=small``: 5,000) spread over the 1,000 units.
Targets (issue 3): page render < 100 ms with a constant number of queries; keyword search < 300 ms.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, client_for, count_queries, median_ms, report, scale, sized

COUNTIES, TOWNSHIPS = 20, 50
PREFIX = "BENCH-IT"


def n_items() -> int:
    return int(os.environ.get("BENCH_ITEMS", sized(1_000_000, 5_000)))


def _database() -> None:
    if "DATABASE_URL" not in os.environ:
        path = ROOT / "var" / "bench" / f"items-{scale()}-{n_items()}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"


def _tree():  # type: ignore[no-untyped-def]
    """Units, channel links and one editor per hub, one officer per unit (bulk, once)."""
    from django.contrib.auth.hashers import make_password

    from xinbao.orgs import actions as org_actions
    from xinbao.orgs.models import Channel, Unit, UnitChannel, User, UserRole

    root = Unit.objects.filter(code=PREFIX).first()
    if root is not None:
        return root
    rows = [
        {"code": PREFIX, "name": "基准省", "parent_code": None, "level": "province", "kind": "region"},
        {
            "code": f"{PREFIX}-P",
            "name": "基准省委办公厅",
            "parent_code": PREFIX,
            "level": "province",
            "kind": "party_office",
        },
        {
            "code": f"{PREFIX}-C",
            "name": "基准市委办公室",
            "parent_code": PREFIX,
            "level": "city",
            "kind": "party_office",
        },
    ]
    for c in range(COUNTIES):
        rows.append(
            {
                "code": f"{PREFIX}-C{c:02d}",
                "name": f"基准县{c:02d}县委办",
                "parent_code": PREFIX,
                "level": "county",
                "kind": "party_office",
            }
        )
        rows += [
            {
                "code": f"{PREFIX}-C{c:02d}-T{t:02d}",
                "name": f"基准县{c:02d}镇{t:02d}",
                "parent_code": f"{PREFIX}-C{c:02d}",
                "level": "township",
                "kind": "township",
            }
            for t in range(TOWNSHIPS)
        ]
    org_actions.bulk_create_units(None, rows)
    units = {u.code: u for u in Unit.objects.filter(code__startswith=PREFIX)}
    party = Channel.objects.get(code="party")
    links = [
        UnitChannel(unit=units[f"{PREFIX}-P"], channel=party, is_hub=True),
        UnitChannel(unit=units[f"{PREFIX}-C"], channel=party, is_hub=True, hub=units[f"{PREFIX}-P"]),
    ]
    for c in range(COUNTIES):
        county = units[f"{PREFIX}-C{c:02d}"]
        links.append(UnitChannel(unit=county, channel=party, is_hub=True, hub=units[f"{PREFIX}-C"]))
        links += [
            UnitChannel(unit=units[f"{county.code}-T{t:02d}"], channel=party, hub=county) for t in range(TOWNSHIPS)
        ]
    UnitChannel.objects.bulk_create(links)
    password = make_password("bench-pass-2026")
    people = []
    for code, unit in units.items():
        role = "hub_editor" if code.count("-T") == 0 and code != PREFIX else "officer"
        if code != PREFIX:
            people.append(
                (
                    User(
                        username=f"b-{code.lower()}",
                        display_name=f"基准{unit.name}",
                        unit=unit,
                        password=password,
                        must_change_password=False,
                    ),
                    role,
                )
            )
    User.objects.bulk_create([p for p, _r in people])
    UserRole.objects.bulk_create([UserRole(user=p, role=r) for p, r in people])
    return units[PREFIX]


def _ensure_items(root) -> None:  # type: ignore[no-untyped-def]
    from xinbao.items.generate import generate_items
    from xinbao.items.models import Item

    have = Item.objects.filter(unit__code__startswith=PREFIX).count()
    if have < n_items():
        print(f"  generating {n_items() - have} items (have {have}) …", flush=True)
        generate_items(n_items() - have, seed=have, progress=True, under=root)


def _time_page(name: str, client, url: str, target_ms: str = "< 100 ms", repeat: int = 15) -> None:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    report(f"items: {name} median", median_ms(lambda: client.get(url), repeat=repeat), "ms", target_ms)
    report(f"items: {name} queries", count_queries(lambda: client.get(url)), "queries", "constant")


def main() -> None:
    _database()
    from bench.common import setup_django

    setup_django()
    from django.db import connection
    from django.db.models import Count

    from xinbao.items.models import Item, Submission
    from xinbao.orgs.models import User

    root = _tree()
    _ensure_items(root)
    total = Item.objects.filter(unit__code__startswith=PREFIX).count()
    busiest = (
        Submission.objects.filter(hub__code__startswith=f"{PREFIX}-C")
        .values("hub_id")
        .order_by()
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    editor = User.objects.filter(unit_id=busiest["hub_id"]).first()
    officer = User.objects.filter(unit__code=f"{PREFIX}-C00-T00").first()
    with connection.cursor() as cursor:  # fresh statistics (and PostgreSQL's visibility map) after the bulk load
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"  {total} items; busiest hub has {busiest['n']} submissions; database {connection.vendor}", flush=True)
    report("items: generated items", total, "items", f"{n_items()}")
    hub = client_for(editor)
    unit = client_for(officer)
    _time_page("hub queue (待处理) page", hub, "/items/queue/")
    _time_page("hub queue (全部) page", hub, "/items/queue/?state=all")
    _time_page("hub queue filtered (问题, 忧) page", hub, "/items/queue/?state=all&category=problem&tone=bad")
    _time_page("unit item list page", unit, "/items/")
    _time_page("hub keyword search (冷链物流)", hub, "/items/queue/?state=all&q=冷链物流", "< 300 ms", repeat=7)
    _time_page("hub keyword search, rare (积案化解)", hub, "/items/queue/?state=all&q=积案化解", "< 300 ms", repeat=7)
    _time_page(
        "hub keyword search, no match (量子通信)", hub, "/items/queue/?state=all&q=量子通信", "< 300 ms", repeat=7
    )
    _time_page("unit keyword search (冷链物流)", unit, "/items/?q=冷链物流", "< 300 ms", repeat=7)
    sub = Submission.objects.filter(hub_id=busiest["hub_id"]).order_by("-id").first()
    _time_page("submission page", hub, f"/items/s/{sub.pk}/")


if __name__ == "__main__":
    main()
