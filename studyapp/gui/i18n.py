"""Translations with Qt's own system: `self.tr()` in the widgets, `.ts` sources and compiled
`.qm` files in assets/translations (Korean; English is the source language)."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from studyapp import paths

LANGUAGES = {"system": "System", "en": "English", "ko": "한국어"}


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
    return translator
