"""Light and dark, following the system unless the learner chooses one (Settings)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")

# Anki's colours for the queue counts: new blue, learning red, review green.
COUNT_COLORS = {
    "light": ("#1f6fd1", "#c0392b", "#2e8b57"),
    "dark": ("#6aa8ff", "#ff7b6b", "#6fd39a"),
}


def resolve(theme: str) -> str:
    if theme in ("light", "dark"):
        return theme
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def apply(app: QApplication, theme: str) -> str:
    """Set the palette; returns "light" or "dark", what was applied."""
    mode = resolve(theme)
    app.setStyle("Fusion")  # the same look everywhere, and a palette it honours
    palette = QPalette()
    if mode == "dark":
        colors = {
            QPalette.ColorRole.Window: "#202124",
            QPalette.ColorRole.WindowText: "#e8eaed",
            QPalette.ColorRole.Base: "#17181a",
            QPalette.ColorRole.AlternateBase: "#25272a",
            QPalette.ColorRole.Text: "#e8eaed",
            QPalette.ColorRole.Button: "#2d2f33",
            QPalette.ColorRole.ButtonText: "#e8eaed",
            QPalette.ColorRole.Highlight: "#3d6fb6",
            QPalette.ColorRole.HighlightedText: "#ffffff",
            QPalette.ColorRole.ToolTipBase: "#2d2f33",
            QPalette.ColorRole.ToolTipText: "#e8eaed",
            QPalette.ColorRole.PlaceholderText: "#9aa0a6",
            QPalette.ColorRole.Link: "#8ab4f8",
        }
        for role, color in colors.items():
            palette.setColor(role, QColor(color))
        palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#6b6f75"))
        palette.setColor(
            QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#6b6f75")
        )
    else:
        palette = app.style().standardPalette()
    app.setPalette(palette)
    app.setProperty("studyapp_theme", mode)
    return mode


def current(app: QApplication) -> str:
    return str(app.property("studyapp_theme") or "light")


def count_colors(app: QApplication) -> tuple[str, str, str]:
    return COUNT_COLORS[current(app)]
