"""FSRS optimisation time: ours against fsrs-rs-python's bare call and the fsrs package's own
(torch) optimiser, on the same simulated learner's reviews.

    .venv/bin/python bench/optimize.py [--sizes 20000 100000] [--json] [--no-torch]

For each size, a learner with known FSRS parameters (not the defaults) is simulated
(`studyapp.scheduler.synthetic`) until that many reviews, which are written into a fresh
collection as review-log rows. "ours" is `studyapp.services.optimize.optimize` on that deck as
`studyapp optimize` runs it without the out-of-sample score: read the log, build the items on
study days, score the current parameters, fit, score the fit, record it. "bare" is
`FSRS(DEFAULT_PARAMETERS).compute_parameters(items)` on exactly the items ours built. The
out-of-sample score (fsrs-rs's time-series splits, several fits) is timed on its own. The
`fsrs` package's `Optimizer` (torch) runs on the first size only. See bench/README.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

DECK = "Bench"
DAYS = 365
START = datetime(2025, 1, 1, tzinfo=UTC)
# The simulated learner: forgets new cards faster than FSRS's average learner, strengthens
# memories more slowly, and has a steeper forgetting curve (w20).
TRUE_CHANGES = {0: 0.06, 1: 0.5, 2: 1.1, 3: 5.0, 8: 1.2, 20: 0.35}
TARGET_RATIO = 1.5
TORCH_MAX_REVIEWS = 20_000  # the torch optimiser takes minutes; only the first size


def true_parameters() -> tuple[float, ...]:
    from studyapp.scheduler.optimize import default_parameters

    return tuple(TRUE_CHANGES.get(i, w) for i, w in enumerate(default_parameters()))


def simulate(reviews: int, seed: int) -> list[Any]:
    """The first `reviews` reviews (in time order) of a simulated learner with enough cards."""
    from studyapp.scheduler.synthetic import simulate_history

    cards = max(reviews // 8, 50)
    while True:
        history = simulate_history(
            true_parameters(), cards, DAYS, START, seed=seed, new_per_day=max(cards // 200, 5)
        )
        if len(history) >= reviews:
            return history[:reviews]
        cards = cards * 3 // 2


def make_collection(folder: Path, history: Sequence[Any]) -> Any:
    """A collection whose deck has one card per simulated card and the reviews as its log."""
    from studyapp.db import cardstore
    from studyapp.db.collection import open_collection
    from studyapp.db.epoch import to_epoch_ms
    from studyapp.domain.notes import LearnedPoint, Lecture, ParsedNotes
    from studyapp.scheduler.synthetic import final_memories
    from studyapp.services.importing import import_notes

    cards = max(r.card for r in history) + 1
    lectures = [
        Lecture(n + 1, f"L{n + 1}", (), tuple(
            LearnedPoint(i, f"card {n}.{i}", "- b", i) for i in range(min(1000, cards - n * 1000))
        ))
        for n in range((cards + 999) // 1000)
    ]  # fmt: skip
    now = START + timedelta(days=DAYS)
    col = open_collection(folder, clock=lambda: now, tz=UTC)
    import_notes(col, ParsedNotes("Bench", lectures=tuple(lectures)), DECK)
    with col.connection() as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM cards ORDER BY sort_order")]
        ms = to_epoch_ms
        conn.execute("BEGIN")
        conn.executemany(cardstore.INSERT_LOG, [
            (ids[r.card], ms(r.at), r.rating, r.duration_ms, int(r.state_before),
             int(r.state_after), r.was_new, ms(r.due_after), r.stability_after,
             r.difficulty_after, "{}") for r in history
        ])  # fmt: skip
        for card, memory in final_memories(history).items():
            values = (*cardstore.memory_values(memory), ms(now), ids[card])
            conn.execute(cardstore.UPDATE_MEMORY, values)
        conn.execute("COMMIT")
    return col


def timed(func: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return time.perf_counter() - start, result


def _fit_only(col: Any) -> Any:
    """Ours without the two scores: read the log, build the items, fit."""
    from studyapp.scheduler.optimize import fit_parameters
    from studyapp.services.optimize import training_data

    _, data = training_data(col, DECK)
    return fit_parameters(data.items)


def time_sides(col: Any, items: Sequence[Any], repeat: int) -> tuple[dict[str, list[float]], Any]:
    """Each side `repeat` times, interleaved (so a busy machine slows them alike)."""
    from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS

    from studyapp.services.optimize import optimize

    runs: dict[str, list[float]] = {"ours_s": [], "ours_fit_only_s": [], "bare_s": []}
    report = None
    for _ in range(repeat):
        seconds, report = timed(optimize, col, DECK, out_of_sample=False)
        runs["ours_s"].append(seconds)
        runs["ours_fit_only_s"].append(timed(_fit_only, col)[0])
        bare = FSRS(list(DEFAULT_PARAMETERS)).compute_parameters
        runs["bare_s"].append(timed(bare, list(items))[0])
    return runs, report


def run_size(reviews: int, args: argparse.Namespace, root: Path) -> dict[str, Any]:
    from studyapp.scheduler import optimize as fitting
    from studyapp.services.optimize import training_data

    history = simulate(reviews, args.seed)
    col = make_collection(root / f"c{reviews}", history)
    try:
        items_s, (_, data) = timed(training_data, col, DECK)  # the items ours trains on
        runs, report = time_sides(col, data.items, args.repeat)
        oos_s, oos = timed(fitting.out_of_sample, data.items)
    finally:
        col.close()
    median = {key: statistics.median(values) for key, values in runs.items()}
    result: dict[str, Any] = {
        "reviews": reviews,
        "items": report.items,
        "cards": data.cards,
        **{key: _seconds(value) for key, value in median.items()},
        "ratio": round(median["ours_s"] / median["bare_s"], 2),
        "ratio_fit_only": round(median["ours_fit_only_s"] / median["bare_s"], 2),
        "read_and_items_s": _seconds(items_s),
        "out_of_sample_s": _seconds(oos_s),
        "log_loss_before": round(report.before.log_loss, 5),
        "log_loss_after": round(report.after.log_loss, 5),
        "rmse_bins_before": round(report.before.rmse_bins, 5),
        "rmse_bins_after": round(report.after.rmse_bins, 5),
        "log_loss_out_of_sample": round(oos.log_loss, 5),
        "runs": {key: [_seconds(s) for s in values] for key, values in runs.items()},
        "torch": None,
    }
    if not args.no_torch and reviews <= TORCH_MAX_REVIEWS:
        missing = _torch_missing()
        if missing:
            result["torch_skipped"] = missing
        else:
            result["torch"] = run_torch(history, data.items)
    return result


def _seconds(value: float) -> float:
    """Four significant digits: a 10 ms fit rounded to whole ms would put the printed ratio
    5% off the printed times."""
    return float(f"{value:.4g}")


def _torch_missing() -> str | None:
    """Why the fsrs package's Optimizer cannot run here (it needs torch, pandas and tqdm)."""
    absent = [m for m in ("torch", "pandas", "tqdm") if importlib.util.find_spec(m) is None]
    return (
        f"fsrs's Optimizer needs {', '.join(absent)} (pip install 'fsrs[optimizer]')"
        if absent
        else None
    )


def run_torch(history: Sequence[Any], items: Sequence[Any]) -> dict[str, Any]:
    """The fsrs package's own optimiser on the same reviews (it builds its own items, on UTC
    days); its parameters are scored on our items for comparison."""
    from fsrs import Optimizer, Rating, ReviewLog

    from studyapp.scheduler import optimize as fitting

    logs = [ReviewLog(r.card, Rating(r.rating), r.at, r.duration_ms) for r in history]
    seconds, parameters = timed(Optimizer(logs).compute_optimal_parameters)
    score = fitting.score(items, parameters)
    return {"s": round(seconds, 2), "log_loss": round(score.log_loss, 5),
            "rmse_bins": round(score.rmse_bins, 5)}  # fmt: skip


def machine_info() -> dict[str, Any]:
    return {"python": platform.python_version(), "cpus": os.cpu_count(),
            "platform": platform.platform()}  # fmt: skip


def render_table(results: list[dict[str, Any]]) -> str:
    lines = [
        "FSRS optimisation: ours (studyapp optimize, from the collection) vs fsrs-rs bare call",
        "machine: {python} on {platform}, {cpus} CPUs".format(**machine_info()),
        "",
        f"{'reviews':>8}{'items':>8}{'ours s':>9}{'fit-only s':>11}{'bare s':>9}{'ratio':>7}"
        f"{'fit-only':>9}{'oos s':>8}{'logloss before':>16}{'after':>8}{'torch s':>9}",
    ]
    for r in results:
        torch = f"{r['torch']['s']:>9}" if r["torch"] else f"{'-':>9}"
        lines.append(
            f"{r['reviews']:>8}{r['items']:>8}{r['ours_s']:>9}{r['ours_fit_only_s']:>11}"
            f"{r['bare_s']:>9}{r['ratio']:>7}{r['ratio_fit_only']:>9}{r['out_of_sample_s']:>8}"
            f"{r['log_loss_before']:>16}{r['log_loss_after']:>8}{torch}"
        )
    lines += [f"torch ({r['reviews']}): skipped: {r['torch_skipped']}" for r in results
              if "torch_skipped" in r]  # fmt: skip
    lines.append(
        f"target: ours within {TARGET_RATIO}x of the bare call (ours also scores before and "
        "after: two more passes over the items)"
    )
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per side (median)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON only")
    parser.add_argument("--no-torch", action="store_true", help="skip the fsrs (torch) optimiser")
    parser.add_argument("--seed", type=int, default=231)
    parser.add_argument("--workdir", type=Path, default=None, help="where the temp dir goes")
    args = parser.parse_args(argv)
    if min(args.sizes) < 1000 or args.repeat < 1:
        parser.error("need --sizes of at least 1000 reviews and --repeat >= 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="optimize-bench-", dir=args.workdir) as tmp:
        results = [run_size(n, args, Path(tmp)) for n in args.sizes]
    if args.json:
        print(json.dumps({"sizes": results, "target_ratio": TARGET_RATIO}))
        print("machine: " + json.dumps(machine_info()), file=sys.stderr)
    else:
        print(render_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
