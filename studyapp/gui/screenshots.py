"""Screenshots of every view, in light and dark, English and Korean, of a demo collection
(`studyapp gui --screenshots DIR`): for the README, and for looking at the app as a learner
sees it without a display (Qt draws offscreen)."""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import closing
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMessageLogContext, QSettings, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from studyapp.domain.errors import UsageError
from studyapp.gui.app import application, open_context
from studyapp.gui.context import AppContext

SIZE = (1280, 820)
LOOKS = (("light", "en"), ("dark", "en"), ("light", "ko"), ("dark", "ko"))


def _quiet_offscreen(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """The offscreen platform warns about window hints it cannot honour; nothing else is
    dropped."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def _settle(app: QApplication, ctx: AppContext | None = None, seconds: float = 0.3) -> None:
    """Let layouts, the workers (charts, gradings) and their callbacks finish."""
    deadline = time.monotonic() + 60
    end = time.monotonic() + seconds
    while time.monotonic() < end or (ctx is not None and ctx.worker.busy()):
        app.processEvents()
        time.sleep(0.02)
        if time.monotonic() > deadline:
            break


def _views(window: object) -> Iterable[tuple[str, Callable[[], None]]]:
    """(name, how to put it on screen) for each picture, in the tabs' order."""
    from studyapp.gui.main_window import MainWindow

    assert isinstance(window, MainWindow)

    def show(name: str) -> Callable[[], None]:
        return lambda: window.show_view(name)

    def answer_side() -> None:
        window.show_view("home")
        window.home.study_requested.emit(None)
        window.review.reveal()

    def exercise_with_diagnosis() -> None:
        window.show_view("exercises")
        window.exercises.select("affine")

    def question_side() -> None:
        window.show_view("home")
        window.home.study_requested.emit(None)

    yield "home", show("home")
    yield "review-question", question_side
    yield "review-answer", answer_side

    def browse_a_formula() -> None:
        window.show_view("browse")
        window.browse.set_query("softmax")
        window.browse.table.selectRow(0)

    yield "quiz", show("quiz")
    yield "browse", browse_a_formula
    yield "exercises", exercise_with_diagnosis
    yield "progress", show("progress")
    yield "settings", show("settings")


def write_screenshots(
    out: Path, *, looks: Iterable[tuple[str, str]] = LOOKS, data_dir: Path | None = None
) -> list[Path]:
    """Write `<view>-<theme>-<language>.png` for every view (and the card info dialog) in
    every look; returns the paths. The collection is a demo, or a copy of the one in
    `data_dir` (never written to)."""
    from studyapp.gui import i18n, theme

    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as err:
        raise UsageError(f"cannot write screenshots to {out}: {err.strerror}") from None
    app = application()
    before = theme.current(app)
    previous = qInstallMessageHandler(_quiet_offscreen)
    written: list[Path] = []
    try:
        _write_all(app, out, looks, written, data_dir)
    finally:  # the app as it was: English, its theme, its messages
        i18n.install(app, "en")
        theme.apply(app, before)
        qInstallMessageHandler(previous)
    return written


def _copy_collection(source: Path, folder: Path) -> None:
    """A consistent copy of the learner's collection (SQLite's backup API: the original is
    only read, and a running app's WAL is included)."""
    import sqlite3

    from studyapp import paths

    path = paths.collection_path(source)
    if not path.is_file():
        raise UsageError(f"no collection in {source}")
    folder.mkdir(mode=0o700)
    with (
        closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as src,
        closing(sqlite3.connect(paths.collection_path(folder))) as dst,
    ):
        src.backup(dst)


def _card_info(window: Any, app: QApplication, ctx: AppContext, path: Path) -> bool:
    """The card info dialog of the card under review."""
    from studyapp.gui.dialogs.card_info import CardInfoDialog

    window.show_view("review")
    card = window.review.card
    if card is None:
        return False
    dialog = CardInfoDialog(ctx, card.id, window)
    dialog.show()
    _settle(app, ctx)
    saved = dialog.grab().save(str(path))
    dialog.close()
    return bool(saved)


def _write_all(
    app: QApplication,
    out: Path,
    looks: Iterable[tuple[str, str]],
    written: list[Path],
    data_dir: Path | None,
) -> None:
    from studyapp.domain.studyday import utc_now
    from studyapp.gui.main_window import MainWindow
    from studyapp.services.demo import DEMO_NOW, build_demo

    with tempfile.TemporaryDirectory(prefix="studyapp-screens-") as tmp:
        folder = Path(tmp) / "collection"
        if data_dir is None:
            build_demo(folder)
            clock = lambda: DEMO_NOW  # noqa: E731 (the demo's today)
        else:
            _copy_collection(data_dir, folder)
            clock = utc_now
        for look, language in looks:
            prefs = QSettings(
                str(Path(tmp) / f"gui-{look}-{language}.ini"), QSettings.Format.IniFormat
            )
            prefs.setValue("theme", look)
            prefs.setValue("language", language)
            ctx = open_context(folder, prefs, app, clock=clock)
            if ctx is None:
                raise UsageError(f"the collection copied to {folder} could not be opened")
            window = MainWindow(ctx)
            window.resize(*SIZE)
            window.show()
            try:
                for name, put_on_screen in _views(window):
                    put_on_screen()
                    _settle(app, ctx)
                    path = out / f"{name}-{look}-{language}.png"
                    if not window.grab().save(str(path)):
                        raise UsageError(f"could not write {path}")
                    written.append(path)
                    if name == "review-question":
                        info = out / f"card-info-{look}-{language}.png"
                        if _card_info(window, app, ctx, info):
                            written.append(info)
            finally:
                window.close()
                _settle(app)
                ctx.collection.close()
