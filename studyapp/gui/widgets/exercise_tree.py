"""The exercise catalog as a tree: lecture > exercise, with the assignment group (A1-A3) and
the learner's status, coloured; Korean titles in Korean."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from studyapp.domain.grading import ExerciseStatus
from studyapp.services.exercises import ExerciseRow

ID_ROLE = Qt.ItemDataRole.UserRole
STATUS_COLORS = {
    "light": {ExerciseStatus.PASSED: "#1e7e34", ExerciseStatus.FAILING: "#c0392b",
              ExerciseStatus.DUE: "#1f6fd1"},
    "dark": {ExerciseStatus.PASSED: "#6fd39a", ExerciseStatus.FAILING: "#ff7b6b",
             ExerciseStatus.DUE: "#6aa8ff"},
}  # fmt: skip


class ExerciseTree(QTreeWidget):
    exercise_selected = Signal(str)  # the learner chose an exercise (not a redraw)

    def __init__(self, theme: str, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exerciseTree")
        self._colors = STATUS_COLORS[theme]
        self._korean = language == "ko"
        self.items: dict[str, QTreeWidgetItem] = {}
        self.setHeaderLabels([self.tr("Exercise"), self.tr("Group"), self.tr("Status")])
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.setMinimumWidth(340)
        self.currentItemChanged.connect(self._on_current_item_changed)

    def status_text(self, status: ExerciseStatus) -> str:
        return {
            ExerciseStatus.NOT_STARTED: self.tr("not started"),
            ExerciseStatus.FAILING: self.tr("failing"),
            ExerciseStatus.PASSED: self.tr("passed"),
            ExerciseStatus.DUE: self.tr("due again"),
        }[status]

    def set_rows(self, rows: list[ExerciseRow], current: str | None) -> None:
        """Redraw with these rows, `current` selected, without announcing a selection."""
        self.blockSignals(True)
        self.clear()
        self.items = {}
        lectures: dict[int, QTreeWidgetItem] = {}
        for row in rows:
            parent = lectures.get(row.lecture)
            if parent is None:
                parent = QTreeWidgetItem([self.tr("Lecture %1").replace("%1", str(row.lecture))])
                parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                lectures[row.lecture] = parent
                self.addTopLevelItem(parent)
                parent.setFirstColumnSpanned(True)
            title = row.title_ko if self._korean else row.title
            item = QTreeWidgetItem(parent, [title, row.group, self.status_text(row.status)])
            item.setData(0, ID_ROLE, row.id)
            item.setToolTip(0, f"{title}\n{row.id}: {', '.join(row.functions)}")
            if row.status in self._colors:
                item.setForeground(2, QColor(self._colors[row.status]))
            self.items[row.id] = item
            if row.id == current:
                self.setCurrentItem(item)
        self.expandAll()
        self.blockSignals(False)

    def select(self, exercise_id: str) -> bool:
        item = self.items.get(exercise_id)
        if item is not None:
            self.setCurrentItem(item)
        return item is not None

    def first(self) -> str | None:
        return next(iter(self.items), None)

    def summary(self, exercise_id: str) -> str:
        """ "<b>title</b> · group · status" for the view's heading."""
        item = self.items.get(exercise_id)
        return f"<b>{item.text(0)}</b> · {item.text(1)} · {item.text(2)}" if item else ""

    def _on_current_item_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        exercise_id = current.data(0, ID_ROLE) if current is not None else None
        if exercise_id:
            self.exercise_selected.emit(str(exercise_id))
