"""Opening the learner's collection as the app does: created with the bundled deck on first use,
read-only when another process has it or the folder cannot be written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp import paths
from studyapp.db.collection import Collection, open_collection
from studyapp.domain.errors import CollectionLockedError, CollectionReadOnlyError
from studyapp.domain.studyday import utc_now

if TYPE_CHECKING:
    from studyapp.services.importing import ImportReport


@dataclass(frozen=True)
class Opened:
    collection: Collection
    bundled: ImportReport | None  # the bundled deck, when this open created the collection
    readonly_reason: str | None = None  # why a reader got a read-only collection


def open_for_writing(folder: Path, clock: Callable[[], datetime] = utc_now) -> Opened:
    """Open (creating it, with the bundled CS231n deck, on first use). The bundled deck is
    found before anything is created: a broken installation creates no empty collection."""
    path = paths.collection_path(folder)
    exists = path.exists() and path.stat().st_size > 0
    notes = None if exists else paths.bundled_notes()
    col = open_collection(folder, clock=clock)
    if not col.created or notes is None:
        return Opened(col, None)
    from studyapp.services.importing import import_notes_file

    try:
        report = import_notes_file(col, notes, paths.BUNDLED_DECK_NAME)
    except BaseException:
        col.close()
        raise
    return Opened(col, report)


def open_for_reading(folder: Path, clock: Callable[[], datetime] = utc_now) -> Opened:
    """Like open_for_writing, but read-only when the collection is busy or cannot be written."""
    try:
        return open_for_writing(folder, clock)
    except (CollectionLockedError, CollectionReadOnlyError) as err:
        if isinstance(err, CollectionReadOnlyError) and not paths.collection_path(folder).exists():
            raise  # nothing to read, and nothing can be created there
        return Opened(open_collection(folder, readonly=True, clock=clock), None, str(err))
