"""The main window: the views as tabs (Alt+1-7; Ctrl+digits flag cards in Review), made when
first shown, menus, the status bar; it remembers its size and position, and closing it cancels
running work cleanly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studyapp.domain.changes import Changes
from studyapp.gui.context import AppContext
from studyapp.gui.dialogs.errors import show_error


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self.setWindowTitle("studyapp — CS231n")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.setCentralWidget(self.tabs)
        self.job_label = QLabel()
        self.statusBar().addPermanentWidget(self.job_label)
        self._build_views()
        self._build_menus()
        geometry = ctx.prefs.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 760)
        self._show_collection_state()

    # -- views ---------------------------------------------------------------------------------

    def _titles(self) -> dict[str, str]:
        return {
            "home": self.tr("Home"),
            "review": self.tr("Review"),
            "quiz": self.tr("Quiz"),
            "browse": self.tr("Browse"),
            "exercises": self.tr("Exercises"),
            "progress": self.tr("Progress"),
            "settings": self.tr("Settings"),
        }

    def _build_views(self) -> None:
        """A page per tab; each view is made when first shown (the window opens fast: Home
        only), then kept."""
        self._views: dict[str, Any] = {}
        self._pages: dict[str, QWidget] = {}
        for name, title in self._titles().items():
            page = QWidget()
            page.setObjectName(f"{name}Page")
            layout = QVBoxLayout(page)
            layout.setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(page, title)
            self._pages[name] = page
        self.view("home")
        self.tabs.currentChanged.connect(self._on_tab_changed)

    def view(self, name: str) -> Any:
        """The view of tab `name`, made now if it was not yet."""
        if name in self._views:
            return self._views[name]
        made = self._make(name)
        self._views[name] = made
        layout = self._pages[name].layout()
        assert layout is not None
        layout.addWidget(made)
        return made

    def _make(self, name: str) -> QWidget:
        ctx = self.ctx
        if name == "home":
            from studyapp.gui.views.home import HomeView

            home = HomeView(ctx)
            home.study_requested.connect(self._on_home_study_requested)
            home.exercises_requested.connect(self._on_home_exercises_requested)
            home.import_requested.connect(self.import_notes)
            return home
        if name == "review":
            from studyapp.gui.views.review import ReviewView

            review = ReviewView(ctx)
            review.finished.connect(lambda: self.show_view("home"))
            return review
        if name == "quiz":
            from studyapp.gui.views.quiz import QuizView

            return QuizView(ctx)
        if name == "browse":
            from studyapp.gui.views.browse import BrowseView

            return BrowseView(ctx)
        if name == "exercises":
            from studyapp.gui.views.exercises import ExercisesView

            exercises = ExercisesView(ctx)
            exercises.related_cards_requested.connect(self._on_related_cards_requested)
            return exercises
        if name == "progress":
            from studyapp.gui.views.progress import ProgressView

            return ProgressView(ctx)
        from studyapp.gui.views.settings import SettingsView

        settings = SettingsView(ctx)
        settings.collection_replaced.connect(self._on_collection_replaced)
        settings.appearance_changed.connect(self._on_appearance_changed)
        return settings

    # The views by name, each made on first use.
    home = property(lambda self: self.view("home"))
    review = property(lambda self: self.view("review"))
    quiz = property(lambda self: self.view("quiz"))
    browse = property(lambda self: self.view("browse"))
    exercises = property(lambda self: self.view("exercises"))
    progress = property(lambda self: self.view("progress"))
    settings = property(lambda self: self.view("settings"))

    def current_view(self) -> str:
        return list(self._pages)[self.tabs.currentIndex()]

    def show_view(self, name: str) -> None:
        self.view(name)
        self.tabs.setCurrentWidget(self._pages[name])

    def _on_tab_changed(self, index: int) -> None:
        name = list(self._pages)[index]
        widget = self.view(name)
        if name == "review" and widget.session is None:
            widget.start(None)
        refresh = getattr(widget, "on_shown", None)
        if callable(refresh):
            refresh()

    def _on_home_study_requested(self, deck: str | None) -> None:
        self.tabs.blockSignals(True)  # not the tab's own start (all decks): this deck's
        self.show_view("review")
        self.tabs.blockSignals(False)
        self.review.start(deck)

    def _on_home_exercises_requested(self, exercise_id: str) -> None:
        self.show_view("exercises")
        if exercise_id:
            self.exercises.select(exercise_id)

    def _on_related_cards_requested(self, query: str) -> None:
        self.show_view("browse")
        self.browse.set_query(query)

    # -- menus ---------------------------------------------------------------------------------

    def _action(self, menu, text: str, slot, shortcut: str | None = None) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(self.tr("&File"))
        self._action(file, self.tr("Import notes…"), self.import_notes, "Ctrl+I")
        self._action(file, self.tr("Import an Anki package (.apkg)…"), self.import_apkg)
        self._action(file, self.tr("Export to Anki (.apkg)…"), self.export_apkg)
        self._action(file, self.tr("Export as CSV…"), self.export_csv)
        self._action(file, self.tr("Back up now"), lambda: self.settings.backup_now())
        file.addSeparator()
        self._action(file, self.tr("Quit"), self.close, "Ctrl+Q")
        go = bar.addMenu(self.tr("&Go"))
        for number, (name, title) in enumerate(self._titles().items(), start=1):
            self._action(go, title, lambda _=False, n=name: self.show_view(n), f"Alt+{number}")
        help_menu = bar.addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("Keyboard shortcuts"), self.show_shortcuts, "F1")
        self._action(help_menu, self.tr("About studyapp"), self.show_about)

    def show_shortcuts(self) -> None:
        from studyapp.gui.dialogs.shortcuts import ShortcutsDialog

        ShortcutsDialog(self).exec()

    def show_about(self) -> None:
        from studyapp import __version__

        QMessageBox.about(
            self,
            self.tr("About studyapp"),
            self.tr(
                "studyapp %1: FSRS flashcards from your CS231n notes, graded NumPy exercises and "
                "weekly progress."
            ).replace("%1", __version__),
        )

    def import_notes(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import notes"),
            str(Path.home()),
            self.tr("Markdown notes (*.md *.markdown *.txt)"),
        )
        if path:
            self.run_import(Path(path))

    def run_import(self, path: Path) -> None:
        from studyapp.services.importing import import_notes_job

        col = self.ctx.collection
        self.job_label.setText(self.tr("Importing…"))
        self.ctx.worker.submit(
            lambda _cancel: import_notes_job(col, path),
            done=self._on_import_done,
            error=self._on_job_error,
            progress=lambda p: self.job_label.setText(p.message),
        )

    def _run_job(self, label: str, make_job: Any) -> None:
        """A core job on the worker, its progress in the status bar, its summary after."""
        self.job_label.setText(label)
        self.ctx.worker.submit(
            make_job,
            done=self._on_import_done,
            error=self._on_job_error,
            progress=lambda p: self.job_label.setText(p.message),
        )

    def import_apkg(self) -> None:
        from studyapp.services.anki_import import import_apkg_job

        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import an Anki package"),
            str(Path.home()),
            self.tr("Anki packages (*.apkg)"),
        )
        if path:
            col = self.ctx.collection
            self._run_job(self.tr("Importing…"), lambda _cancel: import_apkg_job(col, Path(path)))

    def export_apkg(self) -> None:
        from studyapp.services.anki_export import export_apkg_job

        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export to Anki"),
            str(Path.home() / "studyapp.apkg"),
            self.tr("Anki packages (*.apkg)"),
        )
        if path:
            answer = QMessageBox.question(
                self,
                self.tr("Export to Anki"),
                self.tr(
                    "Include each card's scheduling and review history (for moving to Anki)? "
                    "Without it the cards arrive in Anki as new."
                ),
            )
            scheduling = answer == QMessageBox.StandardButton.Yes
            col, out = self.ctx.collection, Path(path).with_suffix(".apkg")
            self._run_job(
                self.tr("Exporting…"), lambda _cancel: export_apkg_job(col, out, None, scheduling)
            )

    def export_csv(self) -> None:
        from studyapp.services.anki_export import export_csv

        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export as CSV"),
            str(Path.home() / "studyapp.csv"),
            self.tr("CSV files (*.csv)"),
        )
        if path:
            col, out = self.ctx.collection, Path(path)
            self._run_job(self.tr("Exporting…"), lambda _cancel: export_csv(col, out))

    def _on_import_done(self, report) -> None:  # type: ignore[no-untyped-def]
        self.job_label.setText("")
        self.statusBar().showMessage(report.summary(), 15_000)
        self.ctx.bus.announce(report.changes)

    def _on_job_error(self, err: BaseException) -> None:
        self.job_label.setText("")
        show_error(self, err)

    # -- state ---------------------------------------------------------------------------------

    def _show_collection_state(self) -> None:
        col = self.ctx.collection
        text = str(col.path)
        if self.ctx.readonly_reason:
            text = self.tr("Read-only: %1").replace("%1", self.ctx.readonly_reason)
        self.statusBar().showMessage(text)

    def _close_review(self) -> None:
        review = self._views.get("review")
        if review is not None:
            review.close_session()

    def _on_collection_replaced(self) -> None:
        self._close_review()
        self.ctx.bus.announce(
            Changes(
                all_cards=True,
                decks=True,
                study_queues=True,
                notes=True,
                exercises=True,
                settings=True,
                deck_config=True,
            )
        )
        self._show_collection_state()

    def _on_appearance_changed(self) -> None:
        """Language, theme or font size changed: apply them, rebuild the views in the new look."""
        from PySide6.QtWidgets import QApplication

        from studyapp.gui.app import prepare

        app = QApplication.instance()
        assert isinstance(app, QApplication)
        _korean, self.ctx.theme, self.ctx.language = prepare(app, self.ctx.prefs)
        current = self.tabs.currentIndex()
        self._close_review()
        self.tabs.currentChanged.disconnect(self._on_tab_changed)
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if widget is not None:
                widget.deleteLater()
        self.menuBar().clear()
        self._build_views()
        self._build_menus()
        self.tabs.setCurrentIndex(current)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ctx.prefs.setValue("geometry", self.saveGeometry())
        self._close_review()
        if not self.ctx.worker.shutdown(30_000):
            QMessageBox.warning(self, self.tr("studyapp"), self.tr("Some work is still running."))
        event.accept()
