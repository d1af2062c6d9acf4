"""The keyboard shortcuts, listed (Help ▸ Keyboard shortcuts, F1)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        layout = QVBoxLayout(self)
        rows = self.rows()
        table = QTableWidget(len(rows), 2)
        table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("What they do")])
        for r, (keys, what) in enumerate(rows):
            table.setItem(r, 0, QTableWidgetItem(keys))
            table.setItem(r, 1, QTableWidgetItem(what))
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setVisible(False)
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 460)

    def rows(self) -> list[tuple[str, str]]:
        return [
            (
                "Alt+1 … Alt+7",
                self.tr("Home, Review, Quiz, Browse, Exercises, Progress, Settings"),
            ),
            ("Space / Enter", self.tr("Review: show the answer; on the answer: Good")),
            ("1 2 3 4", self.tr("Review: Again, Hard, Good, Easy; Quiz: choose an option")),
            ("Ctrl+Z", self.tr("Review: undo the last answer")),
            ("E", self.tr("Review: edit the card")),
            ("-", self.tr("Review: bury the card until tomorrow")),
            ("@ / S", self.tr("Review: suspend the card")),
            ("Ctrl+0 … Ctrl+4", self.tr("Review: no flag, red, orange, green, blue")),
            ("I", self.tr("Review: card info")),
            ("Esc", self.tr("Review: end the session (summary)")),
            ("Ctrl+F", self.tr("Browse: search; Exercises: find in the code")),
            ("Ctrl+Enter", self.tr("Exercises: run the checks")),
            ("Ctrl+S", self.tr("Exercises: save your file")),
            ("Ctrl+I", self.tr("File: import notes")),
            ("F1", self.tr("This list")),
        ]
