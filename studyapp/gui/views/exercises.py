"""Exercises: the catalog by lecture with each exercise's status, its statement and hints, an
editor on the learner's workspace file, and grading in the sandbox off the GUI thread with a
report of every check, the submission history and a diff between two submissions.

The workspace file is the truth: the editor saves to it before each run, and when it changes
on disk (an external editor) the editor reloads it, unless it holds unsaved edits of its own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studyapp import paths
from studyapp.domain.changes import Changes
from studyapp.domain.errors import StudyappError
from studyapp.domain.grading import GradeReport, RunVerdict
from studyapp.grading.catalog import Exercise
from studyapp.gui.context import AppContext
from studyapp.gui.dialogs.errors import show_error
from studyapp.gui.fonts import mono_font
from studyapp.gui.widgets.code_editor import EditorPane
from studyapp.gui.widgets.exercise_tree import ExerciseTree
from studyapp.gui.widgets.grade_results import GradeResults, HintBox
from studyapp.gui.widgets.grade_runner import GradeRunner
from studyapp.gui.widgets.markdown_view import MarkdownView
from studyapp.gui.widgets.submission_history import SubmissionHistory
from studyapp.gui.widgets.workspace_file import WorkspaceFile
from studyapp.services import exercises as service


class ExercisesView(QWidget):
    related_cards_requested = Signal(str)  # a browse search, e.g. lecture:4 "BackPropagation"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("exercisesView")
        self.exercise: Exercise | None = None
        self.path: Path | None = None
        self._statement = ""
        self._regrade_pending = False
        self._external: set[str] = set()  # exercises opened in an external editor
        self._reports: dict[str, GradeReport] = {}
        self._build()
        self.file = WorkspaceFile(self.editor, self)
        self.file.reloaded.connect(self._on_file_reloaded)
        self.file.conflict.connect(self._on_file_conflict)
        for key, slot in (("Ctrl+Return", self.run_checks), ("Ctrl+Enter", self.run_checks),
                          ("Ctrl+S", self.save), ("Escape", self.cancel)):  # fmt: skip
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        ctx.bus.changed.connect(self._on_bus_changed)
        self.refresh()

    # -- layout --------------------------------------------------------------------------------

    def _button(self, text: str, name: str, slot, row: QHBoxLayout) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def _build(self) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        QVBoxLayout(self).addWidget(splitter)
        self.tree = ExerciseTree(self.ctx.theme, self.ctx.language)
        self.tree.exercise_selected.connect(self._on_tree_exercise_selected)
        splitter.addWidget(self.tree)
        right = QWidget()
        layout = QVBoxLayout(right)
        self.title = QLabel()
        self.title.setObjectName("exerciseTitle")
        self.notice = QLabel()
        self.notice.setObjectName("exerciseNotice")
        self.notice.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.notice)
        self.results = GradeResults()
        self.results.related_requested.connect(self._on_results_related_requested)
        parts = QSplitter(Qt.Orientation.Vertical)
        parts.addWidget(self._build_info())
        parts.addWidget(self._build_editor())
        parts.addWidget(self.results)
        parts.setSizes([260, 420, 260])
        layout.addWidget(parts, 1)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)  # a wider window widens the editor, not the list
        self._set_enabled()

    def _build_info(self) -> QWidget:
        """The statement with its hints, and the history, as two tabs."""
        self.info = QTabWidget()
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.statement = MarkdownView()
        self.statement.setObjectName("statement")
        self.hint_box = HintBox()
        self.hint_box.changed.connect(self._on_hint_box_changed)
        layout.addWidget(self.statement, 1)
        layout.addWidget(self.hint_box)
        self.info.addTab(page, self.tr("Statement"))
        self.history = SubmissionHistory(self.ctx)
        self.info.addTab(self.history, self.tr("History"))
        return self.info

    def _build_editor(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.run_button = self._button(self.tr("Run checks"), "runChecks", self.run_checks, row)
        self.run_button.setToolTip(self.tr("Save and grade your file (Ctrl+Enter)"))
        self.save_button = self._button(self.tr("Save"), "saveFile", self.save, row)
        self.save_button.setToolTip(self.tr("Save your file (Ctrl+S)"))
        self.runner = GradeRunner(self.ctx, self.results.label)
        self.runner.graded.connect(self._on_runner_graded)
        self.runner.stopped.connect(self._on_runner_stopped)
        row.addWidget(self.runner, 1)
        self.external_button = self._button(
            self.tr("Open in external editor"), "openExternal", self.open_external, row
        )
        self.reset_button = self._button(
            self.tr("Reset to starter"), "resetStarter", self.reset_to_starter, row
        )
        layout.addLayout(row)
        font = mono_font(self.ctx.korean_family, self.ctx.font_size)
        self.pane = EditorPane(font, self.ctx.theme == "dark")
        self.editor = self.pane.editor
        self.editor.run_requested.connect(self.run_checks)
        self.editor.save_requested.connect(self.save)
        layout.addWidget(self.pane, 1)
        return page

    # -- catalog -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Redraw the tree with each exercise's status, keeping the selection."""
        rows = service.list_exercises(self.ctx.collection)
        self.tree.set_rows(rows, self.exercise.id if self.exercise is not None else None)
        self._show_title()

    def select(self, exercise_id: str) -> None:
        if not self.tree.select(exercise_id):
            self._notify(self.tr("There is no exercise %1.").replace("%1", exercise_id))

    def on_shown(self) -> None:
        self.refresh()
        first = self.tree.first()
        if self.exercise is None and first is not None:
            self.tree.select(first)
        elif self.exercise is not None:
            self.file.take_in()

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.exercises:
            self.refresh()
            self.history.refresh()

    def _on_tree_exercise_selected(self, exercise_id: str) -> None:
        if self.exercise is None or exercise_id != self.exercise.id:
            self.load(exercise_id)

    # -- one exercise --------------------------------------------------------------------------

    def load(self, exercise_id: str) -> None:
        if self.file.modified:
            self.save()  # switching exercises never loses typing
        col, language = self.ctx.collection, self.ctx.language
        try:
            if self.ctx.readonly_reason:  # read, never write: not even the starter copy
                exercise = service.exercise(exercise_id)
                statement = exercise.statement(language)
                hints = exercise.hints_ko if language == "ko" else exercise.hints
                path = paths.workspace_dir(col.folder) / f"{exercise.id}.py"
                source = path if path.is_file() else exercise.starter
                text = source.read_text(encoding="utf-8", errors="replace")
            else:
                detail = service.show(col, exercise_id, language)
                exercise, statement, hints, path = (detail.exercise, detail.statement,
                                                    detail.hints, detail.workspace)  # fmt: skip
                text = path.read_text(encoding="utf-8", errors="replace")
        except (StudyappError, OSError) as err:
            show_error(self, err)
            return
        self.exercise, self.path = exercise, path
        self._statement = statement
        self.hint_box.set_hints(hints)  # draws the statement
        self.statement.verticalScrollBar().setValue(0)
        self.file.open(path, text)
        self.history.set_exercise(exercise.id)
        self._notify(self._readonly_notice())
        report = self._reports.get(exercise.id) or service.last_report(
            self.ctx.collection, exercise.id
        )
        if report is not None:
            self._show_report(report)
        else:
            self.results.show_message(self.tr("Run the checks (Ctrl+Enter) to grade your file."))
        self._show_title()  # not refresh(): that would delete the tree item being clicked
        self._set_enabled()

    def _show_title(self) -> None:
        self.title.setText(self.tree.summary(self.exercise.id) if self.exercise else "")

    def _readonly_notice(self) -> str:
        if not self.ctx.readonly_reason:
            return ""
        text = self.tr("The collection is read-only (%1): you can read the exercises, but "
                       "grading is unavailable, as each grading stores a submission.")  # fmt: skip
        return text.replace("%1", self.ctx.readonly_reason)

    def _notify(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _on_hint_box_changed(self, asked: bool) -> None:
        hints = self.hint_box.markdown()
        text = f"{self._statement}\n\n---\n\n{hints}" if hints else self._statement
        bar = self.statement.verticalScrollBar()
        position = bar.value()
        dark = self.ctx.theme == "dark"
        size, color = self.ctx.font_size, self.ctx.text_color
        self.statement.set_markdown(text, point_size=size, color=color, dark=dark)
        # a hint asked for is scrolled into view; otherwise the reader's place is kept
        bar.setValue(bar.maximum() if asked else position)

    def related_search(self) -> str:
        assert self.exercise is not None
        titles = [f'"{t.replace(chr(34), "")}"' for t in self.exercise.related]
        if not titles:
            return f"lecture:{self.exercise.lecture}"
        joined = titles[0] if len(titles) == 1 else "(" + " or ".join(titles) + ")"
        return f"lecture:{self.exercise.lecture} {joined}"

    def _on_results_related_requested(self) -> None:
        if self.exercise is not None:
            self.related_cards_requested.emit(self.related_search())

    # -- the file ------------------------------------------------------------------------------

    def save(self) -> bool:
        if self.path is None or self.ctx.readonly_reason:
            return False
        try:
            self.file.save()
        except OSError as err:
            show_error(self, err)
            return False
        return True

    def hideEvent(self, event: QHideEvent) -> None:  # another tab, or the window closing
        if self.file.modified and not self.ctx.readonly_reason:
            self.save()
        super().hideEvent(event)

    def _on_file_reloaded(self) -> None:
        """The file changed on disk: regrade it when the learner edits it in their editor."""
        exercise = self.exercise
        if exercise is None or exercise.id not in self._external or self.ctx.readonly_reason:
            return
        if self.runner.running:
            self._regrade_pending = True
        else:
            self.run_checks()

    def _on_file_conflict(self) -> None:
        self._notify(
            self.tr(
                "The file changed on disk, but the editor has unsaved edits: saving here "
                "keeps the editor's version."
            )
        )

    def open_external(self) -> None:
        if self.exercise is None or self.path is None or not self.save():
            return
        self._external.add(self.exercise.id)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))
        self._notify(self.tr("Each time you save the file in your editor, it is graded here."))

    def reset_to_starter(self) -> None:
        if self.exercise is None or self.ctx.readonly_reason:
            return
        question = self.tr(
            "Put the blank starter back? Your current file is kept in workspace/history."
        )
        answer = QMessageBox.question(self, self.tr("Reset to starter"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            path = service.reset(self.ctx.collection, self.exercise.id)
            text = path.read_text(encoding="utf-8")
        except (StudyappError, OSError) as err:
            show_error(self, err)
            return
        self.file.replace(text)  # Ctrl+Z brings the old text back into the editor
        self._reports.pop(self.exercise.id, None)
        self.hint_box.set_hints(self.hint_box.hints)
        self.results.show_message(self.tr("The starter is back. Run the checks (Ctrl+Enter) "
                                          "to grade your file."))  # fmt: skip

    # -- grading -------------------------------------------------------------------------------

    def _set_enabled(self) -> None:
        writable = self.exercise is not None and not self.ctx.readonly_reason
        running = self.runner.running
        self.run_button.setEnabled(writable and not running)
        self.reset_button.setEnabled(writable and not running)
        self.save_button.setEnabled(writable)
        self.external_button.setEnabled(writable)
        self.editor.setReadOnly(not writable)

    def run_checks(self) -> None:
        """Save, then grade the workspace file in the sandbox, off the GUI thread."""
        if self.exercise is None or self.ctx.readonly_reason or self.runner.running:
            return
        self.file.take_in()  # an external save not yet taken in is not overwritten
        if (self.file.modified or self.path is None or not self.path.exists()) and not self.save():
            return
        self.runner.start(self.exercise.id)
        self.results.show_message(self.tr("Grading…"))
        self._set_enabled()

    def cancel(self) -> None:
        self.runner.cancel()

    def _on_runner_graded(self, exercise_id: str, report: GradeReport) -> None:
        self._reports[exercise_id] = report
        if self.exercise is not None and self.exercise.id == exercise_id:
            self._show_report(report)
        self._after_grading()

    def _on_runner_stopped(self, exercise_id: str, err: BaseException | None) -> None:
        """Cancelled between two checks (err None), or the grading itself failed."""
        if self.exercise is None or self.exercise.id != exercise_id:
            pass  # another exercise is on screen now
        elif err is None:
            self.results.show_message(
                self.tr("Cancelled: the grading was stopped and nothing was stored.")
            )
        else:
            self.results.show_message(self.tr("The grading could not run."))
        if err is not None:
            show_error(self, err)
        self._after_grading()

    def _after_grading(self) -> None:
        self._set_enabled()
        if self._regrade_pending:  # the file changed on disk while it was being graded
            self._regrade_pending = False
            QTimer.singleShot(0, self, self.run_checks)  # self as context: never after it is gone

    def _show_report(self, report: GradeReport) -> None:
        assert self.exercise is not None
        if not report.passed and report.verdict is not RunVerdict.CANCELLED:
            self.hint_box.reveal_all()  # every hint is shown once a run fails
        notes = [h for h in report.hints if h not in self.exercise.hints]  # the service's notes
        related = self.tr("Review the related cards of lecture %1").replace(
            "%1", str(self.exercise.lecture)
        )
        dark = self.ctx.theme == "dark"
        self.results.show_report(
            report, hints=[*self.hint_box.hints, *notes], related=related, dark=dark
        )
