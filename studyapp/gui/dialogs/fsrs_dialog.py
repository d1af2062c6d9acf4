"""FSRS for a deck, as Anki's deck options: how well the current parameters predict the
learner's recall, a fit to their own reviews (applied only when it predicts better, cards
optionally rescheduled after a backup), earlier fits, and the workload simulator."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studyapp.domain.errors import StudyappError
from studyapp.gui.context import AppContext
from studyapp.gui.dialogs.errors import show_error
from studyapp.gui.workers import TaskHandle


def _score(score: Any) -> str:
    return "-" if score is None else f"{score.log_loss:.4f} / {score.rmse_bins:.4f}"


class FsrsDialog(QDialog):
    def __init__(self, ctx: AppContext, deck: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.deck = ctx, deck
        self.task: TaskHandle | None = None
        self.fit_id: int | None = None
        self.setObjectName("fsrsDialog")
        self.setWindowTitle(self.tr("FSRS: %1").replace("%1", deck or self.tr("all decks")))
        tabs = QTabWidget()
        tabs.addTab(self._optimize_tab(), self.tr("Parameters"))
        tabs.addTab(self._workload_tab(), self.tr("Workload"))
        self.tabs = tabs
        self.progress = QProgressBar()
        self.progress.setObjectName("fsrsProgress")
        self.progress.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)
        self.resize(900, 620)
        self.refresh()

    # -- parameters ----------------------------------------------------------------------------

    def _optimize_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.current = QLabel()
        self.current.setObjectName("fsrsCurrent")
        self.current.setWordWrap(True)
        layout.addWidget(self.current)
        row = QHBoxLayout()
        self.optimize_button = QPushButton(self.tr("Optimize on my reviews"))
        self.optimize_button.setObjectName("fsrsOptimize")
        self.optimize_button.clicked.connect(self.optimize)
        self.apply_button = QPushButton(self.tr("Use the fitted parameters"))
        self.apply_button.setObjectName("fsrsApply")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        self.reschedule = QCheckBox(self.tr("Also reschedule cards (a backup is taken first)"))
        self.reschedule.setObjectName("fsrsReschedule")
        row.addWidget(self.optimize_button)
        row.addWidget(self.apply_button)
        row.addWidget(self.reschedule)
        row.addStretch(1)
        layout.addLayout(row)
        self.outcome = QLabel()
        self.outcome.setObjectName("fsrsResult")
        self.outcome.setWordWrap(True)
        layout.addWidget(self.outcome)
        layout.addWidget(
            QLabel(self.tr("Earlier fits (log loss / RMSE of the bins; lower is better)"))
        )
        self.history = QTableWidget(0, 5)
        self.history.setObjectName("fsrsHistory")
        self.history.setHorizontalHeaderLabels(
            [
                self.tr("Fitted"),
                self.tr("Reviews"),
                self.tr("Before"),
                self.tr("After"),
                self.tr("Applied"),
            ]
        )
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.verticalHeader().setVisible(False)
        layout.addWidget(self.history, 1)
        return page

    def refresh(self) -> None:
        from studyapp.services.optimize import evaluate, fit_history

        try:
            report = evaluate(self.ctx.collection, self.deck)
            fits = fit_history(self.ctx.collection, self.deck)
        except StudyappError as err:
            self.current.setText(str(err))
            return
        which = self.tr("fitted to your reviews") if report.fitted else self.tr("the FSRS defaults")
        text = self.tr("Scheduling uses %1. On your %2 reviews they score %3 (log loss / RMSE).")
        self.current.setText(
            text.replace("%1", which)
            .replace("%2", str(report.items))
            .replace("%3", _score(report.score))
        )
        self.history.setRowCount(len(fits))
        tz = self.ctx.collection.tz
        for row, fit in enumerate(fits):
            values = [
                f"{fit.fitted_at.astimezone(tz):%Y-%m-%d %H:%M}",
                str(fit.items),
                _score(fit.before),
                _score(fit.after),
                "✓" if fit.applied else "",
            ]
            for column, value in enumerate(values):
                self.history.setItem(row, column, QTableWidgetItem(value))

    def _busy(self, busy: bool) -> None:
        self.optimize_button.setEnabled(not busy)
        self.simulate_button.setEnabled(not busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)

    def _on_progress(self, progress: Any) -> None:
        if progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(progress.done)
        self.progress.setFormat(progress.message)

    def optimize(self) -> None:
        from studyapp.services.optimize import optimize_job

        if self.ctx.readonly_reason:
            show_error(self, StudyappError(self.ctx.readonly_reason))
            return
        col, deck = self.ctx.collection, self.deck
        self._busy(True)
        self.task = self.ctx.worker.submit(
            lambda _cancel: optimize_job(col, deck),
            done=self._on_optimized,
            error=self._on_error,
            progress=self._on_progress,
            cancelled=lambda: self._busy(False),
        )

    def _on_optimized(self, report: Any) -> None:
        self._busy(False)
        self.fit_id = report.fit_id if report.better else None
        self.apply_button.setEnabled(report.better)
        verdict = (
            self.tr("The fit predicts your recall better: use it?")
            if report.better
            else self.tr("The fit does not predict better than the current parameters; they stay.")
        )
        lines = [
            self.tr("Current: %1").replace("%1", _score(report.before)),
            self.tr("Fitted: %1").replace("%1", _score(report.after)),
            self.tr("Out of sample: %1").replace("%1", _score(report.out_of_sample)),
            verdict,
        ]
        self.outcome.setText("\n".join(lines))
        self.refresh()

    def apply(self) -> None:
        from studyapp.services.optimize import apply_fit

        if self.fit_id is None:
            return
        try:
            applied = apply_fit(self.ctx.collection, self.fit_id)
        except StudyappError as err:
            show_error(self, err)
            return
        self.ctx.bus.announce(applied.changes)
        self.apply_button.setEnabled(False)
        self.outcome.setText(self.tr("Applied to %1.").replace("%1", ", ".join(applied.decks)))
        self.refresh()
        if self.reschedule.isChecked():
            from studyapp.services.reschedule import reschedule_job

            col, deck = self.ctx.collection, self.deck
            self._busy(True)
            self.task = self.ctx.worker.submit(
                lambda _cancel: reschedule_job(col, deck),
                done=self._on_rescheduled,
                error=self._on_error,
                progress=self._on_progress,
            )

    def _on_rescheduled(self, report: Any) -> None:
        self._busy(False)
        self.ctx.bus.announce(report.changes)
        self.outcome.setText(self.outcome.text() + "\n" + report.summary())

    def _on_error(self, err: BaseException) -> None:
        self._busy(False)
        show_error(self, err)

    # -- workload ------------------------------------------------------------------------------

    def _workload_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Days")))
        self.days = QSpinBox()
        self.days.setObjectName("simulateDays")
        self.days.setRange(7, 3650)
        self.days.setValue(365)
        row.addWidget(self.days)
        row.addWidget(QLabel(self.tr("Desired retentions")))
        self.retentions = QLineEdit("0.80 0.85 0.90 0.95")
        self.retentions.setObjectName("simulateRetentions")
        row.addWidget(self.retentions, 1)
        self.simulate_button = QPushButton(self.tr("Simulate"))
        self.simulate_button.setObjectName("simulate")
        self.simulate_button.clicked.connect(self.simulate)
        row.addWidget(self.simulate_button)
        layout.addLayout(row)
        self.workload_text = QLabel()
        self.workload_text.setObjectName("workloadSummary")
        self.workload_text.setWordWrap(True)
        layout.addWidget(self.workload_text)
        self.chart_holder = QVBoxLayout()
        layout.addLayout(self.chart_holder, 1)
        self.chart: Any = None
        return page

    def simulate(self) -> None:
        from studyapp.services.workload import simulate

        try:
            retentions = [float(v) for v in self.retentions.text().replace(",", " ").split()]
        except ValueError:
            self.workload_text.setText(self.tr("Give the retentions as numbers, e.g. 0.85 0.9"))
            return
        col, deck, days = self.ctx.collection, self.deck, self.days.value()
        self._busy(True)
        self.task = self.ctx.worker.submit(
            lambda _cancel: simulate(col, deck, days, retentions),
            done=self._on_simulated,
            error=self._on_error,
        )

    def _on_simulated(self, workload: Any) -> None:
        from studyapp.charts.workload import draw_workload
        from studyapp.gui.widgets.chart_canvas import ChartCanvas

        self._busy(False)
        best = workload.best
        self.workload_text.setText(
            self.tr(
                "Least work per remembered card at %1 desired retention: %2 reviews and %3 "
                "minutes a day on average."
            )
            .replace("%1", f"{best.desired_retention:.0%}")
            .replace("%2", f"{best.mean_reviews_per_day:.0f}")
            .replace("%3", f"{best.mean_minutes_per_day:.0f}")
        )
        if self.chart is None:
            self.chart = ChartCanvas(self.ctx.theme == "dark")
            self.chart.setObjectName("workloadChart")
            self.chart_holder.addWidget(self.chart)
        draw_workload(self.chart.figure, workload)
        self.chart.show_drawn()
        self.workload = workload

    def reject(self) -> None:
        if self.task is not None and self.task.running:
            self.task.cancel()
        super().reject()
