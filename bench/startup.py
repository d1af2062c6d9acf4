"""Start-up cost: time from process start to `studyapp due` finishing, and what it imports.

    .venv/bin/python bench/startup.py [--runs 15] [--json]

A collection with the bundled CS231n deck is created in a temporary folder first (not timed).
Then `python -m studyapp due --data-dir DIR` runs `--runs` times; each run is timed from just
before the process starts to its exit (interpreter start included). For comparison, the same
run measures the interpreter alone (`python -c pass`) and `import sqlalchemy` (what every
command paid before opening moved to plain sqlite3). One more run records `sys.modules` at exit:
the count, and which heavy modules were loaded (none should be).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HEAVY = ("sqlalchemy", "alembic", "numpy", "torch", "matplotlib", "PySide6", "markdown_it", "fsrs")
TARGET_S = 0.3

_MODULES_PROBE = """
import json, runpy, sys
out = sys.argv.pop(1)
sys.argv = ["studyapp", *sys.argv[1:]]
try:
    runpy.run_module("studyapp", run_name="__main__")
except SystemExit:
    pass
with open(out, "w") as handle:
    json.dump(sorted(sys.modules), handle)
"""


def _timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def _median(cmd: list[str], env: dict[str, str], runs: int) -> float:
    _timed(cmd, env)  # warm the page cache and the .pyc files
    return round(statistics.median(_timed(cmd, env) for _ in range(runs)), 4)


def measure(runs: int) -> dict[str, Any]:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    with tempfile.TemporaryDirectory(prefix="startup-bench-") as tmp:
        data = str(Path(tmp) / "data")
        due = [sys.executable, "-m", "studyapp", "due", "--data-dir", data]
        subprocess.run(due, check=True, capture_output=True, env=env)  # creates the collection
        result: dict[str, Any] = {
            "due_s": _median(due, env, runs),
            "baseline_python_s": _median([sys.executable, "-c", "pass"], env, runs),
            "baseline_import_sqlalchemy_s": _median(
                [sys.executable, "-c", "import sqlalchemy"], env, runs
            ),
        }
        listing = Path(tmp) / "modules.json"
        probe = [sys.executable, "-c", _MODULES_PROBE, str(listing), "due", "--data-dir", data]
        subprocess.run(probe, check=True, capture_output=True, env=env)
        modules = json.loads(listing.read_text())
    result["modules"] = len(modules)
    result["heavy_modules"] = sorted({m.split(".")[0] for m in modules} & set(HEAVY))
    result["runs"] = runs
    result["target_s"] = TARGET_S
    result["within_target"] = result["due_s"] < TARGET_S
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    result = measure(args.runs)
    if args.json:
        print(json.dumps(result))
        return 0
    print(
        f"studyapp due, median of {args.runs}: {result['due_s'] * 1000:.0f} ms "
        f"(target {TARGET_S * 1000:.0f} ms)"
    )
    print(f"  python -c pass:        {result['baseline_python_s'] * 1000:.0f} ms")
    print(
        f"  python -c 'import sqlalchemy': {result['baseline_import_sqlalchemy_s'] * 1000:.0f} ms"
    )
    print(f"modules imported: {result['modules']}; heavy ones: {result['heavy_modules'] or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
