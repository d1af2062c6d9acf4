"""Editing a card's question and answer (Markdown); the card keeps its history."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class EditCardDialog(QDialog):
    def __init__(self, question: str, answer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editCardDialog")
        self.setWindowTitle(self.tr("Edit card"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Question (Markdown)")))
        self.question = QPlainTextEdit(question)
        self.question.setObjectName("editQuestion")
        layout.addWidget(self.question)
        layout.addWidget(QLabel(self.tr("Answer (Markdown)")))
        self.answer = QPlainTextEdit(answer)
        self.answer.setObjectName("editAnswer")
        layout.addWidget(self.answer, 1)
        note = QLabel(
            self.tr(
                "The card keeps its review history; the old text is kept too. "
                "If your notes change this item later, the notes win."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 480)

    def values(self) -> tuple[str, str]:
        return self.question.toPlainText(), self.answer.toPlainText()
