"""Card text (Markdown) to the HTML subset QTextBrowser shows, with formulas as images.

markdown-it-py with mdit-py-plugins' dollar math reads `$...$` and `$$...$$`; each formula is
drawn by matplotlib's mathtext (imported on the first formula only) to a PNG, cached by its
text, size and colour, and referenced from the HTML as `math:<hash>` for the view to register.
A formula mathtext cannot read is shown as its source, never dropped.
"""

from __future__ import annotations

import hashlib
import html
import io
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin


@dataclass(frozen=True)
class Rendered:
    html: str
    images: dict[str, bytes] = field(default_factory=dict)  # "math:<hash>" -> PNG


@lru_cache(maxsize=512)
def formula_png(tex: str, point_size: int, color: str, display: bool) -> bytes | None:
    from matplotlib import mathtext  # lazy: ~0.3 s, only once a card holds a formula
    from matplotlib.font_manager import FontProperties

    buffer = io.BytesIO()
    size = point_size * (1.25 if display else 1.1)
    try:
        mathtext.math_to_image(
            f"${tex}$", buffer, prop=FontProperties(size=size), dpi=144, format="png", color=color
        )
    except (ValueError, RuntimeError):
        return None
    return buffer.getvalue()


def _parser() -> MarkdownIt:
    return (
        MarkdownIt("commonmark", {"html": False, "breaks": True})
        .enable(["table", "strikethrough"])
        .use(dollarmath_plugin, allow_space=True, double_inline=True)
    )


_MD = _parser()

STYLE = (
    "code { background-color: %(code_bg)s; font-family: monospace; } "
    "pre { background-color: %(code_bg)s; padding: 6px; } "
    "blockquote { color: %(muted)s; margin-left: 12px; } "
    "table { border-collapse: collapse; } td, th { border: 1px solid %(muted)s; padding: 2px 6px; }"
)


def render(
    text: str, *, point_size: int = 13, color: str = "#202124", dark: bool = False
) -> Rendered:
    """HTML for QTextBrowser and the formula images it refers to."""
    images: dict[str, bytes] = {}
    env: dict[str, Any] = {}
    tokens = _MD.parse(text, env)
    for token in tokens:
        _replace_math(token, images, point_size, color)
    body = _MD.renderer.render(tokens, _MD.options, env)
    colors = {
        "code_bg": "#2d2f33" if dark else "#f1f3f4",
        "muted": "#9aa0a6" if dark else "#5f6368",
    }
    return Rendered(f"<style>{STYLE % colors}</style>{body}", images)


def _replace_math(token: Any, images: dict[str, bytes], size: int, color: str) -> None:
    for child in token.children or []:
        _replace_math(child, images, size, color)
    if token.type not in ("math_inline", "math_block", "math_inline_double", "math_block_label"):
        return
    display = token.type != "math_inline"
    png = formula_png(token.content.strip(), size, color, display)
    token.type = "html_inline"  # rendered verbatim: our own markup, the text is escaped below
    if png is None:
        token.content = f"<code>{html.escape(token.content)}</code>"
        return
    key = "math:" + hashlib.sha1(png).hexdigest()[:16]
    images[key] = png
    alt = html.escape(token.content, quote=True)
    tag = f'<img src="{key}" alt="{alt}" style="vertical-align: middle;">'
    token.content = f"<p align='center'>{tag}</p>" if display else tag
