"""A matplotlib figure in Qt: the QtAgg canvas (imported when the first chart is made, so the
app opens without matplotlib), redrawn in the app's light or dark look."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DARK = {"face": "#202124", "axes": "#17181a", "text": "#e8eaed", "grid": "#5f6368"}


def recolor(figure: Figure, dark: bool) -> None:
    """A drawn figure in the dark look: backgrounds dark, and every dark text and spine light.
    (The charts themselves are drawn for white paper, as the reports print them.)"""
    if not dark:
        return
    from matplotlib.colors import to_rgb
    from matplotlib.text import Text

    def is_dark(color: Any) -> bool:
        red, green, blue = to_rgb(color)
        return 0.299 * red + 0.587 * green + 0.114 * blue < 0.5

    figure.patch.set_facecolor(DARK["face"])
    for ax in figure.axes:
        ax.set_facecolor(DARK["axes"])
        for spine in ax.spines.values():
            spine.set_color(DARK["grid"])
        ax.tick_params(colors=DARK["text"], which="both")
        legend = ax.get_legend()
        if legend is not None:
            legend.get_frame().set_facecolor(DARK["axes"])
    for text in figure.findobj(Text):
        if is_dark(text.get_color()):
            text.set_color(DARK["text"])


class ChartCanvas(QWidget):
    """A figure and its canvas; `figure` is drawn on by the charts package, then `show_drawn`."""

    def __init__(self, dark: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.dark = dark
        self.figure = Figure(figsize=(8, 5), dpi=100)
        self.canvas: Any = FigureCanvasQTAgg(self.figure)
        self.canvas.setParent(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)

    def show_drawn(self) -> None:
        recolor(self.figure, self.dark)
        self.canvas.draw_idle()
