"""The editor's find bar: Enter or F3 finds the next match, Shift+Enter or Shift+F3 the
previous, wrapping round at the ends; Esc closes it and gives the editor back the focus."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QToolButton, QWidget


class FindBar(QWidget):
    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self._editor = editor
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.field = QLineEdit()
        self.field.setObjectName("findField")
        self.field.setPlaceholderText(self.tr("Find"))
        self.field.installEventFilter(self)
        self.field.textEdited.connect(self._on_field_edited)
        row.addWidget(self.field, 1)
        for text, backwards in ((self.tr("Previous"), True), (self.tr("Next"), False)):
            button = QToolButton()
            button.setText(text)
            button.clicked.connect(lambda _=False, b=backwards: self.find_next(backwards=b))
            row.addWidget(button)
        self.status = QLabel()
        self.status.setObjectName("findStatus")
        row.addWidget(self.status)
        close = QToolButton()
        close.setText("×")
        close.setToolTip(self.tr("Close (Esc)"))
        close.clicked.connect(self.close_bar)
        row.addWidget(close)
        self.hide()

    def open_bar(self) -> None:
        selected = self._editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.field.setText(selected)
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self._editor.setFocus()

    def find_next(self, *, backwards: bool = False) -> bool:
        text = self.field.text()
        if not text:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backwards else QTextDocument.FindFlag(0)
        found = self._editor.find(text, flags)
        if not found:  # wrap round from the other end
            cursor = self._editor.textCursor()
            end = QTextCursor.MoveOperation.End if backwards else QTextCursor.MoveOperation.Start
            cursor.movePosition(end)
            self._editor.setTextCursor(cursor)
            found = self._editor.find(text, flags)
        self.status.setText("" if found else self.tr("Not found"))
        return found

    def _on_field_edited(self, _text: str) -> None:
        # Search as one types, from where the current match starts.
        cursor = self._editor.textCursor()
        cursor.setPosition(cursor.selectionStart())
        self._editor.setTextCursor(cursor)
        self.find_next()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.field or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_Escape:
            event.accept()  # Esc closes the bar before any window shortcut sees it
            return True
        if event.type() == QEvent.Type.KeyPress:
            key, shift = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F3):
                self.find_next(backwards=shift)
                return True
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)
