"""The exercise editor: a plain-text editor with line numbers, Pygments' Python colours, Python
indentation (Tab is 4 spaces, Enter keeps the indent and adds one after ':') and a find bar.

Undo and redo are QPlainTextEdit's own; each indent or dedent is one edit block, so one Ctrl+Z
takes back one keystroke's effect."""

from __future__ import annotations

from pygments.lexers import PythonLexer
from pygments.token import Comment, Keyword, Name, Number, Operator, String, Token, _TokenType
from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal, SignalInstance
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from studyapp.gui.widgets.find_bar import FindBar

INDENT = "    "

# Colours readable on a light and on a dark base (GitHub's palettes, roughly): light, dark,
# bold, italic.
_STYLES: dict[_TokenType, tuple[str, str, bool, bool]] = {
    Keyword: ("#cf222e", "#ff7b72", True, False),
    Name.Builtin: ("#8250df", "#d2a8ff", False, False),
    Name.Function: ("#6639ba", "#d2a8ff", True, False),
    Name.Class: ("#953800", "#ffa657", True, False),
    Name.Decorator: ("#8250df", "#d2a8ff", False, False),
    String: ("#0a3069", "#a5d6ff", False, False),
    String.Doc: ("#57606a", "#8b949e", False, True),
    Number: ("#0550ae", "#79c0ff", False, False),
    Comment: ("#6e7781", "#8b949e", False, True),
    Operator.Word: ("#cf222e", "#ff7b72", True, False),
}
# Block states: inside which triple-quoted string a line ends (0: none).
_OPEN = {1: ('"""', String), 2: ("'''", String), 3: ('"""', String.Doc), 4: ("'''", String.Doc)}


def _closing(text: str, start: int, quote: str) -> int:
    """Where the string closed by `quote` ends (after the quote), or -1; escapes skipped."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text.startswith(quote, i):
            return i + 3
        else:
            i += 1
    return -1


def _units(text: str) -> int:
    """Length in UTF-16 code units, as Qt counts positions in a block."""
    return len(text.encode("utf-16-le")) // 2


class PythonHighlighter(QSyntaxHighlighter):
    """Pygments' Python tokens, one line at a time (a keystroke re-lexes one line, not the
    file). The only construct that spans lines and changes colours is a triple-quoted string,
    so a block's state is the string it ends inside (_OPEN), which Qt carries to the next line
    and re-colours the lines below when it changes."""

    def __init__(self, document: QTextDocument, dark: bool) -> None:
        super().__init__(document)
        self._lexer = PythonLexer(stripnl=False, ensurenl=False)
        self._formats: dict[_TokenType, QTextCharFormat] = {}
        for token, (light, dark_color, bold, italic) in _STYLES.items():
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(dark_color if dark else light))
            if bold:
                fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setFontItalic(italic)
            self._formats[token] = fmt

    def _format(self, token: _TokenType) -> QTextCharFormat | None:
        while token is not Token:
            if token in self._formats:
                return self._formats[token]
            token = token.parent
        return None

    def highlightBlock(self, text: str) -> None:
        wide = any(ord(c) > 0xFFFF for c in text)  # Qt counts UTF-16 units, Python characters
        spans, state = self.line_spans(text, max(self.previousBlockState(), 0))
        for start, length, token in spans:
            fmt = self._format(token)
            if fmt is not None:
                if wide:
                    start, length = _units(text[:start]), _units(text[start : start + length])
                self.setFormat(start, length, fmt)
        self.setCurrentBlockState(state)

    def line_spans(self, text: str, state: int) -> tuple[list[tuple[int, int, _TokenType]], int]:
        """(start, length, token) spans of one line begun in `state`, and the state it ends in."""
        spans: list[tuple[int, int, _TokenType]] = []
        start = 0
        if state:
            quote, token = _OPEN[state]
            end = _closing(text, 0, quote)
            if end < 0:
                return [(0, len(text), token)], state
            spans.append((0, end, token))
            start = end
        for index, token, value in self._lexer.get_tokens_unprocessed(text[start:] + "\n"):
            if value == "\n":
                continue
            spans.append((start + index, min(len(value), len(text) - start - index), token))
        state = self._opened(text, start, spans)
        return spans, state

    def _opened(self, text: str, start: int, spans: list[tuple[int, int, _TokenType]]) -> int:
        """The triple-quoted string this line leaves open (0 for none); Pygments colours it to
        the line's end, and a docstring (only spaces before it) is coloured as one."""
        closed_at = 0  # a string opened and closed on this line: its closing quote is no opener
        for position, (begin, length, token) in enumerate(spans):
            piece = text[begin : begin + length].lstrip("rRbBuUfF")
            if begin < closed_at or token not in String or not piece.startswith(('"""', "'''")):
                continue
            quote, opened = piece[:3], begin + length - len(piece)
            closed_at = _closing(text, opened + 3, quote)
            if closed_at >= 0:
                continue
            doc = not text[start:begin].strip()
            kind = String.Doc if doc else String
            if doc:  # Pygments calls an unclosed one a plain string
                spans[position:] = [(begin, len(text) - begin, String.Doc)]
            return next(k for k, (q, t) in _OPEN.items() if q == quote and t is kind)
        return 0


class _Gutter(QWidget):
    def __init__(self, editor: CodeEditor) -> None:
        super().__init__(editor)
        self._editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self._editor.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self._editor.paint_gutter(event)


class CodeEditor(QPlainTextEdit):
    """Emits the view's commands when it has the focus, so they work whatever the shortcut
    map decides: Ctrl+Enter runs, Ctrl+S saves, Ctrl+F finds, F3 / Shift+F3 find again."""

    run_requested = Signal()
    save_requested = Signal()
    find_requested = Signal()
    find_again_requested = Signal(bool)  # backwards

    def __init__(self, font: QFont, dark: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeEditor")
        self.setFont(font)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * len(INDENT))
        self._dark = dark
        self._gutter = _Gutter(self)
        self._gutter.setFont(font)
        self.highlighter = PythonHighlighter(self.document(), dark)
        self.blockCountChanged.connect(self._on_blocks_changed)
        self.updateRequest.connect(self._on_update_requested)
        self._on_blocks_changed()

    # -- keys ----------------------------------------------------------------------------------

    def _command(self, event: QKeyEvent) -> SignalInstance | None:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if ctrl and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return self.run_requested
        if ctrl and key == Qt.Key.Key_S:
            return self.save_requested
        if ctrl and key == Qt.Key.Key_F:
            return self.find_requested
        return None

    def event(self, event: QEvent) -> bool:
        # Claim our keys before window shortcuts (and Tab before focus navigation).
        if not isinstance(event, QKeyEvent):
            return super().event(event)
        if event.type() == QEvent.Type.ShortcutOverride and (
            self._command(event) is not None or event.key() == Qt.Key.Key_F3
        ):
            event.accept()
            return True
        if event.type() == QEvent.Type.KeyPress and event.key() in (
            Qt.Key.Key_Tab,
            Qt.Key.Key_Backtab,
        ):
            self.keyPressEvent(event)
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        command = self._command(event)
        if command is not None:
            command.emit()
        elif key == Qt.Key.Key_F3:
            self.find_again_requested.emit(bool(mods & Qt.KeyboardModifier.ShiftModifier))
        elif self.isReadOnly():
            super().keyPressEvent(event)
        elif key == Qt.Key.Key_Backtab or (
            key == Qt.Key.Key_Tab and mods & Qt.KeyboardModifier.ShiftModifier
        ):
            self.dedent()
        elif key == Qt.Key.Key_Tab:
            self.indent()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.new_line()  # Shift+Enter too: never a Unicode line separator in a .py file
        elif key == Qt.Key.Key_Backspace and self._backspace_indent():
            pass
        else:
            super().keyPressEvent(event)

    def new_line(self) -> None:
        cursor = self.textCursor()
        before = cursor.block().text()[: cursor.positionInBlock()]
        indent = before[: len(before) - len(before.lstrip(" \t"))]
        code = before.split("#", 1)[0].rstrip() if "#" in before else before.rstrip()
        if code.endswith(":"):
            indent += INDENT
        cursor.insertText("\n" + indent)  # one edit: one undo step
        self.setTextCursor(cursor)

    def _selected_blocks(self) -> list[int]:
        cursor = self.textCursor()
        doc = self.document()
        first = doc.findBlock(cursor.selectionStart()).blockNumber()
        end = cursor.selectionEnd()
        last_block = doc.findBlock(end)
        last = last_block.blockNumber()
        if cursor.hasSelection() and last > first and end == last_block.position():
            last -= 1  # a selection ending at a line's start does not include that line
        return list(range(first, last + 1))

    def indent(self) -> None:
        cursor = self.textCursor()
        blocks = self._selected_blocks()
        if not cursor.hasSelection() or (len(blocks) == 1 and not self._spans_line(cursor)):
            column = cursor.positionInBlock()
            cursor.insertText(" " * (len(INDENT) - column % len(INDENT)))
            return
        cursor.beginEditBlock()
        for number in blocks:
            line = QTextCursor(self.document().findBlockByNumber(number))
            line.insertText(INDENT)
        cursor.endEditBlock()

    def _spans_line(self, cursor: QTextCursor) -> bool:
        block = cursor.block()
        return cursor.selectionStart() <= block.position() and cursor.selectionEnd() >= (
            block.position() + block.length() - 1
        )

    def dedent(self) -> None:
        cursor = self.textCursor()
        cursor.beginEditBlock()
        for number in self._selected_blocks():
            block = self.document().findBlockByNumber(number)
            text = block.text()
            width = min(len(INDENT), len(text) - len(text.lstrip(" ")))
            if width:
                line = QTextCursor(block)
                line.movePosition(
                    QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, width
                )
                line.removeSelectedText()
        cursor.endEditBlock()

    def _backspace_indent(self) -> bool:
        """Backspace in leading spaces goes back to the previous indent level."""
        cursor = self.textCursor()
        before = cursor.block().text()[: cursor.positionInBlock()]
        if cursor.hasSelection() or not before or before.strip(" "):
            return False
        width = len(before) % len(INDENT) or len(INDENT)
        cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, width)
        cursor.removeSelectedText()
        return True

    # -- gutter --------------------------------------------------------------------------------

    def gutter_width(self) -> int:
        digits = max(3, len(str(self.blockCount())))
        return 10 + self.fontMetrics().horizontalAdvance("9") * digits

    def _on_blocks_changed(self, _count: int = 0) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _on_update_requested(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        rect = self.contentsRect()
        self._gutter.setGeometry(QRect(rect.left(), rect.top(), self.gutter_width(), rect.height()))

    def paint_gutter(self, event: QPaintEvent) -> None:
        painter = QPainter(self._gutter)
        painter.fillRect(event.rect(), QColor("#25272a" if self._dark else "#f3f3f3"))
        painter.setPen(QColor("#80868b" if self._dark else "#9aa0a6"))
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            bottom = top + round(self.blockBoundingRect(block).height())
            if block.isVisible() and bottom >= event.rect().top():
                number = str(block.blockNumber() + 1)
                right = Qt.AlignmentFlag.AlignRight
                painter.drawText(0, top, self._gutter.width() - 5, height, right, number)
            block, top = block.next(), bottom
        painter.end()


class EditorPane(QWidget):
    """The editor with its find bar under it."""

    def __init__(self, font: QFont, dark: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.editor = CodeEditor(font, dark)
        self.find_bar = FindBar(self.editor)
        self.editor.find_requested.connect(self.find_bar.open_bar)
        self.editor.find_again_requested.connect(
            lambda backwards: self.find_bar.find_next(backwards=backwards)
        )
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.find_bar)
