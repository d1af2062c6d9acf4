"""Home: today's decks with their new / learning / review counts, exercises due, this week's
roadmap, and what to do when there is nothing yet."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studyapp.domain.changes import Changes
from studyapp.domain.errors import StudyappError
from studyapp.domain.grading import ExerciseStatus
from studyapp.gui.context import AppContext
from studyapp.gui.dialogs.errors import show_error
from studyapp.gui.theme import COUNT_COLORS


class HomeView(QWidget):
    study_requested = Signal(object)  # deck name or None (all decks)
    exercises_requested = Signal(str)  # an exercise id, or "" for the list
    import_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("homeView")
        layout = QVBoxLayout(self)
        self.title = QLabel(self.tr("Today"))
        self.title.setObjectName("heading")
        layout.addWidget(self.title)
        self.decks = QTableWidget(0, 4)
        self.decks.setObjectName("deckTable")
        self.decks.setHorizontalHeaderLabels(
            [self.tr("Deck"), self.tr("New"), self.tr("Learning"), self.tr("Review")]
        )
        self.decks.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.decks.verticalHeader().setVisible(False)
        self.decks.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.decks.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.decks.cellDoubleClicked.connect(self._on_decks_double_clicked)
        layout.addWidget(self.decks, 2)
        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        self.study = QPushButton(self.tr("Study now"))
        self.study.setObjectName("studyNow")
        self.study.setDefault(True)
        self.study.clicked.connect(self._on_study_clicked)
        self.import_button = QPushButton(self.tr("Import notes…"))
        self.import_button.clicked.connect(self.import_requested)
        buttons.addWidget(self.study)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.exercise_label = QLabel()
        self.exercise_label.setObjectName("exerciseSummary")
        layout.addWidget(self.exercise_label)
        self.exercises = QListWidget()
        self.exercises.setObjectName("exercisesInProgress")
        self.exercises.itemActivated.connect(self._on_exercise_activated)
        layout.addWidget(self.exercises, 1)
        self.week_label = QLabel()
        self.week_label.setObjectName("weekHeading")
        layout.addWidget(self.week_label)
        self.week = QListWidget()
        self.week.setObjectName("weekItems")
        self.week.itemChanged.connect(self._on_week_item_changed)
        layout.addWidget(self.week, 1)
        ctx.bus.changed.connect(self._on_changed)
        self.refresh_decks()
        # The exercises (their catalog is 50 files) and the roadmap fill in just after the
        # window first shows: the cards due are what a learner opens the app for.
        self.exercise_label.setText("…")
        QTimer.singleShot(0, self.refresh_extras)

    # -- data ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.refresh_decks()
        self.refresh_extras()

    def refresh_extras(self) -> None:
        from studyapp.services.due import exercises_due

        self._refresh_exercises(exercises_due(self.ctx.collection))
        self._refresh_week()

    def refresh_decks(self) -> None:
        from studyapp.services.due import due_counts

        col = self.ctx.collection
        rows = due_counts(col)
        self.decks.setRowCount(len(rows))
        colors = COUNT_COLORS[self.ctx.theme]
        for r, row in enumerate(rows):
            c = row.counts
            self.decks.setItem(r, 0, QTableWidgetItem(row.deck))
            for column, (value, color) in enumerate(
                zip((c.new, c.learning, c.review), colors, strict=True), start=1
            ):
                item = QTableWidgetItem(str(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setForeground(Qt.GlobalColor.gray if value == 0 else _color(color))
                self.decks.setItem(r, column, item)
        total = sum(r.counts.total for r in rows)
        self.decks.setVisible(bool(rows))
        self.study.setEnabled(total > 0 and self.ctx.readonly_reason is None)
        self.empty.setVisible(not rows or total == 0)
        if not rows:
            self.empty.setText(
                self.tr(
                    "No deck yet. Import your lecture notes (File ▸ Import "
                    "notes…) and their points and questions become cards."
                )
            )
        elif total == 0:
            self.empty.setText(
                self.tr(
                    "Nothing is due today. Well done! Come back tomorrow, or practise an exercise."
                )
            )
        self.title.setText(self.tr("Today: %n card(s) to study", "", total))

    def _refresh_exercises(self, due: int) -> None:
        from studyapp.services.exercises import list_exercises

        rows = [
            r
            for r in list_exercises(self.ctx.collection)
            if r.status in (ExerciseStatus.DUE, ExerciseStatus.FAILING)
        ]
        self.exercise_label.setText(self.tr("Exercises: %n due again", "", due))
        self.exercises.clear()
        for row in rows:
            title = row.title_ko if self.ctx.language == "ko" else row.title
            status = (
                self.tr("due again") if row.status is ExerciseStatus.DUE else self.tr("failing")
            )
            item = QListWidgetItem(f"{title} — {status}")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.exercises.addItem(item)
        if not rows:
            item = QListWidgetItem(self.tr("No exercise in progress. Open Exercises to start one."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.exercises.addItem(item)

    def _refresh_week(self) -> None:
        from studyapp.services.this_week import this_week

        self.week.blockSignals(True)
        self.week.clear()
        try:
            week = this_week(self.ctx.collection)
        finally:
            self.week.blockSignals(False)
        if week is None:
            self.week_label.setText(self.tr("Roadmap: none in your notes"))
            return
        self.week_label.setText(self.tr("This week: week %1").replace("%1", str(week.week)))
        self.week.blockSignals(True)
        for state in week.items:
            text = " ".join(state.text.split())
            item = QListWidgetItem(text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if state.done else Qt.CheckState.Unchecked)
            if state.evidence:
                item.setToolTip(self.tr("Done by your daily log: %1").replace("%1", state.evidence))
            item.setData(Qt.ItemDataRole.UserRole, (week.deck, week.week, state.position))
            self.week.addItem(item)
        self.week.blockSignals(False)

    # -- slots ---------------------------------------------------------------------------------

    def _on_changed(self, changes: Changes) -> None:
        if changes.study_queues or changes.decks or changes.notes or changes.exercises:
            self.refresh()

    def _on_study_clicked(self) -> None:
        self.study_requested.emit(None)

    def _on_decks_double_clicked(self, row: int, _column: int) -> None:
        item = self.decks.item(row, 0)
        if item is not None:
            self.study_requested.emit(item.text())

    def _on_exercise_activated(self, item: QListWidgetItem) -> None:
        exercise_id = item.data(Qt.ItemDataRole.UserRole)
        if exercise_id:
            self.exercises_requested.emit(str(exercise_id))

    def _on_week_item_changed(self, item: QListWidgetItem) -> None:
        from studyapp.services.this_week import check_item

        deck, week, position = item.data(Qt.ItemDataRole.UserRole)
        done = item.checkState() == Qt.CheckState.Checked
        try:
            changes = check_item(self.ctx.collection, deck, week, position, done)
        except StudyappError as err:
            show_error(self, err)
            self._refresh_week()
            return
        self.ctx.bus.announce(changes)


def _color(name: str):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor

    return QColor(name)
