"""The charts: the artists each figure holds, Korean text without missing glyphs, no pyplot.

The data is built here as the services return it (the charts never see a collection)."""

from __future__ import annotations

import logging
import subprocess
import sys
import warnings
from datetime import date, timedelta

import pytest

from studyapp.domain.errors import WeekNotFoundError
from studyapp.domain.progress import (
    CourseProgress,
    ItemSource,
    Pace,
    ProgressTabData,
    RoadmapItemState,
    TimelineEntry,
    WeekActivity,
    WeekProgress,
    week_start,
)
from studyapp.domain.reviewstats import (
    ButtonCounts,
    CardStates,
    DailySeries,
    DueForecast,
    Histogram,
    HourCounts,
    RetentionSeries,
    ReviewStats,
)
from tests.studyapp.conftest import REPO

pytest.importorskip("matplotlib")

START = date(2025, 12, 24)
TODAY = date(2026, 1, 28)  # day 1 of week 6


def series(start: date, days: int) -> DailySeries:
    reviews = tuple((i * 7) % 23 for i in range(days))
    passed, new = tuple(r // 2 for r in reviews), tuple(r // 5 for r in reviews)
    return DailySeries(start, reviews, reviews, passed, new, tuple(r * 9000 for r in reviews))


def synthetic(weeks: int = 6) -> ProgressTabData:
    """Six weeks, five with items (text in Korean), reviews every day to today."""
    rows = []
    for k in range(1, weeks + 1):
        items = tuple(
            RoadmapItemState(k, p, f"강의 {k}-{p}강 수강", p <= k % 3, ItemSource.NOTES)
            for p in range(1, 3 if k < weeks else 1)
        )
        activity = WeekActivity(reviews=50 * k, new_cards=10, review_answers=40, review_passed=35,
                                study_ms=600_000 * k)  # fmt: skip
        rows.append(WeekProgress(k, week_start(START, k), week_start(START, k + 1) -
                                 timedelta(days=1), "완료", items, activity))  # fmt: skip
    pace = Pace(TODAY, 6, 10, 7, 10.0, -3.0, 1.4, date(2026, 2, 10), date(2026, 2, 3))
    timeline = (
        TimelineEntry(START, date(2026, 1, 8), "Lecture 1~9 수강", tuple(range(1, 10)), ()),
        TimelineEntry(date(2026, 1, 9), date(2026, 1, 9), "Assignment2 종료", (), (2,)),
    )
    days = (TODAY - START).days + 1
    progress = CourseProgress("CS231n", START, 6, 0.9, tuple(rows), pace, timeline,
                              series(START, days))  # fmt: skip
    return ProgressTabData(progress, DueForecast(TODAY, tuple(range(30))))


def synthetic_stats() -> ReviewStats:
    year = TODAY - timedelta(days=364)
    starts = tuple(TODAY - timedelta(days=7 * (52 - k) - 1) for k in range(52))
    return ReviewStats(
        today=TODAY,
        forecast=DueForecast(TODAY, tuple(range(30))),
        calendar=series(year, 365),
        retention=RetentionSeries(starts, 7, (10,) * 52, (9,) * 52, 0.9),
        stability=Histogram((0, 1, 2, 3, 5), (1, 2, 3, 4), 2.5),
        difficulty=Histogram(tuple(range(1, 12)), (1,) * 10, 5.0),
        retrievability=Histogram(tuple(i / 20 for i in range(21)), (1,) * 20, 0.9),
        buttons=ButtonCounts((1, 2, 3, 4), (5, 6, 7, 8), (1, 0, 0, 0)),
        hours=HourCounts(tuple(range(24)), (2,) * 24, (1,) * 24, 365),
        card_states=CardStates(1, 2, 3, 4, 5, 6, 7),
    )


def figure() -> object:
    """A figure with an Agg canvas, as the GUI's (a bare Figure's canvas renders nothing)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(12, 8), dpi=60)
    FigureCanvasAgg(fig)
    return fig


def _bars(ax: object) -> list[int]:
    from matplotlib.collections import PolyCollection

    return [len(c.get_paths()) for c in ax.collections if isinstance(c, PolyCollection)]


def test_the_progress_tab_has_a_bar_per_week_a_cell_per_day_and_30_forecast_days() -> None:
    from studyapp.charts.calendar import day_cells
    from studyapp.charts.progress import PANELS, draw_progress_tab, draw_timeline

    data = synthetic()
    fig = figure()
    axes = draw_progress_tab(fig, data)
    assert list(axes) == list(PANELS) and len(fig.axes) == 6
    assert _bars(axes["items"]) == [6, 6]  # planned, done
    assert _bars(axes["reviews"]) == [6, 6]  # answers, new cards
    assert len(axes["retention"].lines[0].get_xdata()) == 6
    assert _bars(axes["forecast"]) == [30]
    assert _bars(axes["week"]) == [7]  # today's week (6), day by day
    assert axes["week"].get_title(loc="left").startswith("6주차")
    (mesh,) = axes["calendar"].collections
    assert day_cells(mesh) == data.progress.daily.days == 36
    fig.canvas.draw()
    timeline = draw_timeline(figure(), data.progress)
    assert len(timeline.collections) == 10  # nine lectures and one assignment


def test_switching_weeks_redraws_the_same_data() -> None:
    from studyapp.charts.progress import draw_progress_tab

    data = synthetic()
    fig = figure()
    first = draw_progress_tab(fig, data, 1)
    for week in (1, 3, 6):
        axes = draw_progress_tab(fig, data, week)
        assert all(axes[name] is first[name] for name in axes)  # only highlights move
        (span,) = axes["items"].patches  # the highlighted week
        assert span.get_x() == pytest.approx(week - 0.5)
        (column,) = axes["calendar"].patches
        assert column.get_x() == week - 1
        assert axes["week"].get_title(loc="left").startswith(f"{week}주차")
        fig.canvas.draw()
    with pytest.raises(WeekNotFoundError):
        draw_progress_tab(fig, data, 7)
    other = draw_progress_tab(fig, synthetic(), 2)  # new data: drawn again
    assert other["items"] is not first["items"] and len(fig.axes) == 6


def test_the_tab_draws_empty_before_its_data_and_before_the_course_starts() -> None:
    from dataclasses import replace

    from studyapp.charts.progress import draw_progress_tab

    fig = figure()
    assert len(draw_progress_tab(fig, None)) == 6
    fig.canvas.draw()
    data = synthetic()
    early = replace(data.progress, today=replace(data.progress.today, week=0),
                    daily=series(START - timedelta(days=3), 1))  # fmt: skip
    axes = draw_progress_tab(fig, replace(data, progress=early), 1)
    assert "시작되지" in axes["calendar"].texts[0].get_text()
    fig.canvas.draw()


def test_the_statistics_page() -> None:
    from studyapp.charts.calendar import day_cells
    from studyapp.charts.stats import PANELS, draw_stats

    stats = synthetic_stats()
    axes = draw_stats(fig := figure(), stats)
    assert list(axes) == list(PANELS)
    assert _bars(axes["forecast"]) == [30]
    (mesh,) = axes["calendar"].collections
    assert day_cells(mesh) == 365
    assert _bars(axes["stability"]) == [4] and _bars(axes["retrievability"]) == [20]
    assert _bars(axes["buttons"]) == [3, 3, 3, 3]  # a series per button, a bar per state
    assert _bars(axes["hours"]) == [24] and _bars(axes["states"]) == [7]
    assert len(axes["retention"].lines[0].get_xdata()) == 52
    fig.canvas.draw()


def _glyph_problems(records: list[logging.LogRecord], caught: list[warnings.WarningMessage]) -> (
    list[str]
):  # fmt: skip
    texts = [r.getMessage() for r in records] + [str(w.message) for w in caught]
    return [t for t in texts if "missing from font" in t or "Glyph" in t or "findfont" in t]


def test_korean_labels_render_with_no_missing_glyph(caplog: pytest.LogCaptureFixture) -> None:
    from studyapp.charts.progress import draw_progress_tab
    from studyapp.charts.stats import draw_stats

    progress, stats = figure(), figure()
    draw_progress_tab(progress, synthetic(), 2)
    draw_stats(stats, synthetic_stats())
    with (
        caplog.at_level(logging.DEBUG, logger="matplotlib"),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        progress.canvas.draw()  # outside the font context, as the GUI's canvas draws
        stats.canvas.draw()
    assert _glyph_problems(caplog.records, caught) == []
    # the check itself works: Hangul in matplotlib's own font is reported
    bare = figure()
    bare.text(0.5, 0.5, "주차")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        bare.canvas.draw()
    assert _glyph_problems([], caught)


def test_charts_use_no_pyplot_and_import_matplotlib_only_when_drawing() -> None:
    script = (
        "import sys\n"
        "import studyapp.charts.progress, studyapp.charts.stats, studyapp.charts.report\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported at module level'\n"
        "from matplotlib.figure import Figure\n"
        "from studyapp.charts.progress import draw_progress_tab\n"
        "from studyapp.charts.stats import draw_stats\n"
        "from tests.studyapp.test_charts import synthetic, synthetic_stats\n"
        "f = Figure(); draw_progress_tab(f, synthetic()); f.canvas.draw()\n"
        "f = Figure(); draw_stats(f, synthetic_stats()); f.canvas.draw()\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                            text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_the_summary_lines_name_each_item_and_its_source() -> None:
    from studyapp.charts.summary import course_lines

    lines = course_lines(synthetic().progress)
    assert lines[0] == "CS231n: course from 2025-12-24, 6 weeks planned"
    assert "  1. [x] 강의 1-1강 수강  (notes)" in lines
    assert lines[-1].startswith(
        "today 2026-01-28 (week 6): 7/10 items done, 10.0 expected: 3.0 behind"
    )


def test_plot_functions_take_any_axes() -> None:
    from studyapp.charts.stats import plot_hours

    fig = figure()
    ax = fig.add_subplot(121)
    plot_hours(ax, synthetic_stats().hours)
    assert _bars(ax) == [24] and fig.axes == [ax]
