"""The main window: views made on first use, keyboard navigation, views that hand over to
each other, the event loop turning while a grading runs, closing mid-grading, the look
rebuilt, one instance per collection, and the screenshots command."""

from __future__ import annotations

import stat
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtGui import QImage

from studyapp.gui import i18n, theme
from studyapp.gui.app import SingleInstance, open_context, preferences
from studyapp.gui.context import AppContext
from studyapp.gui.main_window import MainWindow
from studyapp.services import exercises as service

pytestmark = pytest.mark.gui

LOOPS_FOREVER = """import numpy as np


def affine_forward(x, w, b):
    while True:
        pass


def affine_backward(dout, cache):
    return None
"""


@pytest.fixture
def window(qtbot: Any, ctx: AppContext) -> MainWindow:
    made = MainWindow(ctx)
    qtbot.addWidget(made)
    made.show()
    return made


def test_only_home_is_made_at_start_and_alt_digits_switch_views(
    qtbot: Any, window: MainWindow
) -> None:
    assert set(window._views) == {"home"}
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert window.current_view() == "review" and window.review.card is not None
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert window.current_view() == "browse" and "browse" in window._views
    assert set(window._views) == {"home", "review", "browse"}


def test_study_from_home_starts_that_deck(qtbot: Any, window: MainWindow) -> None:
    window.home.study_requested.emit("CS231n")
    assert window.current_view() == "review"
    assert window.review.card is not None and window.review.card.deck == "CS231n"


def test_an_exercises_related_cards_open_in_browse(qtbot: Any, window: MainWindow) -> None:
    window.show_view("exercises")
    window.exercises.select("affine")
    query = window.exercises.related_search()
    window.exercises.related_cards_requested.emit(query)
    assert window.current_view() == "browse" and window.browse.search.text() == query
    assert window.browse.model.ids  # the lecture's cards


def test_the_event_loop_turns_while_a_grading_runs_and_closing_cancels_it(
    qtbot: Any, ctx: AppContext, window: MainWindow
) -> None:
    window.show_view("exercises")
    window.exercises.select("affine")
    service.workspace(ctx.collection, "affine").write_text(LOOPS_FOREVER, encoding="utf-8")
    window.exercises.file.take_in()
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(50)
    window.exercises.run_checks()
    assert window.exercises.runner.running
    qtbot.wait(1500)
    assert len(ticks) >= 15  # the GUI thread kept turning: ~30 ticks expected
    started = time.monotonic()
    window.close()  # cancels the grading: its sandbox is killed, the pool drains
    assert time.monotonic() - started < 5
    assert QThreadPool.globalInstance().activeThreadCount() == 0
    qtbot.waitUntil(lambda: not ctx.worker.busy(), timeout=2000)  # its callback ran too
    timer.stop()


def test_changing_the_look_rebuilds_the_views_in_korean_and_dark(
    qtbot: Any, ctx: AppContext, window: MainWindow
) -> None:
    from PySide6.QtWidgets import QApplication

    window.show_view("settings")
    settings = window.settings
    settings.theme.setCurrentIndex(settings.theme.findData("dark"))
    settings.language.setCurrentIndex(settings.language.findData("ko"))
    try:
        settings.apply_look()
        qtbot.wait(10)
        assert (ctx.theme, ctx.language) == ("dark", "ko")
        assert window.tabs.tabText(0) == "홈" and window.current_view() == "settings"
        assert window.settings is not settings  # a new view, in the new look
    finally:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        i18n.install(app, "en")
        theme.apply(app, "light")


def test_a_second_start_on_the_same_collection_finds_the_first(tmp_path: Path, qapp: Any) -> None:
    first, second = SingleInstance(tmp_path), SingleInstance(tmp_path)
    try:
        assert not first.already_running()
        assert second.already_running()
        assert not SingleInstance(tmp_path / "other").already_running()
    finally:
        if first.server is not None:
            first.server.close()


@pytest.mark.parametrize("existing", [False, True])
def test_the_preferences_file_is_private_like_the_collection(
    tmp_path: Path, qapp: Any, existing: bool
) -> None:
    from studyapp.services.collection import open_for_writing

    folder = tmp_path / "collection"
    open_for_writing(folder).collection.close()
    ini = folder / "gui.ini"
    if existing:  # written by an older version with the default umask
        ini.write_text("[General]\nfont_size=11\n", encoding="utf-8")
        ini.chmod(0o644)
    prefs = preferences(folder)
    ctx = open_context(folder, prefs, qapp)
    assert ctx is not None
    try:
        prefs.setValue("theme", "light")
        prefs.sync()
        assert stat.S_IMODE(ini.stat().st_mode) == 0o600
        assert "theme=light" in ini.read_text(encoding="utf-8")
        assert ("font_size=11" in ini.read_text(encoding="utf-8")) is existing
    finally:
        assert ctx.worker.shutdown(30_000)
        ctx.collection.close()
        i18n.install(qapp, "en")  # open_context followed the system's look and language
        theme.apply(qapp, "light")


def test_screenshots_of_every_view(tmp_path: Path, qapp: Any) -> None:
    from studyapp.gui.screenshots import write_screenshots

    written = write_screenshots(tmp_path / "shots", looks=[("dark", "ko")])
    views = ("home", "review-question", "card-info", "review-answer", "quiz", "browse",
             "exercises", "progress", "settings")  # fmt: skip
    assert sorted(p.name for p in written) == sorted(f"{v}-dark-ko.png" for v in views)
    for path in written:
        image = QImage(str(path))
        if path.name.startswith("card-info"):
            assert image.width() > 200 and image.height() > 200, path
            continue
        assert (image.width(), image.height()) == (1280, 820), path
        assert image.pixelColor(640, 5).lightness() < 80, f"{path} is not dark"


def test_screenshots_of_the_learners_own_collection_leave_it_untouched(
    tmp_path: Path, ctx: AppContext
) -> None:
    import hashlib

    from studyapp.gui.screenshots import write_screenshots

    original = ctx.collection.path
    before = hashlib.sha256(original.read_bytes()).hexdigest()
    written = write_screenshots(tmp_path / "mine", looks=[("light", "en")],
                                data_dir=ctx.collection.folder)  # fmt: skip
    assert len(written) == 9
    assert hashlib.sha256(original.read_bytes()).hexdigest() == before
