"""Foundation benchmark: generating a large unit tree, subtree reads and the admin pages on it.

A fresh database each run (``var/bench/orgs-<scale>.sqlite3``, or ``DATABASE_URL``), so the
generation time is measured from empty. ``SCALE=small``: 5,000 units; full: 50,000 units with
one officer each. Targets (issue 2): 50,000 units generated in well under a minute; pages
< 100 ms with a constant number of queries; a subtree count < 50 ms whatever the tree size.

A hub editor at the root of each generated tree (the big one and the one a fifth of its size)
shows that the subtree listing and the units page cost the same number of queries, and about the
same time, whatever the size of the tree the editor sees.
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    ROOT,
    client_for,
    count_queries,
    ensure_postgres_database,
    median_ms,
    report,
    scale,
    sized,
)


def _fresh_database() -> None:
    if "DATABASE_URL" in os.environ:
        url = os.environ["DATABASE_URL"]
        if url.startswith("postgres") and "bench" not in url.rsplit("/", 1)[-1]:
            print("  (not a fresh database: name a PostgreSQL database with 'bench' in it to start empty)")
        ensure_postgres_database(url, fresh=True)
    else:
        path = ROOT / "var" / "bench" / f"orgs-{scale()}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"


def _analyze() -> None:
    """PostgreSQL: refresh planner statistics after the bulk insert, as autovacuum would on a real
    server shortly after an import. Without it the planner takes the new 60,000-row tables for
    empty ones and picks nested loops (the all-hubs vacancy page: ~900 ms instead of ~15 ms)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _page(client, name: str, url: str) -> None:  # type: ignore[no-untyped-def]
    assert client.get(url).status_code == 200, url
    report(f"orgs: {name} median", median_ms(lambda: client.get(url), repeat=9), "ms", "< 100")
    report(f"orgs: {name} queries", count_queries(lambda: client.get(url)), "queries", "constant")


def _hub_editor_at_two_sizes() -> None:
    """Subtree listing and units page for a hub editor over a big and a small generated tree."""
    from django.contrib.auth.hashers import make_password

    from xinbao.orgs import actions, queries
    from xinbao.orgs.models import Unit
    from xinbao.orgs.roles import Role

    roots = list(Unit.objects.filter(code__startswith="GEN", parent=None).order_by("pk"))
    rows = [
        {"username": f"bench_editor_{r.pk}", "display_name": f"基准编辑{i}", "unit": r, "roles": [Role.HUB_EDITOR]}
        for i, r in enumerate(roots)
    ]
    editors = actions.bulk_create_people(None, rows, password_hash=make_password("x"), must_change_password=False)
    for root, editor in zip(roots, editors, strict=True):
        size = queries.subtree(root).count()
        label = f"tree of {size} units"

        def listing(editor=editor):  # type: ignore[no-untyped-def]
            return list(queries.unit_list(editor)[:50])

        report(f"orgs: hub editor subtree listing (first 50), {label} median", median_ms(listing), "ms", "< 100")
        report(f"orgs: hub editor subtree listing, {label} queries", count_queries(listing), "queries", "constant")
        client = client_for(editor)
        _page(client, f"hub editor units page, {label}", "/orgs/units/")


def main() -> None:
    _fresh_database()
    from bench.common import setup_django

    setup_django()
    from django.core.management import call_command

    from xinbao.orgs import queries
    from xinbao.orgs.models import Unit
    from xinbao.orgs.testing import build_small_city

    city = build_small_city()
    units = sized(50_000, 5_000)
    start = time.perf_counter()
    call_command("generate_data", units=units, seed=1, verbosity=0, stdout=io.StringIO())
    report(f"orgs: generate {units} units", time.perf_counter() - start, "s", "well under 60")
    # A second, smaller tree with one officer per unit, so that the people pages have people.
    start = time.perf_counter()
    call_command("generate_data", units=units // 5, seed=2, officers=True, verbosity=0, stdout=io.StringIO())
    report(f"orgs: generate {units // 5} units + officers", time.perf_counter() - start, "s", "(information)")

    _analyze()
    root = Unit.objects.filter(code__startswith="GEN").order_by("pk").first()
    county = Unit.objects.filter(code__startswith="GEN", depth=2).order_by("pk").first()
    report("orgs: subtree count (whole tree)", median_ms(lambda: queries.subtree(root).count()), "ms", "< 50")
    report("orgs: subtree count (a county)", median_ms(lambda: queries.subtree(county).count()), "ms", "< 50")

    admin = client_for(city.sysadmin)
    _page(admin, "unit list", "/orgs/units/")
    _page(admin, "unit list under a county", f"/orgs/units/?under={county.pk}")
    _page(admin, "unit list, name search", "/orgs/units/?q=" + root.name[:2])
    _page(admin, "unit detail", f"/orgs/units/{county.pk}/")
    _page(admin, "people list", "/orgs/people/")
    _page(admin, "people list, officers under a county", f"/orgs/people/?unit={county.pk}&role=officer")
    _page(admin, "vacancies (all hubs)", "/orgs/vacancies/")
    _page(admin, "new unit form", "/orgs/units/new/")
    _page(client_for(city.auditadmin), "audit log", "/audit/")
    _hub_editor_at_two_sizes()
    export_ms = median_ms(lambda: admin.get("/orgs/export/units.xlsx"), repeat=1, warmup=0)
    report(f"orgs: export all {Unit.objects.count()} units to Excel", export_ms, "ms", "(information)")


if __name__ == "__main__":
    main()
