"""Starting the desktop app: Qt, the bundled fonts, theme and language, one instance per
collection (a second start raises the running window), the collection opened with a clear
dialog for every refusal (read-only, damaged with the restore path, newer schema)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, QTimer
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from studyapp import paths
from studyapp.domain.errors import CollectionLockedError, StudyappError
from studyapp.domain.studyday import utc_now
from studyapp.fileutil import PRIVATE_FILE, create_private
from studyapp.gui import fonts, i18n, theme
from studyapp.gui.context import AppContext, font_size
from studyapp.gui.workers import Worker

HEAVY = ("torch", "matplotlib", "sqlalchemy", "alembic", "engine.training")
QUIT_AFTER_ENV = "STUDYAPP_GUI_QUIT_AFTER_MS"  # tests: quit once the window is up
FIRST_PAINT_ENV = "STUDYAPP_FIRST_PAINT_REPORT"  # bench/startup.py: where to write the time


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(argv or sys.argv[:1])
    app.setOrganizationName("studyapp")
    app.setApplicationName("studyapp")
    return app


def preferences(folder: Path) -> QSettings:
    """Per-collection preferences (window, look, language) in an INI file beside it."""
    return QSettings(str(folder / "gui.ini"), QSettings.Format.IniFormat)


def keep_private(prefs: QSettings) -> None:
    """Make the preferences file 0600 like the rest of the learner's data; Qt rewrites it in
    place of the old one and keeps the old one's mode, so setting it once holds."""
    path = Path(prefs.fileName())
    if not path.parent.is_dir():
        return
    with contextlib.suppress(OSError):  # a read-only folder: nothing is written there either
        create_private(path)
        os.chmod(path, PRIVATE_FILE)


def prepare(app: QApplication, prefs: QSettings) -> tuple[str, str, str]:
    """Fonts, theme and translator; (korean family, applied theme, language)."""
    korean = fonts.install_fonts()
    app.setFont(fonts.app_font(korean, font_size(prefs)))
    applied = theme.apply(app, str(prefs.value("theme", "system")))
    language = i18n.resolve(str(prefs.value("language", "system")))
    i18n.install(app, language)
    return korean, applied, language


class SingleInstance(QObject):
    """A local server named after the collection folder: a second start finds it, asks the
    running window to come forward, and exits instead of failing on the collection's lock."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        digest = hashlib.sha1(str(folder.resolve()).encode()).hexdigest()[:16]
        self.name = f"studyapp-{digest}"
        self.server: QLocalServer | None = None
        self.window: QWidget | None = None

    def already_running(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if socket.waitForConnected(300):
            socket.write(b"raise")
            socket.waitForBytesWritten(300)
            socket.disconnectFromServer()
            return True
        QLocalServer.removeServer(self.name)  # a stale socket of a crashed instance
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._on_server_new_connection)
        self.server.listen(self.name)
        return False

    def _on_server_new_connection(self) -> None:
        assert self.server is not None
        connection = self.server.nextPendingConnection()
        if connection is not None:
            connection.close()
        if self.window is not None:
            self.window.showNormal()
            self.window.raise_()
            self.window.activateWindow()


def open_context(
    folder: Path, prefs: QSettings, app: QApplication, clock: Callable[[], datetime] = utc_now
) -> AppContext | None:
    from studyapp.gui.dialogs.errors import show_error
    from studyapp.services.collection import open_for_reading

    korean, applied, language = prepare(app, prefs)
    while True:
        try:
            opened = open_for_reading(folder, clock)
            break
        except CollectionLockedError as err:
            if not _retry_locked(str(err)):
                return None
        except StudyappError as err:
            show_error(None, err)
            return None
    keep_private(prefs)
    return AppContext(
        opened.collection, prefs, Worker(), korean, applied, language, opened.readonly_reason
    )


def _retry_locked(message: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, "studyapp", message)
    box.setInformativeText(
        QCoreApplication.translate(
            "ErrorDialog",
            "Close the other studyapp (perhaps `studyapp review` in a terminal), then retry.",
        )
    )
    box.setStandardButtons(QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Retry


class _FirstPaint(QObject):
    def __init__(self, report: str) -> None:
        super().__init__()
        self.report = report

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.report:
            heavy = sorted(
                {m for m in sys.modules for h in HEAVY if m == h or m.startswith(h + ".")}
            )
            Path(self.report).write_text(
                f"{time.monotonic()}\n{','.join(heavy)}\n", encoding="utf-8"
            )
            self.report = ""
            QTimer.singleShot(0, QApplication.quit)
        return False


def run(data_dir: str | None = None) -> int:
    folder = paths.data_dir(data_dir)
    app = application()
    guard = SingleInstance(folder)
    if guard.already_running():
        print(
            "studyapp is already open for this collection; its window was raised.", file=sys.stderr
        )
        return 0
    # Beside the collection; before the first open creates the folder it reads as defaults.
    ctx = open_context(folder, preferences(folder), app)
    if ctx is None:
        return 1
    from studyapp.gui.main_window import MainWindow

    window = MainWindow(ctx)
    guard.window = window
    report = os.environ.get(FIRST_PAINT_ENV)
    if report:
        painted = _FirstPaint(report)
        window.installEventFilter(painted)
    window.show()
    quit_after = os.environ.get(QUIT_AFTER_ENV)
    if quit_after:
        QTimer.singleShot(int(quit_after), window.close)
    code = app.exec()
    ctx.collection.close()
    return code
