"""An exercise's submissions, newest first (time, result, duration), and the diff between two
of them: the two selected, or the one selected and the one before it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studyapp.domain.errors import StudyappError
from studyapp.gui.context import AppContext
from studyapp.gui.dialogs.errors import show_error
from studyapp.gui.dialogs.submission_diff import SubmissionDiffDialog
from studyapp.gui.fonts import mono_font
from studyapp.services import exercises as service

ID_ROLE = Qt.ItemDataRole.UserRole


class SubmissionHistory(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.exercise_id: str | None = None
        self.dialog: SubmissionDiffDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("history")
        self.table.setHorizontalHeaderLabels(
            [self.tr("#"), self.tr("Submitted"), self.tr("Result"), self.tr("Time")]
        )
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.table.cellDoubleClicked.connect(lambda _row, _column: self.compare())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.empty = QLabel()
        self.empty.setObjectName("historyEmpty")
        row.addWidget(self.empty, 1)
        self.compare_button = QPushButton(self.tr("Compare…"))
        self.compare_button.setObjectName("compareSubmissions")
        self.compare_button.setToolTip(
            self.tr("The changes between the two selected submissions, or from the one before")
        )
        self.compare_button.clicked.connect(self.compare)
        row.addWidget(self.compare_button)
        layout.addLayout(row)
        self._on_table_selection_changed()

    def set_exercise(self, exercise_id: str) -> None:
        self.exercise_id = exercise_id
        self.refresh()

    def refresh(self) -> None:
        if self.exercise_id is None:
            return
        try:
            rows = service.history(self.ctx.collection, self.exercise_id)
        except StudyappError as err:
            show_error(self, err)
            return
        self.table.setRowCount(len(rows))
        for r, sub in enumerate(rows):
            when = sub.submitted_at.astimezone(self.ctx.collection.tz).strftime("%Y-%m-%d %H:%M")
            result = self.tr("passed") if sub.passed else self.verdict_text(sub.verdict)
            seconds = self.tr("%1 s").replace("%1", f"{sub.duration_ms / 1000:.1f}")
            for column, text in enumerate((f"#{sub.id}", when, result, seconds)):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, sub.id)
                self.table.setItem(r, column, item)
        self.empty.setText("" if rows else self.tr("No submission yet."))
        self._on_table_selection_changed()

    def verdict_text(self, verdict: str) -> str:
        texts = {
            "failed": self.tr("failed"),
            "not_loaded": self.tr("did not load"),
            "timeout": self.tr("ran past the time limit"),
            "memory": self.tr("ran out of memory"),
            "crashed": self.tr("crashed"),
            "exited": self.tr("exited"),
        }
        return texts.get(verdict, verdict)

    def _pair(self) -> tuple[int, int] | None:
        """(older, newer) submission ids to compare, from the selection."""
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        ids = [self._id(r) for r in rows]
        if len(ids) == 2:
            return min(ids), max(ids)
        if len(ids) == 1 and rows[0] + 1 < self.table.rowCount():  # newest first: the older below
            return self._id(rows[0] + 1), ids[0]
        return None

    def _id(self, row: int) -> int:
        item = self.table.item(row, 0)
        return int(item.data(ID_ROLE)) if item is not None else 0

    def _on_table_selection_changed(self) -> None:
        self.compare_button.setEnabled(self._pair() is not None)

    def compare(self) -> None:
        pair = self._pair()
        if pair is None:
            return
        older, newer = pair
        try:
            diff = service.submission_diff(self.ctx.collection, older, newer)
        except StudyappError as err:
            show_error(self, err)
            return
        title = self.tr("Submission #%1 → #%2").replace("%1", str(older)).replace("%2", str(newer))
        font = mono_font(self.ctx.korean_family, self.ctx.font_size)
        self.dialog = SubmissionDiffDialog(title, diff, font, self.ctx.theme == "dark", self)
        self.dialog.open()  # not modal to the event loop: gradings and watchers go on
