"""Screenshots of every view, in light and dark, English and Korean, of a demo collection
(`studyapp gui --screenshots DIR`): for the README, and for looking at the app as a learner
sees it without a display (Qt draws offscreen)."""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

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
    yield "quiz", show("quiz")
    yield "browse", show("browse")
    yield "exercises", exercise_with_diagnosis
    yield "progress", show("progress")
    yield "settings", show("settings")


def write_screenshots(out: Path, *, looks: Iterable[tuple[str, str]] = LOOKS) -> list[Path]:
    """Write `<view>-<theme>-<language>.png` for every view and look; returns the paths."""
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
        _write_all(app, out, looks, written)
    finally:  # the app as it was: English, its theme, its messages
        i18n.install(app, "en")
        theme.apply(app, before)
        qInstallMessageHandler(previous)
    return written


def _write_all(
    app: QApplication, out: Path, looks: Iterable[tuple[str, str]], written: list[Path]
) -> None:
    from studyapp.gui.main_window import MainWindow
    from studyapp.services.demo import DEMO_NOW, build_demo

    with tempfile.TemporaryDirectory(prefix="studyapp-demo-") as tmp:
        folder = Path(tmp) / "demo"
        build_demo(folder)
        for look, language in looks:
            prefs = QSettings(
                str(Path(tmp) / f"gui-{look}-{language}.ini"), QSettings.Format.IniFormat
            )
            prefs.setValue("theme", look)
            prefs.setValue("language", language)
            ctx = open_context(folder, prefs, app, clock=lambda: DEMO_NOW)  # the demo's today
            if ctx is None:
                raise UsageError(f"the demo collection in {folder} could not be opened")
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
            finally:
                window.close()
                _settle(app)
                ctx.collection.close()
