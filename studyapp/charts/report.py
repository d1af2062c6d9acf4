"""A week's report as a PDF (several pages), a PNG (the progress tab) or Markdown with its
images beside it, drawn with the same functions as the GUI.

Every file is written under a temporary name, fsynced and renamed (studyapp.fileutil), and the
Markdown last, after its images: a crash leaves the old report or the new one, never half.
PDF pages: the week in words, the progress tab, the statistics, the cards with the most lapses
and the exercises, the daily log's timeline.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.charts.common import fonts
from studyapp.charts.progress import draw_progress_tab, draw_timeline
from studyapp.charts.stats import draw_stats
from studyapp.charts.summary import lapse_lines, week_lines
from studyapp.domain.errors import ReportError
from studyapp.domain.progress import WeekReport
from studyapp.fileutil import atomic_path

if TYPE_CHECKING:
    from matplotlib.figure import Figure

KINDS = (".pdf", ".png", ".md")
PAGE = (11.69, 8.27)  # A4 landscape, inches
DPI = 110


def check_target(path: Path) -> str:
    """The report kind of `path` (".pdf", ".png", ".md"), once it is known to be writable and
    matplotlib is there to draw it."""
    if importlib.util.find_spec("matplotlib") is None:
        raise ReportError(
            "reports are drawn with matplotlib, which is not installed: pip install 'studyapp[gui]'"
        )
    kind = path.suffix.lower()
    if kind not in KINDS:
        raise ReportError(
            f"{path}: unknown report type {path.suffix or '(no extension)'!r}; "
            "use .pdf, .png or .md"
        )
    folder = path.parent
    if not folder.is_dir():
        raise ReportError(f"cannot write {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK) or path.is_dir():
        raise ReportError(f"cannot write {path}: {folder} is not writable or it is a folder")
    return kind


def write_report(path: Path, report: WeekReport) -> list[Path]:
    """Write the report; returns the files written (the Markdown's images before it)."""
    kind = check_target(path)
    try:
        with fonts():
            if kind == ".pdf":
                _pdf(path, report)
                return [path]
            if kind == ".png":
                _save(_figure_tab(report), path, "png")
                return [path]
            return _markdown(path, report)
    except OSError as err:
        raise ReportError(f"cannot write {path}: {err.strerror or err}") from None


def _new() -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=PAGE, dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _figure_tab(report: WeekReport) -> Figure:
    figure = _new()
    draw_progress_tab(figure, report.data, report.week)
    return figure


def _figure_stats(report: WeekReport) -> Figure:
    figure = _new()
    draw_stats(figure, report.stats)
    return figure


def _figure_timeline(report: WeekReport) -> Figure:
    figure = _new()
    draw_timeline(figure, report.data.progress)
    return figure


def _text_page(lines: list[str]) -> Figure:
    """A page of text: one line per row, from the top; what does not fit is cut."""
    figure = _new()
    rows = 46
    for row, line in enumerate(lines[:rows]):
        size = 11 if row == 0 else 8
        figure.text(0.04, 0.95 - row * 0.02, line[:150], fontsize=size, va="top")
    if len(lines) > rows:
        figure.text(0.04, 0.03, f"... {len(lines) - rows} more lines", fontsize=7)
    return figure


def _save(figure: Figure, path: Path, kind: str) -> None:
    with atomic_path(path) as temp:
        figure.savefig(temp, format=kind, dpi=DPI)


def _pdf(path: Path, report: WeekReport) -> None:
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages

    pages = [
        _text_page(week_lines(report)),
        _figure_tab(report),
        _figure_stats(report),
        _text_page(lapse_lines(report)),
        _figure_timeline(report),
    ]
    title = f"{report.data.progress.deck} week {report.week}"
    # Type 42 embeds the fonts' own outlines (subset): smaller, and the text stays selectable.
    metadata = {"Title": title, "Creator": "studyapp"}
    with (
        matplotlib.rc_context({"pdf.fonttype": 42}),
        _quiet_subsetter(),
        atomic_path(path) as temp,
        PdfPages(temp, metadata=metadata) as pdf,
    ):
        for page in pages:
            pdf.savefig(page)


@contextmanager
def _quiet_subsetter() -> Iterator[None]:
    """fontTools logs a warning per hinting-source table (TSI0...) of NanumGothic it drops
    while subsetting the font into the PDF: harmless, and not the learner's concern."""
    logger = logging.getLogger("fontTools.subset")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _markdown(path: Path, report: WeekReport) -> list[Path]:
    images = {
        "progress": _figure_tab(report),
        "stats": _figure_stats(report),
        "timeline": _figure_timeline(report),
    }
    written = []
    for name, figure in images.items():
        image = path.with_name(f"{path.stem}-{name}.png")
        _save(figure, image, "png")
        written.append(image)
    lines = week_lines(report)
    text = [f"# {lines[0]}", "", *(f"    {line}" if line else "" for line in lines[1:]), ""]
    text += [f"![{name}]({image.name})\n" for name, image in zip(images, written, strict=True)]
    text += ["## Cards with the most lapses and exercises", ""]
    text += [f"    {line}" for line in lapse_lines(report)[1:]]
    with atomic_path(path) as temp:
        temp.write_text("\n".join(text) + "\n", encoding="utf-8")
    return [*written, path]
