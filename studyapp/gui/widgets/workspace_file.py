"""The editor and the learner's workspace file kept in step: saved crash-safely, watched on
disk, and taken back in when it changes outside (an external editor) while the editor holds
no unsaved edits of its own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from studyapp.fileutil import write_atomic

DEBOUNCE_MS = 400  # one save by an editor is several file events (temporary file, rename)


class WorkspaceFile(QObject):
    reloaded = Signal()  # the file changed on disk and the editor now shows it
    conflict = Signal()  # it changed on disk while the editor holds unsaved edits

    def __init__(self, editor: QPlainTextEdit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.path: Path | None = None
        self._saved = ""  # what the file held when last read or written here
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._on_watcher_changed)
        self.watcher.directoryChanged.connect(self._on_watcher_changed)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self._on_debounce_timeout)

    @property
    def modified(self) -> bool:
        """The editor holds text the file does not (typed, or set by a program)."""
        return self.editor.toPlainText() != self._saved

    def open(self, path: Path, text: str) -> None:
        """Show `text` (the file's content) with a fresh undo history, and watch `path`."""
        self.path = path
        old = self.watcher.files() + self.watcher.directories()
        if old:
            self.watcher.removePaths(old)
        # The folder too: editors (and write_atomic) replace the file by a rename, after which
        # a watch on the file alone goes quiet.
        watched = [str(path), str(path.parent)] if path.exists() else [str(path.parent)]
        self.watcher.addPaths([p for p in watched if Path(p).exists()])
        self.editor.setPlainText(text)
        self._mark_saved(text)

    def save(self) -> None:
        """Write the editor's text to the file (raises OSError)."""
        if self.path is None:
            return
        text = self.editor.toPlainText()
        write_atomic(self.path, text)
        self._mark_saved(text)

    def replace(self, text: str) -> None:
        """The editor's whole text replaced in one undoable step, the cursor kept in place;
        `text` is what the file holds now."""
        position = self.editor.textCursor().position()
        cursor = QTextCursor(self.editor.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.setPosition(min(position, len(self.editor.toPlainText())))
        self.editor.setTextCursor(cursor)
        self._mark_saved(text)

    def _mark_saved(self, text: str) -> None:
        self._saved = text
        self.editor.document().setModified(False)

    def _on_watcher_changed(self, _path: str) -> None:
        self.debounce.start()

    def _on_debounce_timeout(self) -> None:
        if self.take_in():
            self.reloaded.emit()

    def take_in(self) -> bool:
        """Look at the file now; True when it had changed and the editor reloaded it (only
        a change seen by the watcher emits `reloaded`)."""
        self.debounce.stop()
        path = self.path
        if path is None:
            return False
        if str(path) not in self.watcher.files() and path.exists():
            self.watcher.addPath(str(path))  # the file was replaced: watch the new one
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
        if text == self._saved:
            return False  # our own save, or nothing new
        if self.modified:
            self.conflict.emit()
            return False
        self.replace(text)
        return True
