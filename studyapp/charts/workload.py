"""The workload simulator's chart: reviews a day over the simulated days for each desired
retention, and the minutes each remembered card costs (the least work marked)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from studyapp.charts.common import HIGHLIGHT, LABEL_SIZE, PLANNED, bars, fonts, grid, style

if TYPE_CHECKING:
    from matplotlib.figure import Figure


class Outcome(Protocol):
    """One desired retention's simulated days (scheduler.simulate.RetentionOutcome)."""

    @property
    def desired_retention(self) -> float: ...
    @property
    def reviews_per_day(self) -> tuple[int, ...]: ...
    @property
    def minutes_per_remembered_card(self) -> float: ...
    @property
    def least_work(self) -> bool: ...


class Simulated(Protocol):
    """What the chart reads of a simulation (scheduler.simulate.Workload)."""

    @property
    def days(self) -> int: ...
    @property
    def outcomes(self) -> Sequence[Outcome]: ...


SMOOTH_DAYS = 7


def _smoothed(values: Sequence[float], days: int) -> list[float]:
    """A trailing mean over `days`: day-to-day noise hides the trend."""
    out, total = [], 0.0
    for i, value in enumerate(values):
        total += value
        if i >= days:
            total -= values[i - days]
        out.append(total / min(i + 1, days))
    return out


def draw_workload(figure: Figure, workload: Simulated) -> None:
    """Two panels on `figure`: reviews a day (7-day mean) per retention; minutes per card
    remembered at the end, per retention."""
    with fonts():
        daily, cost = grid(figure, 1, 2)
        for outcome in workload.outcomes:
            series = _smoothed(outcome.reviews_per_day, SMOOTH_DAYS)
            daily.plot(range(1, len(series) + 1), series, linewidth=1.2,
                       label=f"{outcome.desired_retention:.0%}")  # fmt: skip
        style(daily, f"Reviews a day ({SMOOTH_DAYS}-day mean), {workload.days} days",
              ylabel="reviews", integer=True)  # fmt: skip
        daily.set_xlabel("day", fontsize=LABEL_SIZE)
        daily.legend(title="desired retention", fontsize=LABEL_SIZE, title_fontsize=LABEL_SIZE)
        x = list(range(len(workload.outcomes)))
        heights = [o.minutes_per_remembered_card for o in workload.outcomes]
        colors = [HIGHLIGHT if o.least_work else PLANNED for o in workload.outcomes]
        bars(cost, x, heights, facecolors=colors)
        cost.set_xticks(x, [f"{o.desired_retention:.0%}" for o in workload.outcomes])
        style(cost, "Minutes per card remembered (least work highlighted)", ylabel="minutes")
        cost.set_xlabel("desired retention", fontsize=LABEL_SIZE)
