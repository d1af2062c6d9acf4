"""Translations with Qt's own system: `self.tr()` in the widgets, `.ts` sources and compiled
`.qm` files in assets/translations (Korean; English is the source language). Qt's own strings
(a dialog's Close, Cancel, Yes and No, a text field's context menu) come from the qtbase
translation that ships with PySide6."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from studyapp import paths

LANGUAGES = {"system": "System", "en": "English", "ko": "한국어"}
_QT_TRANSLATIONS = QLibraryInfo.LibraryPath.TranslationsPath


def resolve(language: str) -> str:
    if language in ("en", "ko"):
        return language
    return "ko" if QLocale.system().language() == QLocale.Language.Korean else "en"


def install(app: QApplication, language: str) -> QTranslator | None:
    """Load the language's .qm into the application; returns the translator (keep it)."""
    code = resolve(language)
    for old in app.findChildren(QTranslator):
        app.removeTranslator(old)
        old.deleteLater()
    if code == "en":
        return None
    translator = QTranslator(app)
    path = paths.bundled(f"assets/translations/studyapp_{code}.qm")
    if not translator.load(str(path)):
        raise RuntimeError(f"the translation {path} could not be loaded")
    app.installTranslator(translator)
    qt_own = QTranslator(app)
    # Qt's file, not ours: a PySide6 build without it leaves the standard buttons in English.
    if qt_own.load(QLocale(code), "qtbase", "_", QLibraryInfo.path(_QT_TRANSLATIONS)):
        app.installTranslator(qt_own)
    return translator
