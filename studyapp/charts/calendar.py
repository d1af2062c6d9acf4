"""The review calendar: one cell per study day, weeks as columns, as Anki's heatmap.

With `origin` (the course start) a column is a course week and a row its day 1 to 7, so the
columns line up with the roadmap's weeks; without, columns are calendar weeks from Monday.
Days outside the series are masked: the mesh has exactly one unmasked cell per day.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from studyapp.charts.common import HIGHLIGHT, style
from studyapp.domain.reviewstats import DailySeries

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.collections import QuadMesh
    from matplotlib.patches import Rectangle

WEEKDAYS = ("월", "화", "수", "목", "금", "토", "일")


def plot_calendar(
    ax: Axes,
    daily: DailySeries,
    *,
    title: str = "복습 달력 (reviews per day)",
    origin: date | None = None,
    selected: int | None = None,
) -> QuadMesh:
    """Draw the heatmap; `selected` outlines that column (a course week, 1-based)."""
    import numpy as np

    first = origin if origin is not None else daily.start - timedelta(days=daily.start.weekday())
    offset = (daily.start - first).days
    columns = max((offset + daily.days + 6) // 7, 1)
    cells = np.full(7 * columns, np.nan)
    cells[offset : offset + daily.days] = daily.reviews
    grid = np.ma.masked_invalid(cells.reshape(columns, 7).T)
    mesh = ax.pcolormesh(
        np.arange(columns + 1), np.arange(8), grid, cmap="Greens", vmin=0,
        vmax=max(max(daily.reviews, default=0), 1), edgecolors="white", linewidth=0.4,
    )  # fmt: skip
    style(ax, title)
    ax.set_ylim(7, 0)
    if origin is not None:
        ax.set_yticks(np.arange(7) + 0.5, [f"D{d}" for d in range(1, 8)])
        shown = range(0, columns, max(columns // 8, 1))
        ax.set_xticks(np.array(shown) + 0.5, [str(w + 1) for w in shown])
    else:
        ax.set_yticks(np.arange(7) + 0.5, WEEKDAYS)
        months = [c for c in range(columns) if (first + timedelta(weeks=c)).day <= 7]
        ax.set_xticks(
            np.array(months) + 0.5, [f"{(first + timedelta(weeks=c)).month}월" for c in months]
        )
    outline(ax, selected, columns)
    return mesh


def outline(ax: Axes, selected: int | None, columns: int | None = None) -> Rectangle | None:
    """Outline column `selected` (1-based) of a heatmap; returns the patch, or None."""
    from matplotlib.patches import Rectangle

    if selected is None or selected < 1 or (columns is not None and selected > columns):
        return None
    patch = Rectangle((selected - 1, 0), 1, 7, fill=False, edgecolor=HIGHLIGHT, lw=1.5)
    ax.add_patch(patch)
    return patch


def day_cells(mesh: QuadMesh) -> int:
    """How many days the heatmap shows (its unmasked cells)."""
    import numpy as np

    cells = mesh.get_array()
    return int(np.ma.count(cells)) if cells is not None else 0
