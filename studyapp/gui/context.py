"""What every view shares: the open collection, preferences, the worker pool, and a bus on
which operations announce what they changed, so each view redraws only that."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QSettings, Signal

from studyapp.db.collection import Collection
from studyapp.domain.changes import Changes
from studyapp.gui.workers import Worker


class ChangeBus(QObject):
    changed = Signal(object)  # Changes

    def announce(self, changes: Changes) -> None:
        if not changes.empty:
            self.changed.emit(changes)


FONT_SIZES = (9, 28)
DEFAULT_FONT_SIZE = 13


def font_size(prefs: QSettings) -> int:
    """The font size the learner chose; a hand-edited or damaged value falls back to the
    default instead of breaking the start."""
    try:
        size = int(str(prefs.value("font_size", DEFAULT_FONT_SIZE)))
    except ValueError:
        return DEFAULT_FONT_SIZE
    low, high = FONT_SIZES
    return size if low <= size <= high else DEFAULT_FONT_SIZE


@dataclass
class AppContext:
    collection: Collection
    prefs: QSettings
    worker: Worker
    korean_family: str
    theme: str = "light"  # "light" or "dark", as applied
    language: str = "en"
    readonly_reason: str | None = None
    bus: ChangeBus = field(default_factory=ChangeBus)

    @property
    def font_size(self) -> int:
        return font_size(self.prefs)

    @property
    def text_color(self) -> str:
        return "#e8eaed" if self.theme == "dark" else "#202124"
