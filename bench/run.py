"""Run every ``bench/bench_*.py`` (or those whose name contains an argument) in its own process.

Each benchmark merges its figures into ``bench/results.json``; ``SCALE`` and ``DATABASE_URL`` are
passed through. Exit status 1 if any benchmark failed. ``--table`` prints results.json as a
Markdown table instead (for docs/performance.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def table() -> str:
    """results.json as Markdown, one row per figure, grouped by database and scale."""
    data = json.loads((HERE / "results.json").read_text())
    rows = ["| figure | database, scale | value | unit | target |", "|---|---|---:|---|---|"]
    for key in sorted(data, key=lambda k: (k.rsplit(" [", 1)[-1], k)):
        name, _, where = key.rpartition(" [")
        figure = data[key]
        number = figure["value"]
        value = f"{number:,.0f}" if float(number).is_integer() else f"{number:,.2f}"
        rows.append(f"| {name} | {where.rstrip(']')} | {value} | {figure['unit']} | {figure['target']} |")
    return "\n".join(rows)


def main() -> int:
    if sys.argv[1:] == ["--table"]:
        print(table())
        return 0
    names = sys.argv[1:]
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if any(n in s.stem for n in names)]
    database = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    print(f"SCALE={os.environ.get('SCALE', 'full')} database={database} benchmarks={len(scripts)}", flush=True)
    failed = []
    for script in scripts:
        print(f"== {script.stem}", flush=True)
        start = time.perf_counter()
        if subprocess.call([sys.executable, str(script)]) != 0:
            failed.append(script.stem)
        print(f"   ({script.stem}: {time.perf_counter() - start:.0f} s)", flush=True)
    print(f"results: {HERE / 'results.json'}")
    if failed:
        print(f"FAILED: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
