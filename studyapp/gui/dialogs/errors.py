"""Every failure the core explains becomes a dialog with its one-line message; anything else
(a bug) a dialog too, with the details folded away, never a traceback on the terminal only."""

from __future__ import annotations

import traceback

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from studyapp.domain.errors import (
    CollectionCorruptError,
    CollectionMissingError,
    CollectionReadOnlyError,
    CollectionTooNewError,
    StudyappError,
)


def title_for(err: BaseException) -> str:
    if isinstance(err, CollectionCorruptError):
        return QCoreApplication.translate("ErrorDialog", "The collection is damaged")
    if isinstance(err, CollectionMissingError):
        return QCoreApplication.translate("ErrorDialog", "The collection is missing")
    if isinstance(err, CollectionReadOnlyError):
        return QCoreApplication.translate("ErrorDialog", "The collection is read-only")
    if isinstance(err, CollectionTooNewError):
        return QCoreApplication.translate("ErrorDialog", "The collection is from a newer studyapp")
    return "studyapp"


def show_error(parent: QWidget | None, err: BaseException) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title_for(err))
    if isinstance(err, StudyappError | OSError):
        box.setText(str(err).splitlines()[0] if str(err) else type(err).__name__)
    else:
        box.setText(QCoreApplication.translate(
            "ErrorDialog", "Something went wrong; what it was doing was not saved. The details "
            "below help to report it."))  # fmt: skip
        box.setDetailedText("".join(traceback.format_exception(err)))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setObjectName("errorDialog")
    box.open() if parent is not None and parent.isVisible() else box.exec()
