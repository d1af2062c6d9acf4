"""Korean text in matplotlib: the bundled NanumGothic behind a Latin family.

NanumGothic draws the backslash as ₩ and has no U+2212 minus sign, so it comes second: Latin
text, digits and the minus use DejaVu Sans (matplotlib's own), Hangul falls back to Nanum.
Registered once per process; a missing font file is an error, never boxes in a chart.
"""

from __future__ import annotations

from functools import cache

from studyapp import paths

LATIN = "DejaVu Sans"
KOREAN = "NanumGothic"
FONT_FILES = ("assets/fonts/NanumGothic.ttf", "assets/fonts/NanumGothicBold.ttf")


@cache
def chart_families() -> tuple[str, ...]:
    """Register the bundled fonts with matplotlib; the family list to give every text."""
    from matplotlib import font_manager

    for relative in FONT_FILES:
        font_manager.fontManager.addfont(str(paths.bundled(relative)))
    return (LATIN, KOREAN)


def korean_rc() -> dict[str, object]:
    """rcParams for a figure's context (`with matplotlib.rc_context(korean_rc()):`), leaving
    the process-wide defaults alone."""
    return {"font.family": list(chart_families()), "axes.unicode_minus": True}
