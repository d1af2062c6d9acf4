"""A grading off the GUI thread: a progress bar, the check being run, and Cancel, which kills
the sandbox's child (the job's cancel Event stops it within half a second).

The grading's result reaches the bus even when the widget is gone meanwhile (the main window
rebuilds its views when the language changes): the service stored the submission anyway."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from studyapp.domain.grading import GradeReport, RunVerdict
from studyapp.gui.context import AppContext
from studyapp.gui.workers import TaskHandle
from studyapp.jobs import Progress
from studyapp.services import exercises as service


class GradeRunner(QWidget):
    graded = Signal(str, object)  # exercise id, GradeReport (a cancelled one too)
    stopped = Signal(str, object)  # exercise id, and None (cancelled between checks) or the error

    def __init__(
        self, ctx: AppContext, label: Callable[[str], str], parent: QWidget | None = None
    ) -> None:
        """`label` names a check for the learner (GradeResults.label)."""
        super().__init__(parent)
        self.ctx = ctx
        self._label = label
        self.handle: TaskHandle | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.progress = QProgressBar()
        self.progress.setObjectName("gradeProgress")
        self.step = QLabel()
        self.step.setObjectName("gradeStep")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelGrading")
        self.cancel_button.setToolTip(self.tr("Stop the grading (Esc)"))
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.progress, 1)
        row.addWidget(self.step, 1)
        row.addWidget(self.cancel_button)
        self._show(False)

    @property
    def running(self) -> bool:
        return self.handle is not None and self.handle.running

    def _show(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.cancel_button.setEnabled(running)

    def start(self, exercise_id: str) -> None:
        if self.running:
            return
        col, bus = self.ctx.collection, self.ctx.bus

        def done(report: GradeReport) -> None:
            if shiboken6.isValid(self):
                self._finish(self.tr("Cancelled") if report.verdict is RunVerdict.CANCELLED else "")
                self.graded.emit(exercise_id, report)
            if report.verdict is not RunVerdict.CANCELLED:
                bus.announce(service.EXERCISE_CHANGES)

        def stopped(err: BaseException | None) -> None:
            if shiboken6.isValid(self):
                self._finish(self.tr("Cancelled") if err is None else "")
                self.stopped.emit(exercise_id, err)

        self.handle = self.ctx.worker.submit(
            lambda cancel: service.grade_exercise_job(col, exercise_id, cancel=cancel),
            done=done,
            error=stopped,
            cancelled=lambda: stopped(None),
            progress=lambda p: self._on_progress(p) if shiboken6.isValid(self) else None,
        )
        self.progress.setRange(0, 0)  # busy until the first step is known
        self.step.setText(self.tr("Starting…"))
        self._show(True)

    def cancel(self) -> None:
        if self.handle is not None and self.handle.running:
            self.handle.cancel()
            self.step.setText(self.tr("Cancelling…"))
            self.cancel_button.setEnabled(False)

    def _finish(self, step: str) -> None:
        self.handle = None
        self.step.setText(step)
        self._show(False)

    def _on_progress(self, progress: Progress) -> None:
        if progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(progress.done)
        steps = {
            "reading your file": self.tr("Reading your file"),
            "starting the sandbox": self.tr("Starting the sandbox"),
            "saving the result": self.tr("Saving the result"),
        }
        message = progress.message
        if message.startswith("checking: "):
            name = self._label(message.removeprefix("checking: "))
            self.step.setText(self.tr("Checking: %1").replace("%1", name))
        else:
            self.step.setText(steps.get(message, message))
