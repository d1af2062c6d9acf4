"""Korean text in Qt: the bundled NanumGothic registered with the font database and used as a
fallback behind a Latin family (NanumGothic draws the backslash as ₩ and has no U+2212)."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QFont, QFontDatabase

from studyapp import paths

FONT_FILES = ("assets/fonts/NanumGothic.ttf", "assets/fonts/NanumGothicBold.ttf")
LATIN = ("DejaVu Sans", "Noto Sans", "Segoe UI", "Helvetica Neue", "Arial")
MONO = ("DejaVu Sans Mono", "Noto Sans Mono", "Consolas", "Menlo", "Courier New")


@cache
def install_fonts() -> str:
    """Register the bundled fonts once (a missing file is an error); the Korean family's name."""
    family = ""
    for relative in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(paths.bundled(relative)))
        if font_id < 0:
            raise RuntimeError(f"Qt could not load the bundled font {relative}")
        family = family or QFontDatabase.applicationFontFamilies(font_id)[0]
    return family


def families(korean: str, *, mono: bool = False) -> list[str]:
    available = set(QFontDatabase.families())
    latin = [f for f in (MONO if mono else LATIN) if f in available]
    return [*latin[:1], korean]


def app_font(korean: str, point_size: int) -> QFont:
    font = QFont()
    font.setFamilies(families(korean))
    font.setPointSize(point_size)
    return font


def mono_font(korean: str, point_size: int) -> QFont:
    font = QFont()
    font.setFamilies(families(korean, mono=True))
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setFixedPitch(True)
    font.setPointSize(point_size)
    return font
