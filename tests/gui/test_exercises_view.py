"""The Exercises view driven as a learner drives it: typing a solution with the editor's own
indentation, running the grader (Ctrl+Enter) to a verdict, cancelling an endless loop, finding,
resetting, and an external editor's save graded on its own. Real collection, real sandbox."""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QDesktopServices, QTextCursor
from PySide6.QtWidgets import QMessageBox, QPlainTextEdit

from studyapp.db.collection import open_collection
from studyapp.domain.changes import Changes
from studyapp.fileutil import write_atomic
from studyapp.gui.context import AppContext
from studyapp.gui.fonts import install_fonts
from studyapp.gui.views.exercises import ExercisesView
from studyapp.gui.workers import Worker
from studyapp.services import exercises as service

pytestmark = pytest.mark.gui

NOW = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)
DATA = Path(__file__).resolve().parents[1] / "studyapp" / "grading_data" / "affine"
CORRECT = (DATA / "correct_reshape.py").read_text(encoding="utf-8").split("\n", 1)[1]
WRONG = (DATA / "wrong_db_wrong_axis.py").read_text(encoding="utf-8").split("\n", 1)[1]
ENDLESS = CORRECT.replace(
    "    out = x.reshape", "    while True:\n        pass\n    out = x.reshape"
)
GRADING_MS = 60_000  # ms: a grading takes about a second; generous for loaded CI machines


def _sandbox_children() -> set[int]:
    """Pids of grader children (processes running the harness) started by this test process;
    other processes' gradings (a parallel test run) do not count."""
    parents: dict[int, int] = {}
    commands: dict[int, bytes] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                commands[int(entry.name)] = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])

    def ours(pid: int) -> bool:
        while pid > 1:
            pid = parents.get(pid, 0)
            if pid == os.getpid():
                return True
        return False

    return {pid for pid, cmd in commands.items() if b"harness/child.py" in cmd and ours(pid)}


@pytest.fixture
def ctx(qapp: Any, tmp_path: Path) -> Iterator[AppContext]:
    col = open_collection(tmp_path / "data", clock=lambda: NOW, tz=UTC)
    prefs = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    context = AppContext(col, prefs, Worker(), install_fonts())
    yield context
    assert context.worker.shutdown(30_000), "a grading was still running"
    col.close()


@pytest.fixture
def view(qtbot: Any, ctx: AppContext) -> ExercisesView:
    widget = ExercisesView(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 850)
    widget.show()
    qtbot.waitExposed(widget)
    widget.on_shown()
    widget.select("affine")
    assert widget.exercise is not None and widget.exercise.id == "affine"
    return widget


def _clear(qtbot: Any, editor: QPlainTextEdit) -> None:
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    assert editor.toPlainText() == ""


def _type_code(qtbot: Any, editor: QPlainTextEdit, code: str) -> None:
    """Type `code` line by line as a learner would: the editor indents after ':' and keeps
    the level; Shift+Tab goes back a level, Tab goes in one."""
    _clear(qtbot, editor)
    for line in code.rstrip("\n").split("\n"):
        want = len(line) - len(line.lstrip(" "))
        block = editor.textCursor().block().text()
        have = len(block) - len(block.lstrip(" "))
        while have > want:
            qtbot.keyClick(editor, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
            block = editor.textCursor().block().text()
            have = len(block) - len(block.lstrip(" "))
        while have < want:
            qtbot.keyClick(editor, Qt.Key.Key_Tab)
            have += 4
        qtbot.keyClicks(editor, line.strip())
        qtbot.keyClick(editor, Qt.Key.Key_Return)


def _normalised(text: str) -> list[str]:
    return [line.rstrip() for line in text.rstrip().split("\n")]


def _run(qtbot: Any, view: ExercisesView) -> None:
    qtbot.keyClick(view.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.runner.running
    qtbot.waitUntil(lambda: not view.runner.running, timeout=GRADING_MS)


def _status(view: ExercisesView, exercise_id: str) -> str:
    return view.tree.items[exercise_id].text(2)


def test_a_typed_correct_solution_passes_and_is_stored(qtbot: Any, view: ExercisesView) -> None:
    announced: list[Changes] = []
    view.ctx.bus.changed.connect(announced.append)
    _type_code(qtbot, view.editor, CORRECT)
    assert _normalised(view.editor.toPlainText()) == _normalised(CORRECT)
    assert _status(view, "affine") == "not started"
    _run(qtbot, view)
    text = view.results.toPlainText()
    assert "Passed: every check passed." in text, text
    assert "In the sample models" in text and "98.1% of 98.1%" in text
    assert "✓" in text and "✗" not in text
    # saved before the run: the file graded is the one on disk
    assert (
        view.path is not None and view.path.read_text(encoding="utf-8") == view.editor.toPlainText()
    )
    assert not view.file.modified
    assert any(c.exercises and c.study_queues for c in announced)
    assert _status(view, "affine") == "passed"
    assert view.history.table.rowCount() == 1
    assert view.history.table.item(0, 2).text() == "passed"


def test_a_wrong_solution_fails_with_its_diagnosis_hints_and_related_cards(
    qtbot: Any, view: ExercisesView
) -> None:
    _type_code(qtbot, view.editor, WRONG)
    assert "Hint 1" not in view.statement.source_text  # no hint before asking or failing
    qtbot.mouseClick(view.hint_box.button, Qt.MouseButton.LeftButton)
    assert "Hint 1:" in view.statement.source_text and "Hint 2" not in view.statement.source_text
    assert view.hint_box.button.text() == "Show a hint (2 of 2)"
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.runner.running, timeout=GRADING_MS)
    text = view.results.toPlainText()
    assert "Not yet:" in text and "checks failed" in text
    assert "db is summed over the wrong axis" in text
    assert "Hints" in text and "Flatten each example first" in text
    assert "Hint 2:" in view.statement.source_text  # a failed run reveals every hint
    assert not view.hint_box.button.isEnabled()
    assert _status(view, "affine") == "failing"
    with qtbot.waitSignal(view.related_cards_requested, timeout=2000) as signal:
        _click_link(qtbot, view, "Review the related cards of lecture 4")
    assert signal.args == ['lecture:4 ("BackPropagation" or "Fully Connected")']

    # fix it through the find bar, run again, and compare the two submissions
    qtbot.keyClick(view.editor, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(view.pane.find_bar.field, "axis=1")
    qtbot.keyClick(view.pane.find_bar.field, Qt.Key.Key_Escape)
    assert view.editor.textCursor().selectedText() == "axis=1"
    qtbot.keyClicks(view.editor, "axis=0")
    _run(qtbot, view)
    assert "Passed" in view.results.toPlainText()
    table = view.history.table
    assert table.rowCount() == 2 and table.item(1, 2).text() == "failed"
    table.selectRow(0)
    qtbot.mouseClick(view.history.compare_button, Qt.MouseButton.LeftButton)
    dialog = view.history.dialog
    assert dialog is not None and dialog.isVisible()
    diff = dialog.text.toPlainText()
    assert "-    db = dout.sum(axis=1)" in diff and "+    db = dout.sum(axis=0)" in diff
    assert dialog.text.isReadOnly()
    lines = diff.split("\n")
    removed, added = (
        lines.index("-    db = dout.sum(axis=1)"),
        lines.index("+    db = dout.sum(axis=0)"),
    )
    assert _colors(dialog.text, removed) == {"#cf222e"} and _colors(dialog.text, added) == {
        "#1a7f37"
    }
    dialog.close()


def _click_link(qtbot: Any, view: ExercisesView, text: str) -> None:
    """Click the middle of the link whose text is `text` in the results panel."""
    browser = view.results
    cursor = browser.document().find(text)
    assert not cursor.isNull(), browser.toPlainText()
    cursor.setPosition(cursor.selectionStart() + len(text) // 2)
    browser.setTextCursor(cursor)
    browser.ensureCursorVisible()
    rect = browser.cursorRect(cursor)
    point = QPoint(rect.x(), rect.center().y())
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_cancel_kills_an_endless_loop_and_stores_nothing(qtbot: Any, view: ExercisesView) -> None:
    view.editor.setPlainText(ENDLESS)  # typed code is tested above; this is about cancelling
    before = _sandbox_children()
    qtbot.keyClick(view.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Checking: forward" in view.runner.step.text(), timeout=GRADING_MS)
    qtbot.wait(300)  # the child is spinning in the learner's loop now
    assert view.runner.running and view.runner.cancel_button.isEnabled()
    started = time.monotonic()
    qtbot.mouseClick(view.runner.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.runner.running, timeout=10_000)
    assert time.monotonic() - started < 5
    assert "Cancelled" in view.results.toPlainText()
    assert view.runner.step.text() == "Cancelled"
    assert _sandbox_children() <= before, "a sandbox child was left running"
    assert service.history(view.ctx.collection, "affine") == []
    assert _status(view, "affine") == "not started"
    assert view.run_button.isEnabled()


def test_the_event_loop_keeps_turning_while_grading(qtbot: Any, view: ExercisesView) -> None:
    chatty = CORRECT.replace(
        "    out = x.reshape", "    print('hello ' * 500)\n    out = x.reshape"
    )
    view.editor.setPlainText(chatty)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    started = time.monotonic()
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    during = len(ticks)
    qtbot.waitUntil(lambda: not view.runner.running, timeout=GRADING_MS)
    elapsed = time.monotonic() - started
    timer.stop()
    during = len(ticks) - during
    text = view.results.toPlainText()
    assert "Passed" in text and "What your code printed" in text and "hello hello" in text
    assert "more characters, not shown." in text  # only the start of the output is shown
    # every 20 ms ideally; a quarter of that on a loaded machine is still a live window
    assert during >= max(5, int(elapsed / 0.02 / 4)), (during, elapsed)
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert max(gaps) < 1.0, max(gaps)


def test_auto_indent_tab_dedent_and_undo(qtbot: Any, view: ExercisesView) -> None:
    editor = view.editor
    _clear(qtbot, editor)

    def line() -> str:
        return editor.textCursor().block().text()

    qtbot.keyClicks(editor, "def f(x):  # a comment")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert line() == "    "  # one level in after ':', comment and all
    qtbot.keyClicks(editor, "if x > 0:")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert line() == " " * 8
    qtbot.keyClicks(editor, "y = x")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert line() == " " * 8  # the level is kept
    qtbot.keyClick(editor, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert line() == "    "
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert line() == " " * 8
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)  # back a whole level in leading spaces
    assert line() == "    "
    qtbot.keyClicks(editor, "return y")
    assert "\t" not in editor.toPlainText()
    assert (
        editor.toPlainText() == "def f(x):  # a comment\n    if x > 0:\n        y = x\n    return y"
    )
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not editor.toPlainText().endswith("return y")
    qtbot.keyClick(
        editor,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert editor.toPlainText().endswith("return y")
    # Tab on a selection of lines indents them all; Shift+Tab takes it back
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert all(row.startswith("    ") for row in editor.toPlainText().split("\n"))
    qtbot.keyClick(editor, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert editor.toPlainText().startswith("def f(x):")
    # Ctrl+S saves crash-safely to the workspace file
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert view.path is not None and view.path.read_text(encoding="utf-8") == editor.toPlainText()


def test_find_bar_next_previous_and_wrap(qtbot: Any, view: ExercisesView) -> None:
    editor, bar = view.editor, view.pane.find_bar
    editor.setPlainText("a = 1\nb = a\nc = a + b\n")
    editor.moveCursor(QTextCursor.MoveOperation.Start)
    assert not bar.isVisible()
    qtbot.keyClick(editor, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert bar.isVisible() and bar.field.hasFocus()
    qtbot.keyClicks(bar.field, "a")  # found as it is typed: the first "a"
    assert editor.textCursor().selectionStart() == 0
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert editor.textCursor().selectionStart() == 10  # "b = a"
    qtbot.keyClick(bar.field, Qt.Key.Key_F3)
    assert editor.textCursor().selectionStart() == 16  # "c = a + b"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert editor.textCursor().selectionStart() == 0  # wrapped round
    qtbot.keyClick(bar.field, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert editor.textCursor().selectionStart() == 16  # backwards, wrapped round
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible() and editor.hasFocus()
    qtbot.keyClick(editor, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)  # from the editor
    assert editor.textCursor().selectionStart() == 10
    qtbot.keyClick(editor, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar.field.clear()
    qtbot.keyClicks(bar.field, "zzz")
    assert bar.status.text() == "Not found"


def test_reset_to_starter_after_confirming(
    qtbot: Any, view: ExercisesView, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    _type_code(qtbot, view.editor, "import numpy as np\n")
    qtbot.keyClick(view.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert view.exercise is not None and view.path is not None
    starter = view.exercise.starter.read_text(encoding="utf-8")
    qtbot.mouseClick(view.reset_button, Qt.MouseButton.LeftButton)
    assert asked and "starter" in asked[0]
    assert view.editor.toPlainText() == starter
    assert view.path.read_text(encoding="utf-8") == starter and not view.file.modified
    kept = list((view.path.parent / "history").glob("affine-*.py"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8").startswith("import numpy")
    qtbot.keyClick(view.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.editor.toPlainText().startswith("import numpy")  # the editor can undo a reset


def test_a_save_in_an_external_editor_is_reloaded_and_graded(
    qtbot: Any, view: ExercisesView, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices,
        "openUrl",
        staticmethod(lambda url: opened.append(url.toLocalFile()) or True),
    )
    qtbot.mouseClick(view.external_button, Qt.MouseButton.LeftButton)
    assert view.path is not None and opened == [str(view.path)]
    write_atomic(view.path, CORRECT)  # an editor's save: a new file renamed over the old one
    qtbot.waitUntil(
        lambda: view.runner.running or "Passed" in view.results.toPlainText(), timeout=10_000
    )
    qtbot.waitUntil(lambda: not view.runner.running, timeout=GRADING_MS)
    assert view.editor.toPlainText() == CORRECT and not view.file.modified
    assert "Passed" in view.results.toPlainText()
    # the watch survives the rename: a second save is graded too
    write_atomic(view.path, WRONG)
    qtbot.waitUntil(
        lambda: "db is summed over the wrong axis" in view.results.toPlainText(), timeout=GRADING_MS
    )
    assert view.editor.toPlainText() == WRONG
    qtbot.waitUntil(lambda: not view.runner.running, timeout=GRADING_MS)
    # with unsaved edits in the editor a change on disk is not taken in
    qtbot.keyClicks(view.editor, "# mine")
    write_atomic(view.path, CORRECT)
    qtbot.waitUntil(lambda: "unsaved edits" in view.notice.text(), timeout=10_000)
    assert "# mine" in view.editor.toPlainText() and not view.runner.running


def test_a_read_only_collection_shows_exercises_but_does_not_grade(
    qtbot: Any, tmp_path: Path, qapp: Any
) -> None:
    open_collection(tmp_path / "ro", clock=lambda: NOW, tz=UTC).close()
    col = open_collection(tmp_path / "ro", readonly=True, clock=lambda: NOW, tz=UTC)
    prefs = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(col, prefs, Worker(), install_fonts(), language="ko",
                     readonly_reason="opened read-only")  # fmt: skip
    try:
        view = ExercisesView(ctx)
        qtbot.addWidget(view)
        view.show()
        view.select("affine")
        assert view.tree.items["affine"].text(0) == "Affine (완전 연결) 계층"
        assert "Affine" in view.statement.source_text and "계층" in view.statement.source_text
        assert "grading is unavailable" in view.notice.text()
        assert not view.run_button.isEnabled() and not view.reset_button.isEnabled()
        assert view.editor.isReadOnly() and "def affine_forward" in view.editor.toPlainText()
        qtbot.keyClick(view.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert not view.runner.running
        assert not (tmp_path / "ro" / "workspace").exists()  # nothing written
    finally:
        assert ctx.worker.shutdown(30_000)
        col.close()


def _colors(editor: QPlainTextEdit, line: int) -> set[str]:
    layout = editor.document().findBlockByNumber(line).layout()
    return {r.format.foreground().color().name() for r in layout.formats()}


def test_python_is_coloured_and_an_open_string_recolours_the_lines_below(
    qtbot: Any, view: ExercisesView
) -> None:
    editor = view.editor
    editor.setPlainText(
        'import numpy as np\n\ndef f(x):\n    """Doc\n    more\n    """\n    return x\n'
    )
    qtbot.wait(10)
    keyword, doc, string = "#cf222e", "#57606a", "#0a3069"  # the light theme's colours
    assert keyword in _colors(editor, 0) and keyword in _colors(editor, 2)
    assert _colors(editor, 4) == {doc}  # inside the docstring, though Pygments sees one line
    assert keyword in _colors(editor, 6)
    cursor = QTextCursor(editor.document().findBlockByNumber(1))
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, 's = """')  # a string opened above: the lines below are in it
    assert _colors(editor, 2) == {string} and _colors(editor, 3) == {string}
    assert doc in _colors(editor, 5)  # and the old closing quote now opens a docstring
    for _ in range(7):
        qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    assert keyword in _colors(editor, 2) and _colors(editor, 4) == {doc}
