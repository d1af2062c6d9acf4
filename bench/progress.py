"""The progress tab at scale: computing its data and drawing it, over a million review-log rows.

    .venv/bin/python bench/progress.py [--rows 1000000] [--repeat 3] [--json]

A collection is made in a temporary folder (not timed): the bundled CS231n deck, `--rows`/50
more cards, and `--rows` review-log rows over the year from the course start (2025-12-24) to
the clock's day, written by one SQL statement through the real schema and its indexes. Then,
median of `--repeat` runs each:

- `compute_s`: `progress_tab_data(col)`, everything the tab shows (the weeks, today's
  standing, the deck's statistics: one scan of the review log, the cards, the roadmap);
- `draw_s`: `draw_progress_tab(figure, data)` and rendering it with Agg, 1200x800 pixels;
- `switch_week_s`: redrawing the same data with another week selected (no query).

Baselines in the same run: `SELECT count(*)` over the review log's time index (the least any
scan of it costs) and the same figure drawn with no data.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from studyapp.db.collection import Collection, open_collection
from studyapp.db.epoch import to_epoch_ms
from studyapp.paths import bundled_notes

TARGET_S = 1.0
NOW = datetime(2026, 12, 20, 12, tzinfo=UTC)
START = datetime(2025, 12, 24, 4, tzinfo=UTC)
BEFORE = (
    '{"state": 2, "step": null, "stability": 12.345678901, "difficulty": 5.43210987, '
    '"due": 1767225600000, "last_review": 1767000000000, "reps": 3, "lapses": 1}'
)

# Cards and answers from a counter and multiplicative hashes, so the run is the same each time:
# 12% Again, 10% Hard, 68% Good, 10% Easy; 85% in review, 10% learning, 5% relearning; one
# answer in 50 a new card's first; answers in two sessions a day (07:00-09:00, 19:00-23:00).
_CARDS = """
INSERT INTO cards (deck_id, lecture_id, kind, title, question, answer, sort_order, suspended,
    missing, fsrs_state, step, stability, difficulty, due, last_review, reps, lapses, created_at,
    updated_at, flag, tags)
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < :cards)
SELECT :deck, :lecture, 'qa', 't', 'bench question ' || i, 'a', 10000000 + i, 0, 0, 2, NULL,
    1 + (i * 7919) % 400, 1 + ((i * 104729) % 900) / 100.0,
    :now + ((i * 15485863) % 60 - 10) * 86400000, :now - ((i * 32452843) % 100) * 86400000,
    1 + i % 40, i % 5, :start, :start, 0, '[]'
FROM seq
"""
_REVIEWS = """
INSERT INTO review_log (card_id, reviewed_at, rating, duration_ms, state_before, state_after,
    was_new, due_after, stability_after, difficulty_after, before)
WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < :rows - 1),
h(i, day, r, s) AS (
    SELECT i, i * :days / :rows, (i * 2654435761) % 100, (i * 40503) % 100 FROM seq)
SELECT :first + (i * 40503) % :cards,
    :start + day * 86400000 + CASE WHEN i % 3 = 0 THEN 3 ELSE 15 END * 3600000
        + (i * 2654435761) % (CASE WHEN i % 3 = 0 THEN 2 ELSE 4 END * 3600000),
    CASE WHEN r < 12 THEN 1 WHEN r < 22 THEN 2 WHEN r < 90 THEN 3 ELSE 4 END,
    2000 + (i * 7) % 18000, CASE WHEN s < 85 THEN 2 WHEN s < 95 THEN 1 ELSE 3 END, 2,
    s BETWEEN 85 AND 86, :start + (day + 3) * 86400000, 12.3456789, 5.4321, :before
FROM h
"""


def make_collection(folder: Path, rows: int) -> Collection:
    from studyapp.services.importing import import_notes_file

    col = open_collection(folder, clock=lambda: NOW, tz=UTC)
    import_notes_file(col, bundled_notes(), "CS231n")
    cards = max(rows // 50, 1)
    with col.connection() as conn:
        deck, lecture = conn.execute("SELECT deck_id, min(id) FROM lectures").fetchone()
        common = {"now": to_epoch_ms(NOW), "start": to_epoch_ms(START)}
        conn.execute("BEGIN")
        conn.execute(_CARDS, {**common, "cards": cards, "deck": deck, "lecture": lecture})
        first = conn.execute("SELECT min(id) FROM cards WHERE sort_order > 10000000").fetchone()
        days = (NOW - START).days
        values = {**common, "rows": rows, "days": days, "cards": cards, "first": first[0]}
        conn.execute(_REVIEWS, {**values, "before": BEFORE})
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
    return col


def _median(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times), 4), result


def measure(rows: int, repeat: int) -> dict[str, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from studyapp.charts.progress import draw_progress_tab
    from studyapp.services.progress import progress_tab_data

    def draw(data: Any, week: int | None = None, figure: Figure | None = None) -> Figure:
        if figure is None:
            figure = Figure(figsize=(12, 8), dpi=100)
            FigureCanvasAgg(figure)  # the GUI's canvas is an Agg one too
        draw_progress_tab(figure, data, week)
        figure.canvas.draw()
        return figure

    with tempfile.TemporaryDirectory(prefix="progress-bench-") as tmp:
        start = time.perf_counter()
        col = make_collection(Path(tmp) / "data", rows)
        made = time.perf_counter() - start
        try:
            first_compute = _median(lambda: progress_tab_data(col), 1)[0]
            compute_s, data = _median(lambda: progress_tab_data(col), repeat)
            first_draw = _median(lambda: draw(data), 1)[0]  # font registration, caches
            draw_s, _ = _median(lambda: draw(data), repeat)
            shown = draw(data)
            switch_s, _ = _median(lambda: draw(data, 3, shown), repeat)
            with col.connection() as conn:
                count_sql = "SELECT count(*) FROM review_log WHERE reviewed_at >= 0"
                scan_s, found = _median(lambda: conn.execute(count_sql).fetchone(), repeat)
            empty_s, _ = _median(lambda: draw(None), repeat)
        finally:
            col.close()
    return {
        "rows": int(found[0]),
        "cards": rows // 50,
        "weeks": len(data.progress.weeks),
        "compute_s": compute_s,
        "draw_s": draw_s,
        "total_s": round(compute_s + draw_s, 4),
        "switch_week_s": switch_s,
        "first_compute_s": first_compute,
        "first_draw_s": first_draw,
        "baseline_count_scan_s": scan_s,
        "baseline_empty_draw_s": empty_s,
        "setup_s": round(made, 2),
        "repeat": repeat,
        "target_s": TARGET_S,
        "within_target": compute_s + draw_s < TARGET_S,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.rows < 1 or args.repeat < 1:
        parser.error("--rows and --repeat must be at least 1")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    machine = f"{platform.python_version()} on {platform.platform()}, {os.cpu_count()} CPUs"
    result = measure(args.rows, args.repeat)
    if args.json:
        print(machine, file=sys.stderr)
        print(json.dumps(result))
        return 0
    print(machine)
    print(f"{result['rows']:,} review-log rows, {result['cards']:,} cards, {result['weeks']} weeks")
    print(f"  compute (progress_tab_data): {result['compute_s'] * 1000:7.0f} ms")
    print(f"  draw (draw_progress_tab+Agg):{result['draw_s'] * 1000:7.0f} ms")
    print(
        f"  total:                       {result['total_s'] * 1000:7.0f} ms "
        f"(target {TARGET_S * 1000:.0f} ms)"
    )
    print(f"  switch week (redraw only):   {result['switch_week_s'] * 1000:7.0f} ms")
    print(f"  first compute / first draw:  {result['first_compute_s'] * 1000:.0f} / "
          f"{result['first_draw_s'] * 1000:.0f} ms")  # fmt: skip
    print(f"  baseline count(*) scan:      {result['baseline_count_scan_s'] * 1000:7.0f} ms")
    print(f"  baseline empty figure:       {result['baseline_empty_draw_s'] * 1000:7.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
