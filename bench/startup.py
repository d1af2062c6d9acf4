"""Start-up cost: time from process start to `studyapp due` finishing, and what it imports;
and the desktop app's first paint on a 10,000-card collection.

    .venv/bin/python bench/startup.py [--runs 15] [--gui-runs 5] [--json]

A collection with the bundled CS231n deck is created in a temporary folder first (not timed).
Then `python -m studyapp due --data-dir DIR` runs `--runs` times; each run is timed from just
before the process starts to its exit (interpreter start included). For comparison, the same
run measures the interpreter alone (`python -c pass`) and `import sqlalchemy` (what every
command paid before opening moved to plain sqlite3). One more run records `sys.modules` at exit:
the count, and which heavy modules were loaded (none should be).

The GUI: the bundled deck's cards are copied to 10,000 (half of them review cards, some due),
then `python -m studyapp.gui` starts offscreen `--gui-runs` times; each run is timed from just
before the process starts to the main window's first paint (the app writes the time and the
heavy modules loaded by then, and quits). Target: under 0.8 s, with no heavy module loaded.
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
GUI_TARGET_S = 0.8
GUI_CARDS = 10_000

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
    result["due_heavy_modules"] = sorted({m.split(".")[0] for m in modules} & set(HEAVY))
    result["runs"] = runs
    result["target_s"] = TARGET_S
    result["within_target"] = result["due_s"] < TARGET_S
    return result


def _grow(path: Path, cards: int) -> None:
    """Copies of the bundled cards up to `cards`: every other one a review card, a tenth due."""
    import sqlite3

    day = 86_400_000
    with sqlite3.connect(path) as conn:
        have = conn.execute("SELECT count(*) FROM cards").fetchone()[0]
        columns = [r[1] for r in conn.execute("PRAGMA table_info(cards)") if r[1] != "id"]
        names = ", ".join(columns)
        now = int(time.time() * 1000)
        while have < cards:
            conn.execute(
                f"INSERT INTO cards ({names}) SELECT {names} FROM cards ORDER BY id LIMIT ?",
                (cards - have,),
            )
            have = conn.execute("SELECT count(*) FROM cards").fetchone()[0]
        conn.execute(
            "UPDATE cards SET sort_order = id, fsrs_state = 2, step = NULL, stability = 20, "
            "difficulty = 5, reps = 3, last_review = ? - 20 * ?, "
            "due = ? + ((id % 10) - 1) * ? WHERE id % 2 = 0",
            (now, day, now, day),
        )


def _first_paint(folder: Path, env: dict[str, str]) -> tuple[float, list[str]]:
    report = folder / "first-paint.txt"
    report.unlink(missing_ok=True)
    run_env = {**env, "QT_QPA_PLATFORM": "offscreen", "STUDYAPP_FIRST_PAINT_REPORT": str(report)}
    start = time.monotonic()  # CLOCK_MONOTONIC: the child's clock too
    subprocess.run([sys.executable, "-m", "studyapp.gui", "--data-dir", str(folder)],
                   check=True, capture_output=True, env=run_env, timeout=120)  # fmt: skip
    painted, heavy = report.read_text(encoding="utf-8").split("\n")[:2]
    return float(painted) - start, [m for m in heavy.split(",") if m]


def measure_gui(runs: int) -> dict[str, Any]:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app has its .pyc files
    with tempfile.TemporaryDirectory(prefix="startup-gui-bench-") as tmp:
        folder = Path(tmp) / "data"
        due = [sys.executable, "-m", "studyapp", "due", "--data-dir", str(folder)]
        subprocess.run(due, check=True, capture_output=True, env=env)
        _grow(folder / "collection.sqlite3", GUI_CARDS)
        _first_paint(folder, env)  # warm the page cache and the .pyc files
        times, heavy = [], set()
        for _ in range(runs):
            seconds, loaded = _first_paint(folder, env)
            times.append(seconds)
            heavy.update(loaded)
    first_paint = round(statistics.median(times), 4)
    return {"first_paint_s": first_paint, "gui_cards": GUI_CARDS, "gui_runs": runs,
            "heavy_modules": sorted(heavy), "gui_target_s": GUI_TARGET_S,
            "gui_within_target": first_paint < GUI_TARGET_S}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--gui-runs", type=int, default=5, help="0: skip the desktop app")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.gui_runs < 0:
        parser.error("--runs must be at least 1, --gui-runs at least 0")
    result = measure(args.runs)
    if args.gui_runs:
        result.update(measure_gui(args.gui_runs))
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
    heavy = result["due_heavy_modules"] or "none"
    print(f"modules imported: {result['modules']}; heavy ones: {heavy}")
    if args.gui_runs:
        print(
            f"desktop app, first paint on {GUI_CARDS} cards, median of {args.gui_runs}: "
            f"{result['first_paint_s'] * 1000:.0f} ms (target {GUI_TARGET_S * 1000:.0f} ms); "
            f"heavy modules by then: {result['heavy_modules'] or 'none'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
