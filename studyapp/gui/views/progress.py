"""Progress: the course's weeks against the roadmap (planned and done, reviews, true
retention, minutes, the calendar and the due forecast) for the week chosen, that week's items
to check off, today's pace, and a report of the week as PDF, PNG or Markdown.

The data (a scan of the review log) is read on a worker, the figure drawn on the GUI thread;
choosing another week only moves the highlights, checking an item re-reads the roadmap only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from studyapp.domain.changes import Changes
from studyapp.domain.errors import StudyappError
from studyapp.gui.context import AppContext
from studyapp.gui.dialogs.errors import show_error


class ProgressView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("progressView")
        self.data: Any = None
        self.stale = True
        self.loading = False
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Week")))
        self.week = QComboBox()
        self.week.setObjectName("progressWeek")
        self.week.currentIndexChanged.connect(self._on_week_changed)
        bar.addWidget(self.week)
        self.pace = QLabel()
        self.pace.setObjectName("progressPace")
        self.pace.setWordWrap(True)
        bar.addWidget(self.pace, 1)
        self.report_button = QPushButton(self.tr("Save the week's report…"))
        self.report_button.setObjectName("saveReport")
        self.report_button.clicked.connect(self.save_report)
        bar.addWidget(self.report_button)
        layout.addLayout(bar)
        self.message = QLabel()
        self.message.setObjectName("progressMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.chart_holder = QWidget()
        self.chart_layout = QVBoxLayout(self.chart_holder)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.chart: Any = None
        splitter.addWidget(self.chart_holder)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.week_line = QLabel()
        self.week_line.setObjectName("weekLine")
        self.week_line.setWordWrap(True)
        lower_layout.addWidget(self.week_line)
        self.items = QListWidget()
        self.items.setObjectName("weekItemsProgress")
        self.items.itemChanged.connect(self._on_item_changed)
        lower_layout.addWidget(self.items)
        splitter.addWidget(lower)
        splitter.setSizes([560, 200])
        layout.addWidget(splitter, 1)
        ctx.bus.changed.connect(self._on_changed)

    # -- loading -------------------------------------------------------------------------------

    def on_shown(self) -> None:
        if self.stale and not self.loading:
            self.load()

    def load(self) -> None:
        from studyapp.services.progress import progress_tab_data

        col = self.ctx.collection
        self.loading = True
        self.message.setText(self.tr("Reading your reviews…"))
        self.ctx.worker.submit(
            lambda _cancel: progress_tab_data(col), done=self._on_loaded, error=self._on_load_failed
        )

    def _on_loaded(self, data: Any) -> None:
        from studyapp.charts.progress import default_week

        self.loading, self.stale, self.data = False, False, data
        self.message.setText("")
        progress = data.progress
        chosen = self.week.currentData()
        self.week.blockSignals(True)
        self.week.clear()
        for week in progress.weeks:
            label = self.tr("Week %1").replace("%1", str(week.week))
            if week.status:
                label += f" ({week.status})"
            self.week.addItem(label, week.week)
        numbers = [w.week for w in progress.weeks]
        target = chosen if chosen in numbers else (default_week(progress) if numbers else None)
        if target is not None:
            self.week.setCurrentIndex(numbers.index(target))
        self.week.blockSignals(False)
        self._draw()

    def _on_load_failed(self, err: BaseException) -> None:
        self.loading = False
        if isinstance(err, StudyappError):
            self.message.setText(str(err))  # no roadmap yet: said here, not in a dialog
        else:
            show_error(self, err)

    # -- drawing -------------------------------------------------------------------------------

    def selected_week(self) -> int | None:
        value = self.week.currentData()
        return int(value) if value is not None else None

    def _draw(self) -> None:
        from studyapp.charts.progress import draw_progress_tab
        from studyapp.gui.widgets.chart_canvas import ChartCanvas

        if self.data is None:
            return
        if self.chart is None:
            self.chart = ChartCanvas(self.ctx.theme == "dark")
            self.chart.setObjectName("progressChart")
            self.chart_layout.addWidget(self.chart)
        week = self.selected_week()
        draw_progress_tab(self.chart.figure, self.data, week)
        self.chart.show_drawn()
        progress = self.data.progress
        self.pace.setText(self._pace_text(progress.today))
        self.items.blockSignals(True)
        self.items.clear()
        if week is not None:
            shown = progress.week(week)
            self.week_line.setText(self._week_text(shown))
            for state in shown.items:
                item = QListWidgetItem(" ".join(state.text.split()))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if state.done else Qt.CheckState.Unchecked)
                if state.evidence:
                    item.setToolTip(
                        self.tr("Done by your daily log: %1").replace("%1", state.evidence)
                    )
                item.setData(Qt.ItemDataRole.UserRole, state.position)
                self.items.addItem(item)
        self.items.blockSignals(False)

    def _pace_text(self, today: Any) -> str:
        ahead = today.ahead_by_items
        if abs(ahead) < 0.05:
            where = self.tr("on plan")
        elif ahead > 0:
            where = self.tr("%1 items ahead").replace("%1", f"{ahead:.1f}")
        else:
            where = self.tr("%1 items behind").replace("%1", f"{-ahead:.1f}")
        finish = today.projected_finish.isoformat() if today.projected_finish else "-"
        planned = today.planned_finish.isoformat() if today.planned_finish else "-"
        text = self.tr(
            "Week %1: %2 of %3 roadmap items done, %4; at %5 items a week the plan "
            "ends %6 (planned %7)"
        )
        values = [
            str(today.week),
            str(today.done_items),
            str(today.planned_items),
            where,
            f"{today.items_per_week:.1f}",
            finish,
            planned,
        ]
        for n, value in enumerate(values, start=1):
            text = text.replace(f"%{n}", value)
        return text

    def _week_text(self, week: Any) -> str:
        a = week.activity
        retention = f"{a.true_retention:.0%}" if a.true_retention is not None else "-"
        text = self.tr(
            "%1 – %2: %3 answers (%4 new cards), true retention %5, %6 minutes; "
            "exercises %7 passed, %8 due again; %9 quizzes"
        )
        values = [
            week.start.isoformat(),
            week.end.isoformat(),
            str(a.reviews),
            str(a.new_cards),
            retention,
            f"{a.study_minutes:.0f}",
            str(a.exercises_passed),
            str(a.exercises_due),
            str(a.quizzes),
        ]
        for n, value in enumerate(values, start=1):
            text = text.replace(f"%{n}", value)
        return text

    def _on_week_changed(self, *_args: object) -> None:
        self._draw()

    # -- actions -------------------------------------------------------------------------------

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        from studyapp.services.progress import refresh_roadmap
        from studyapp.services.this_week import check_item

        week = self.selected_week()
        if self.data is None or week is None:
            return
        done = item.checkState() == Qt.CheckState.Checked
        try:
            changes = check_item(
                self.ctx.collection,
                self.data.progress.deck,
                week,
                int(item.data(Qt.ItemDataRole.UserRole)),
                done,
            )
            self.data = refresh_roadmap(self.ctx.collection, self.data)
        except StudyappError as err:
            show_error(self, err)
        self._draw()
        self._own_change = True
        self.ctx.bus.announce(changes)
        self._own_change = False

    _own_change = False

    def _on_changed(self, changes: Changes) -> None:
        if self._own_change:
            return
        if changes.review_log or changes.notes or changes.exercises or changes.all_cards:
            self.stale = True
            if self.isVisible():
                self.load()

    def save_report(self) -> None:
        week = self.selected_week()
        if week is None:
            return
        name = f"cs231n-week{week}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the week's report"),
            str(Path.home() / name),
            self.tr("PDF (*.pdf);;PNG image (*.png);;Markdown (*.md)"),
        )
        if path:
            self.write_report(Path(path), week)

    def write_report(self, path: Path, week: int) -> None:
        from studyapp.charts.report import check_target
        from studyapp.services.report import week_report

        try:
            check_target(path)  # a bad name or folder is said before any work
        except StudyappError as err:
            show_error(self, err)
            return
        col = self.ctx.collection
        self.message.setText(self.tr("Writing the report…"))
        # The data on the worker; the drawing here: matplotlib's settings are global, and the
        # progress tab draws on this thread.
        self.ctx.worker.submit(
            lambda _cancel: week_report(col, week),
            done=lambda report: self._on_report_ready(path, report),
            error=self._on_report_failed,
        )

    def _on_report_ready(self, path: Path, report: Any) -> None:
        from studyapp.charts.report import write_report

        try:
            written = write_report(path, report)
        except (StudyappError, OSError) as err:
            self._on_report_failed(err)
            return
        self.message.setText(
            self.tr("Report saved: %1").replace("%1", ", ".join(str(p) for p in written))
        )

    def _on_report_failed(self, err: BaseException) -> None:
        self.message.setText("")
        show_error(self, err)
