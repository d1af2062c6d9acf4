"""Grading time per exercise, process start included: the engine's own functions graded as a
learner's file, every exercise of the catalog.

    .venv/bin/python bench/grading.py [--repeat 3] [--only ID ...] [--json]

Each grading is the full job (static checks, a fresh sandboxed child, every check, model-level
checks). The median of `--repeat` gradings is reported per exercise; `catalog_s` is the sum of
those medians. Baseline in the same run: a bare `python -I -S` child importing NumPy with one
BLAS thread (what every grading pays before the first check). Targets: median under 1 s per
exercise, the catalog under 45 s on 2 cores.
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

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
TARGET_MEDIAN_S = 1.0
TARGET_CATALOG_S = 45.0


def child_start_s(repeat: int) -> float:
    env = {"OPENBLAS_NUM_THREADS": "1", "PATH": os.environ.get("PATH", "")}
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-I", "-S", "-c", "import sys; sys.path.append("
                        f"{str(Path(__import__('numpy').__file__).parents[1])!r}); import numpy"],
                       check=True, env=env)  # fmt: skip
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(repeat: int, only: list[str]) -> dict[str, Any]:
    from studyapp.grading.catalog import engine_solution, load_catalog
    from studyapp.grading.grader import grade_job
    from studyapp.jobs import run

    exercises = [e for e in load_catalog() if not only or e.id in only]
    per: dict[str, float] = {}
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="grading-bench-") as tmp:
        for exercise in exercises:
            source = engine_solution(exercise, Path(tmp))
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                report = run(grade_job(exercise, source, reference_modules=("engine",)))
                times.append(time.perf_counter() - start)
                if not report.passed:
                    failed.append(exercise.id)
            per[exercise.id] = round(statistics.median(times), 3)
    values = sorted(per.values())
    return {
        "median_s": round(statistics.median(values), 3) if values else None,
        "catalog_s": round(sum(values), 2),
        "max_s": max(values) if values else None,
        "exercises": per,
        "baseline_child_numpy_s": round(child_start_s(repeat), 3),
        "not_passing": sorted(set(failed)),
        "repeat": repeat,
        "cpus": os.cpu_count(),
        "targets": {"median_s": TARGET_MEDIAN_S, "catalog_s": TARGET_CATALOG_S},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=[], metavar="ID")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    result = measure(args.repeat, args.only)
    if args.json:
        print(json.dumps(result))
        return 0
    for exercise_id, seconds in sorted(result["exercises"].items(), key=lambda kv: -kv[1]):
        print(f"{exercise_id:<28}{seconds:>8.3f} s")
    print(
        f"\nmedian {result['median_s']} s per exercise (target {TARGET_MEDIAN_S} s), "
        f"catalog {result['catalog_s']} s (target {TARGET_CATALOG_S} s), "
        f"slowest {result['max_s']} s"
    )
    print(f"baseline: python -I -S importing numpy: {result['baseline_child_numpy_s']} s")
    if result["not_passing"]:
        print(f"did not pass (a catalog problem): {', '.join(result['not_passing'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
