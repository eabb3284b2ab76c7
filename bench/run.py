"""Run every ``bench/bench_*.py`` (or those whose name contains an argument) in its own process.

Each benchmark merges its figures into ``bench/results.json``; ``SCALE`` and ``DATABASE_URL`` are
passed through. Exit status 1 if any benchmark failed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
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
