"""Shared helpers for benchmarks: setup, timing, query counting and the results file.

A benchmark script is ``bench/bench_<area>.py`` with a ``main()``; ``bench/run.py`` runs them all.
Each figure is printed beside its target and merged into ``bench/results.json`` as
``{name: {"value": v, "unit": u, "target": t}}``.

Scale: ``SCALE=small`` for a quick run (CI-sized), default ``full`` (the issues' targets).
Database: ``DATABASE_URL`` as usual (SQLite file under ``var/bench/`` by default, kept between runs
so that generated data is reused).
"""

from __future__ import annotations

import fcntl
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"


def setup_django() -> None:
    """Configure Django against the benchmark database and migrate it."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinbao.settings")
    if "DATABASE_URL" not in os.environ:
        bench_dir = ROOT / "var" / "bench"
        bench_dir.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{bench_dir / f'bench-{scale()}.sqlite3'}"
    ensure_postgres_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _postgres_admin(url: str) -> tuple[Any, str] | None:
    """A psycopg connection to the server's ``postgres`` database and the bench database's name."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return None
    import psycopg

    name = parts.path.lstrip("/")
    admin_url = urlunsplit((parts.scheme.replace("postgresql", "postgres"), parts.netloc, "/postgres", "", ""))
    return psycopg.connect(admin_url, autocommit=True), name


def ensure_postgres_database(url: str, *, fresh: bool = False) -> None:
    """Create the PostgreSQL database of ``url`` if missing; ``fresh`` drops it first, but only a
    database whose name contains "bench" (never somebody's real data)."""
    admin = _postgres_admin(url)
    if admin is None:
        return
    connection, name = admin
    with connection:
        if fresh and "bench" in name:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def scale() -> str:
    return os.environ.get("SCALE", "full")


def sized(full: int, small: int) -> int:
    return small if scale() == "small" else full


def database_label() -> str:
    from django.db import connection

    return connection.vendor


def median_ms(fn: Callable[[], Any], repeat: int = 15, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def count_queries(fn: Callable[[], Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def report(name: str, value: float, unit: str, target: str) -> None:
    """Print one figure beside its target and merge it into bench/results.json."""
    name = f"{name} [{database_label()}, {scale()}]"
    print(f"  {name:<70} {value:>12.2f} {unit:<8} target: {target}", flush=True)
    # Several benchmarks may run at once (bench/run.py, people running one by hand): merge under an
    # exclusive lock and replace the file atomically, so that no figure is lost or half-written.
    lock_path = ROOT / "var" / "bench" / "results.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        data: dict[str, Any] = {}
        if RESULTS.exists():
            try:
                data = json.loads(RESULTS.read_text())
            except json.JSONDecodeError:
                data = {}
        data[name] = {"value": round(value, 3), "unit": unit, "target": target}
        tmp = RESULTS.parent / "results.json.tmp"
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        tmp.replace(RESULTS)


def client_for(user: Any) -> Any:
    """A Django test client signed in as ``user`` (for timing whole pages)."""
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client
