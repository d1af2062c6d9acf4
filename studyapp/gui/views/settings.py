"""Settings: deck options and collection settings (validated by the core's registry), the
look (font size, light/dark, language), the data folder and its backups (back up now, restore
through the core's crash-safe restore, with confirmation)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studyapp import paths
from studyapp.domain import settings as registry
from studyapp.domain.errors import StudyappError
from studyapp.domain.settings import Kind, SettingSpec, format_minutes
from studyapp.gui.context import FONT_SIZES, AppContext
from studyapp.gui.dialogs.errors import show_error
from studyapp.gui.i18n import LANGUAGES
from studyapp.gui.labels import setting_label
from studyapp.gui.theme import THEMES


def _editor(spec: SettingSpec) -> QWidget:
    if spec.kind is Kind.FLOAT:
        box = QDoubleSpinBox()
        box.setRange(spec.low, spec.high)
        box.setSingleStep(0.01)
        box.setDecimals(2)
        return box
    if spec.kind is Kind.INT:
        spin = QSpinBox()
        spin.setRange(int(spec.low), int(spec.high))
        return spin
    return QLineEdit()


def _set(widget: QWidget, value: Any) -> None:
    if isinstance(widget, QDoubleSpinBox | QSpinBox):
        widget.setValue(value)
    elif isinstance(widget, QLineEdit):
        widget.setText(" ".join(format_minutes(v) for v in value))


def _get(widget: QWidget) -> Any:
    if isinstance(widget, QDoubleSpinBox | QSpinBox):
        return widget.value()
    assert isinstance(widget, QLineEdit)
    return widget.text()  # text: the registry parses and bounds it


class SettingsView(QWidget):
    collection_replaced = Signal()
    appearance_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("settingsView")
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self._deck_group())
        layout.addWidget(self._look_group())
        layout.addWidget(self._data_group())
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll)
        self.on_shown()

    # -- groups --------------------------------------------------------------------------------

    def _deck_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Scheduling"))
        form = QFormLayout(group)
        self.deck = QComboBox()
        self.deck.setObjectName("settingsDeck")
        self.deck.currentIndexChanged.connect(self._load_deck)
        form.addRow(self.tr("Deck"), self.deck)
        self.fields: dict[str, QWidget] = {}
        for key, spec in registry.ALL.items():
            widget = _editor(spec)
            widget.setObjectName(f"setting_{key}")
            widget.setToolTip(f"{spec.help}; {spec.describe()}")
            self.fields[key] = widget
            form.addRow(setting_label(key), widget)
        self.message = QLabel()
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        save = QPushButton(self.tr("Save settings"))
        save.setObjectName("saveSettings")
        save.clicked.connect(self.save)
        form.addRow(self.message, save)
        fsrs = QPushButton(self.tr("FSRS parameters and workload…"))
        fsrs.setObjectName("openFsrs")
        fsrs.setToolTip(
            self.tr(
                "Fit FSRS to your own reviews, and see what each desired "
                "retention costs in reviews a day"
            )
        )
        fsrs.clicked.connect(self.open_fsrs)
        form.addRow("", fsrs)
        return group

    def open_fsrs(self) -> None:
        from studyapp.gui.dialogs.fsrs_dialog import FsrsDialog

        dialog = FsrsDialog(self.ctx, self.deck.currentText() or None, self)
        dialog.exec()
        self._load_deck()  # an applied fit changed the deck's parameters

    def _look_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Appearance"))
        form = QFormLayout(group)
        self.font_size = QSpinBox()
        self.font_size.setObjectName("fontSize")
        self.font_size.setRange(*FONT_SIZES)
        self.font_size.setValue(self.ctx.font_size)
        self.theme = QComboBox()
        self.theme.setObjectName("theme")
        names = {
            "system": self.tr("Follow the system"),
            "light": self.tr("Light"),
            "dark": self.tr("Dark"),
        }
        for theme in THEMES:
            self.theme.addItem(names[theme], theme)
        self.theme.setCurrentIndex(THEMES.index(str(self.ctx.prefs.value("theme", "system"))))
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in LANGUAGES.items():
            self.language.addItem(self.tr("Follow the system") if code == "system" else name, code)
        self.language.setCurrentIndex(
            list(LANGUAGES).index(str(self.ctx.prefs.value("language", "system")))
        )
        apply = QPushButton(self.tr("Apply"))
        apply.setObjectName("applyAppearance")
        apply.clicked.connect(self.apply_look)
        form.addRow(self.tr("Font size"), self.font_size)
        form.addRow(self.tr("Theme"), self.theme)
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", apply)
        return group

    def _data_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Your data"))
        layout = QVBoxLayout(group)
        folder = QHBoxLayout()
        self.folder = QLabel(str(self.ctx.collection.folder))
        self.folder.setObjectName("dataFolder")
        open_folder = QPushButton(self.tr("Open folder"))
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.collection.folder)))
        )
        folder.addWidget(self.folder, 1)
        folder.addWidget(open_folder)
        layout.addLayout(folder)
        self.backups = QListWidget()
        self.backups.setObjectName("backupList")
        layout.addWidget(QLabel(self.tr("Backups (newest first)")))
        layout.addWidget(self.backups)
        row = QHBoxLayout()
        backup = QPushButton(self.tr("Back up now"))
        backup.setObjectName("backupNow")
        backup.clicked.connect(self.backup_now)
        restore = QPushButton(self.tr("Restore selected…"))
        restore.setObjectName("restoreBackup")
        restore.clicked.connect(self.restore_selected)
        row.addWidget(backup)
        row.addWidget(restore)
        row.addStretch(1)
        layout.addLayout(row)
        return group

    # -- loading -------------------------------------------------------------------------------

    def on_shown(self) -> None:
        from studyapp.db.backup import list_backups
        from studyapp.db.decks import deck_ids

        with self.ctx.collection.connection() as conn:
            names = list(deck_ids(conn).values())
        current = self.deck.currentText()
        self.deck.blockSignals(True)
        self.deck.clear()
        self.deck.addItems(names)
        if current in names:
            self.deck.setCurrentText(current)
        self.deck.blockSignals(False)
        self._load_deck()
        self.backups.clear()
        for path in list_backups(paths.backups_dir(self.ctx.collection.folder)):
            self.backups.addItem(path.name)
        self.folder.setText(str(self.ctx.collection.folder))

    def _load_deck(self, *_args: object) -> None:
        from studyapp.services.settings import show_settings

        deck = self.deck.currentText() or None
        try:
            shown = show_settings(self.ctx.collection, deck)
        except StudyappError as err:
            self.message.setText(str(err))
            return
        values = dict(shown.collection)
        if deck is not None:
            values.update(shown.decks[deck])
        for key, value in values.items():
            _set(self.fields[key], value)

    # -- actions -------------------------------------------------------------------------------

    def save(self) -> None:
        from studyapp.services.settings import change_settings

        values = {key: _get(widget) for key, widget in self.fields.items()}
        try:
            report = change_settings(self.ctx.collection, self.deck.currentText() or None, values)
        except StudyappError as err:
            self.message.setText(str(err))
            return
        self.message.setText(self.tr("Saved: %n change(s).", "", len(report.changed)))
        self.ctx.bus.announce(report.changes)

    def apply_look(self) -> None:
        self.ctx.prefs.setValue("font_size", self.font_size.value())
        self.ctx.prefs.setValue("theme", self.theme.currentData())
        self.ctx.prefs.setValue("language", self.language.currentData())
        self.appearance_changed.emit()

    def backup_now(self) -> None:
        try:
            path = self.ctx.collection.backup("manual")
        except (StudyappError, OSError) as err:
            show_error(self, err)
            return
        self.message.setText(self.tr("Backed up to %1").replace("%1", path.name))
        self.on_shown()

    def restore_selected(self) -> None:
        item = self.backups.currentItem()
        if item is None:
            return
        source = paths.backups_dir(self.ctx.collection.folder) / item.text()
        answer = QMessageBox.question(
            self,
            self.tr("Restore a backup"),
            self.tr(
                "Replace your collection with the backup %1? Your current collection is backed up "
                "first, so this can be undone."
            ).replace("%1", item.text()),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restore(source)

    def restore(self, source: Path) -> None:
        from studyapp.db.collection import open_collection
        from studyapp.db.restore import restore_collection

        col = self.ctx.collection
        folder, clock, tz = col.folder, col.clock, col.tz
        col.close()  # the restore takes the collection's lock itself
        try:
            restore_collection(folder, source)
        except (StudyappError, OSError) as err:
            show_error(self, err)
        else:
            self.message.setText(self.tr("Restored %1.").replace("%1", source.name))
        finally:
            # Whatever happened, a collection is open again: the restored one or the old one.
            self.ctx.collection = open_collection(folder, clock=clock, tz=tz)
        self.collection_replaced.emit()
        self.on_shown()
