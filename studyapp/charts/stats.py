"""The collection statistics page, as Anki's: due forecast, the year's calendar, retention over
time against the desired retention, the memory-state histograms (stability, difficulty,
retrievability), answer buttons, hours of the day and card states.

`draw_stats(figure, stats)` fills a Figure the caller owns from `review_stats`'s result; each
`plot_*` function draws one panel on the Axes it is given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studyapp.charts.calendar import plot_calendar
from studyapp.charts.common import (
    AGAIN,
    DONE,
    LABEL_SIZE,
    LINE,
    NEW,
    PLANNED,
    REVIEWS,
    bars,
    fonts,
    grid,
    style,
)
from studyapp.domain.reviewstats import (
    ButtonCounts,
    CardStates,
    DueForecast,
    Histogram,
    HourCounts,
    RetentionSeries,
    ReviewStats,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

PANELS = (
    "forecast", "calendar", "retention", "stability", "difficulty", "retrievability",
    "buttons", "hours", "states",
)  # fmt: skip
BUTTON_COLOURS = (AGAIN, NEW, REVIEWS, DONE)


def plot_forecast(ax: Axes, forecast: DueForecast) -> None:
    """Cards due on each of the next days; day 0 holds the overdue ones too."""
    bars(ax, range(len(forecast.counts)), forecast.counts, color=DONE)
    style(ax, f"예정 복습 (due in the next {len(forecast.counts)} days)", integer=True)


def plot_retention(ax: Axes, retention: RetentionSeries) -> None:
    """True retention per period against the desired retention."""
    x = range(len(retention.starts))
    values = [v if v is not None else float("nan") for v in retention.retention]
    ax.plot(x, values, color=DONE, lw=1.2, marker="o", markersize=2, label="true retention")
    ax.axhline(retention.desired, color=AGAIN, ls="--", lw=0.8, label="목표 desired")
    ax.set_ylim(0, 1.02)
    step = max(len(retention.starts) // 6, 1)
    ax.set_xticks(list(x)[::step], [d.strftime("%m-%d") for d in retention.starts[::step]])
    style(ax, f"기억 유지율 ({retention.days}일 단위, true retention)")
    ax.legend(fontsize=LABEL_SIZE, frameon=False, loc="lower left")


def plot_histogram(ax: Axes, histogram: Histogram, title: str, *, percent: bool = False) -> None:
    """One bar per bin, labelled by the bins' lower edges (as a percentage with `percent`)."""
    count = len(histogram.counts)
    bars(ax, range(count), histogram.counts, color=DONE)
    step = max(count // 6, 1)
    labels = [f"{e:.0%}" if percent else f"{e:g}" for e in histogram.edges[:count:step]]
    ax.set_xticks(range(0, count, step), labels)
    mean = histogram.mean
    shown = "-" if mean is None else f"{mean:.0%}" if percent else f"{mean:.1f}"
    style(ax, f"{title} (평균 {shown})", integer=True)


def plot_buttons(ax: Axes, buttons: ButtonCounts) -> None:
    """Again, Hard, Good, Easy for cards in learning, review and relearning, as shares."""
    states = (("학습 learning", buttons.learning), ("복습 review", buttons.review),
              ("재학습 relearning", buttons.relearning))  # fmt: skip
    for rating, name in enumerate(("Again", "Hard", "Good", "Easy")):
        shares = [counts[rating] / max(sum(counts), 1) for _, counts in states]
        x = [s + (rating - 1.5) * 0.2 for s in range(3)]
        bars(ax, x, shares, width=0.2, color=BUTTON_COLOURS[rating], label=name)
    ax.set_xticks(range(3), [name for name, _ in states])
    ax.set_ylim(0, 1.25)
    style(ax, "답변 버튼 (answer buttons)")
    ax.legend(fontsize=LABEL_SIZE, frameon=False, loc="upper left", ncols=4)


def plot_hours(ax: Axes, hours: HourCounts) -> None:
    """Answers per local hour, with the share of review answers not Again as a line."""
    bars(ax, range(24), hours.reviews, color=REVIEWS)
    style(ax, f"시간대별 복습 (hour of day, {hours.days}일)", integer=True)
    ax.set_xticks(range(0, 24, 4))
    rates = [p / a if a else float("nan") for p, a in zip(hours.review_passed, hours.review_answers,
                                                            strict=True)]  # fmt: skip
    top = max(max(hours.reviews, default=0), 1)
    ax.plot(range(24), [r * top for r in rates], color=LINE, lw=0.8)


def plot_card_states(ax: Axes, states: CardStates) -> None:
    names = ("new", "learning", "young", "mature", "relearning", "suspended", "buried")
    values = [getattr(states, name) for name in names]
    bars(ax, range(len(names)), values, color=[PLANNED, NEW, REVIEWS, DONE, AGAIN, LINE, LINE])
    ax.set_xticks(range(len(names)), ["새", "학습", "young", "mature", "재학습", "보류", "묻힘"])
    style(ax, f"카드 상태 (cards: {sum(values)})", integer=True)


def draw_stats(figure: Figure, stats: ReviewStats) -> dict[str, Axes]:
    """Fill `figure` with the statistics page. Returns the panels by name."""
    with fonts():
        axes = dict(zip(PANELS, grid(figure, 3, 3), strict=True))
        plot_forecast(axes["forecast"], stats.forecast)
        plot_calendar(axes["calendar"], stats.calendar)
        plot_retention(axes["retention"], stats.retention)
        plot_histogram(axes["stability"], stats.stability, "안정성 stability (일)")
        plot_histogram(axes["difficulty"], stats.difficulty, "난이도 difficulty")
        plot_histogram(axes["retrievability"], stats.retrievability, "인출 가능성 R",
                       percent=True)  # fmt: skip
        plot_buttons(axes["buttons"], stats.buttons)
        plot_hours(axes["hours"], stats.hours)
        plot_card_states(axes["states"], stats.card_states)
        figure.suptitle(f"통계 (statistics) · {stats.today.isoformat()}", fontsize=10)
    return axes
