"""What every chart shares: the Korean-capable fonts, bars drawn as one artist, a grid of axes.

Bars are one PolyCollection per series, not one Rectangle each: a year of weekly bars as
patches costs matplotlib a quarter of a second to add, a collection next to nothing. Each
collection's paths are its bars, in order, so tests and the GUI can count and hit-test them.
Every text is created inside `fonts()`, so it takes the bundled Hangul font behind DejaVu Sans,
and tick labels (made later, when the figure is drawn) get the same families through
`tick_params`; the GUI's canvas can draw the figure outside that context.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

from studyapp.charts.fonts import chart_families, korean_rc

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure

PLANNED = "#c9d6e8"
DONE = "#2f6db5"
REVIEWS = "#4c956c"
NEW = "#f4a259"
AGAIN = "#d1495b"
LINE = "#333333"
HIGHLIGHT = "#e09f3e"
TITLE_SIZE = 9
LABEL_SIZE = 7


@contextmanager
def fonts() -> Iterator[None]:
    import matplotlib

    with matplotlib.rc_context(cast(Any, korean_rc())):
        yield


def style(
    ax: Axes, title: str, *, ylabel: str = "", max_ticks: int = 4, integer: bool = False
) -> None:
    """Title, label, few ticks (each costs a text to lay out) and fonts that have Hangul. The
    title sits at a fixed height: placing it clear of the ticks measures every tick label."""
    from matplotlib.ticker import AutoLocator, MaxNLocator

    ax.set_title(title, fontsize=TITLE_SIZE, loc="left", y=1.0, pad=4)
    if ylabel:
        ax.set_ylabel(ylabel, fontsize=LABEL_SIZE)
    ax.yaxis.set_major_locator(MaxNLocator(max_ticks, integer=integer))
    if type(ax.xaxis.get_major_locator()) is AutoLocator:  # not ticks the caller placed
        ax.xaxis.set_major_locator(MaxNLocator(6, integer=True))
    ax.tick_params(labelsize=LABEL_SIZE, labelfontfamily=list(chart_families()))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def bars(
    ax: Axes,
    x: Sequence[float],
    heights: Sequence[float],
    *,
    width: float = 0.8,
    bottom: Sequence[float] | float = 0.0,
    **props: Any,
) -> PolyCollection:
    """One bar per value, centred on `x`, as a single collection; the axes' limits follow."""
    import numpy as np
    from matplotlib.collections import PolyCollection

    xs = np.asarray(x, dtype=float)
    top = np.asarray(heights, dtype=float)
    base = np.broadcast_to(np.asarray(bottom, dtype=float), xs.shape)
    left, right = xs - width / 2, xs + width / 2
    corners = np.stack(
        [
            np.stack([left, base], axis=1),
            np.stack([left, base + top], axis=1),
            np.stack([right, base + top], axis=1),
            np.stack([right, base], axis=1),
        ],
        axis=1,
    )
    collection = PolyCollection(list(corners), closed=True, linewidths=0, **props)
    ax.add_collection(collection, autolim=False)
    if len(xs):
        low = min(0.0, float((base + np.minimum(top, 0)).min()))
        high = float((base + np.maximum(top, 0)).max())
        ax.update_datalim([(left.min(), low), (right.max(), high if high > low else low + 1)])
    else:
        ax.update_datalim([(0, 0), (1, 1)])
    ax.autoscale_view()
    return collection


def grid(figure: Figure, rows: int, columns: int) -> list[Axes]:
    """A grid of axes with fixed margins: tight or constrained layout would draw twice."""
    figure.clear()
    figure.subplots_adjust(left=0.05, right=0.98, bottom=0.07, top=0.92, wspace=0.25, hspace=0.35)
    return list(figure.subplots(rows, columns, squeeze=False).flat)


def empty(ax: Axes, title: str, message: str) -> None:
    style(ax, title)
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=LABEL_SIZE, color="#777777",
            transform=ax.transAxes)  # fmt: skip
    ax.set_xticks([])
    ax.set_yticks([])
