"""The progress tab: the roadmap's weeks, what was studied in each, the course calendar, the
selected week day by day and the due forecast; and the daily log's timeline on its own.

`draw_progress_tab(figure, data, week)` fills a Figure the caller owns (the GUI's canvas, a
report page) from `progress_tab_data`'s result. Called again on the same figure with the same
data and another week, it only moves the highlights and redraws the week's panel: switching
weeks queries nothing and rebuilds one axes of six. Each `plot_*` function draws one panel on
the Axes it is given and can be used on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from studyapp.charts.calendar import outline, plot_calendar
from studyapp.charts.common import (
    AGAIN,
    DONE,
    HIGHLIGHT,
    LABEL_SIZE,
    LINE,
    NEW,
    PLANNED,
    REVIEWS,
    bars,
    empty,
    fonts,
    grid,
    style,
)
from studyapp.charts.stats import plot_forecast
from studyapp.domain.progress import CourseProgress, ProgressTabData

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

PANELS = ("items", "reviews", "retention", "calendar", "week", "forecast")
WEEK_PANELS = ("items", "reviews", "retention")  # the ones with a bar per week


def default_week(progress: CourseProgress) -> int:
    """Today's week when it is one of the course's, else the nearest of them."""
    return min(max(progress.today.week, 1), max(len(progress.weeks), 1))


def _numbers(progress: CourseProgress) -> list[int]:
    return [w.week for w in progress.weeks]


def _legend(ax: Axes) -> None:
    """A legend in a band kept free above the data."""
    low, high = ax.get_ylim()
    ax.set_ylim(low, high + (high - low) * 0.3)
    ax.legend(fontsize=LABEL_SIZE, frameon=False, loc="upper left", ncols=2)


def plot_week_items(ax: Axes, progress: CourseProgress) -> None:
    """Planned items per week behind the done ones; a dashed line at today's week."""
    weeks = _numbers(progress)
    bars(ax, weeks, [w.planned for w in progress.weeks], color=PLANNED, label="계획 planned")
    bars(ax, weeks, [w.done for w in progress.weeks], width=0.5, color=DONE, label="완료 done")
    today = progress.today
    if today.week >= 1:
        ax.axvline(today.week, color=LINE, ls="--", lw=0.8)
    ahead = f"{today.ahead_by_items:+.1f}"
    finish = today.projected_finish.isoformat() if today.projected_finish else "-"
    style(ax, f"로드맵 {today.done_items}/{today.planned_items} · {ahead} · 예상 완료 {finish}",
          integer=True)  # fmt: skip
    _legend(ax)


def plot_week_reviews(ax: Axes, progress: CourseProgress) -> None:
    """Answers per week, with the new cards among them."""
    weeks = _numbers(progress)
    bars(ax, weeks, [w.activity.reviews for w in progress.weeks], color=REVIEWS, label="복습")
    bars(ax, weeks, [w.activity.new_cards for w in progress.weeks], width=0.4, color=NEW,
         label="새 카드")  # fmt: skip
    style(ax, "주차별 복습 (answers, new cards)", integer=True)
    _legend(ax)


def plot_week_retention(ax: Axes, progress: CourseProgress) -> None:
    """True retention per week (weeks without review answers are gaps) and the target."""
    weeks = _numbers(progress)
    values = [w.activity.true_retention for w in progress.weeks]
    ax.plot(weeks, [v if v is not None else float("nan") for v in values], marker="o",
            markersize=3, color=DONE, lw=1.2, label="true retention")  # fmt: skip
    ax.axhline(progress.desired_retention, color=AGAIN, ls="--", lw=0.8, label="목표 desired")
    ax.set_ylim(0, 1.02)
    ax.set_xlim(0.5, max(weeks, default=1) + 0.5)
    style(ax, "주차별 기억 유지율 (true retention)")
    ax.legend(fontsize=LABEL_SIZE, frameon=False, loc="lower left")


def plot_week_minutes(ax: Axes, progress: CourseProgress) -> None:
    bars(ax, _numbers(progress), [w.activity.study_minutes for w in progress.weeks], color=DONE)
    style(ax, "주차별 학습 시간 (minutes)")


def plot_course_calendar(ax: Axes, progress: CourseProgress, selected: int | None = None) -> None:
    if progress.daily.start < progress.course_start or progress.today.week < 1:
        empty(ax, "과정 달력", "과정이 아직 시작되지 않았습니다 (the course has not started)")
        return
    plot_calendar(ax, progress.daily, origin=progress.course_start, selected=selected,
                  title="과정 달력 (answers per day; columns are weeks)")  # fmt: skip


def plot_week_days(ax: Axes, progress: CourseProgress, week: int) -> None:
    """The selected week day by day: answers, and a title with the week's figures."""
    chosen = progress.week(week)
    days = [chosen.start + timedelta(days=d) for d in range(7)]
    daily = progress.daily
    indices = [daily.index(day) for day in days]
    counts = [daily.reviews[i] if 0 <= i < daily.days else 0 for i in indices]
    bars(ax, range(1, 8), counts, color=REVIEWS)
    a = chosen.activity
    retention = f"{a.true_retention:.0%}" if a.true_retention is not None else "-"
    style(ax, f"{week}주차 {chosen.done}/{chosen.planned} 완료 · 유지율 {retention} · "
          f"{a.study_minutes:g}분 · 과제 {a.exercises_passed}", integer=True)  # fmt: skip
    ax.set_xticks(range(1, 8), [day.strftime("%m-%d") for day in days])


def plot_timeline(ax: Axes, progress: CourseProgress) -> None:
    """The daily log: each lecture (and assignment, above them) on the days it was logged."""
    lines = progress.timeline
    if not lines:
        empty(ax, "학습 일지", "일지가 없습니다 (no daily log)")
        return
    top = max((n for line in lines for n in line.lectures), default=0)
    for line in lines:
        x0, x1 = line.start.toordinal(), line.end.toordinal() + 1
        for lecture in line.lectures:
            ax.hlines(lecture, x0, x1, color=DONE, lw=3)
        for assignment in line.assignments:
            ax.hlines(top + 1 + assignment, x0, x1, color=NEW, lw=3)
    start = progress.course_start.toordinal()
    style(ax, "학습 일지 (lectures, assignments; weeks)")
    weeks = range(0, len(progress.weeks), max(len(progress.weeks) // 8, 1))
    ax.set_xticks([start + 7 * k for k in weeks], [str(k + 1) for k in weeks])
    assignments = sorted({a for line in lines for a in line.assignments})
    lectures = range(1, top + 1, max(top // 6, 1))
    ax.set_yticks([*lectures, *(top + 1 + a for a in assignments)],
                  [*(f"L{n}" for n in lectures), *(f"A{a}" for a in assignments)])  # fmt: skip


@dataclass
class _Tab:
    """What a figure shows, so another week only moves the highlights."""

    data: ProgressTabData
    axes: dict[str, Axes]
    marks: list[Artist] = field(default_factory=list)


_TABS: WeakKeyDictionary[Figure, _Tab] = WeakKeyDictionary()


def draw_progress_tab(figure: Figure, data: ProgressTabData | None, week: int | None = None) -> (
    dict[str, Axes]
):  # fmt: skip
    """Fill `figure` with the progress tab for `week` (default: today's); `data` None draws the
    empty tab (the GUI before its worker has answered). Returns the panels by name; the caller
    redraws its canvas."""
    with fonts():
        if data is None:
            _TABS.pop(figure, None)
            axes = dict(zip(PANELS, grid(figure, 2, 3), strict=True))
            for name, ax in axes.items():
                empty(ax, name, "…")
            return axes
        progress = data.progress
        chosen = week if week is not None else default_week(progress)
        if progress.weeks:
            progress.week(chosen)  # a week the course does not have is refused here
        tab = _TABS.get(figure)
        if tab is None or tab.data is not data or figure.axes != list(tab.axes.values()):
            tab = _Tab(data, _draw_all(figure, data))
            _TABS[figure] = tab
        _select(tab, chosen)
    return tab.axes


def _draw_all(figure: Figure, data: ProgressTabData) -> dict[str, Axes]:
    progress = data.progress
    axes = dict(zip(PANELS, grid(figure, 2, 3), strict=True))
    plot_week_items(axes["items"], progress)
    plot_week_reviews(axes["reviews"], progress)
    plot_week_retention(axes["retention"], progress)
    plot_course_calendar(axes["calendar"], progress)
    plot_forecast(axes["forecast"], data.forecast)
    figure.suptitle(f"{progress.deck} · {progress.today.day.isoformat()}", fontsize=10)
    return axes


def _select(tab: _Tab, week: int) -> None:
    for artist in tab.marks:
        artist.remove()
    tab.marks = [
        tab.axes[name].axvspan(week - 0.5, week + 0.5, color=HIGHLIGHT, alpha=0.18, lw=0)
        for name in WEEK_PANELS
    ]
    progress = tab.data.progress
    if progress.daily.start >= progress.course_start and progress.today.week >= 1:
        patch = outline(tab.axes["calendar"], week)
        tab.marks += [patch] if patch is not None else []
    panel = tab.axes["week"]
    panel.clear()
    if progress.weeks:
        plot_week_days(panel, progress, week)
    else:
        empty(panel, "주차", "로드맵에 주차가 없습니다 (no weeks)")


def draw_timeline(figure: Figure, progress: CourseProgress) -> Axes:
    """Fill `figure` with the daily log's timeline."""
    with fonts():
        figure.clear()
        figure.subplots_adjust(left=0.06, right=0.98, bottom=0.08, top=0.92)
        ax = figure.add_subplot()
        plot_timeline(ax, progress)
    return ax
