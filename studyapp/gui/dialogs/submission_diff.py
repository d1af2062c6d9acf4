"""Two submissions side by side as a unified diff: read-only, monospace, added lines green and
removed lines red, as a terminal's `git diff` shows them."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

_COLORS = {
    "light": {"+": ("#1a7f37", "#e6ffec"), "-": ("#cf222e", "#ffebe9"), "@": ("#0550ae", "")},
    "dark": {"+": ("#7ee787", "#12261e"), "-": ("#ffa198", "#2d1215"), "@": ("#79c0ff", "")},
}


class DiffHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, dark: bool) -> None:
        super().__init__(document)
        self._formats: dict[str, QTextCharFormat] = {}
        for mark, (fg, bg) in _COLORS["dark" if dark else "light"].items():
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(fg))
            if bg:
                fmt.setBackground(QColor(bg))
            self._formats[mark] = fmt

    def highlightBlock(self, text: str) -> None:
        if text.startswith(("+++", "---")):  # the file headers, not changed lines
            return
        fmt = self._formats.get(text[:1])
        if fmt is not None:
            self.setFormat(0, len(text), fmt)


class SubmissionDiffDialog(QDialog):
    def __init__(
        self, title: str, diff: str, font: QFont, dark: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("submissionDiff")
        self.setWindowTitle(title)
        self.resize(820, 600)
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit()
        self.text.setObjectName("diffText")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(font)
        self.highlighter = DiffHighlighter(self.text.document(), dark)
        self.text.setPlainText(diff)
        layout.addWidget(self.text, 1)
        if not diff:
            same = QLabel(self.tr("The two submissions hold the same code."))
            same.setObjectName("diffSame")
            layout.addWidget(same)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
