"""Card text between our Markdown and Anki's HTML fields.

To Anki: Markdown rendered by markdown-it-py (CommonMark plus tables; raw HTML in the notes is
shown as text, never run), formulas `$...$` and `$$...$$` written as MathJax `\\(...\\)` and
`\\[...\\]`, which Anki and AnkiDroid typeset. A card whose text is one paragraph gets no `<p>`
around it, as a field typed in Anki would look. From Anki: HTML read back into Markdown (bold,
italics, code, line breaks, lists, MathJax), for notes made or edited in Anki. Korean text
passes through unchanged (NFC). markdown-it is imported on first use.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache
from html.parser import HTMLParser
from typing import Any

# $$display$$, or $inline$ that starts and ends with a non-space and is not followed by a digit
# (so "costs $5 and $10" stays text).
_MATH = re.compile(r"\$\$(.+?)\$\$|\$(?=\S)((?:\\\$|[^$\n])+?)(?<=\S)\$(?!\d)", re.S)
_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.S)  # formulas are not looked for in code
_HOLE = re.compile("\ue000(\\d+)\ue001")  # private-use marks keep a formula out of Markdown
_ONE_PARAGRAPH = re.compile(r"^<p>((?:(?!</?p>).)*)</p>\n?$", re.S)


@cache
def _renderer() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "breaks": True}).enable("table")


def markdown_to_html(text: str) -> str:
    """One field's HTML for Anki from a card's Markdown."""
    formulas: list[str] = []

    def hold(match: re.Match[str]) -> str:
        display = match.group(1) is not None
        body = html.escape(match.group(1) if display else match.group(2), quote=False)
        formulas.append(rf"\[{body}\]" if display else rf"\({body}\)")
        return f"\ue000{len(formulas) - 1}\ue001"

    parts = _CODE.split(unicodedata.normalize("NFC", text))
    parts[::2] = [_MATH.sub(hold, part) for part in parts[::2]]
    rendered = _renderer().render("".join(parts)).strip()
    if single := _ONE_PARAGRAPH.match(rendered):
        rendered = single.group(1)
    return _HOLE.sub(lambda m: formulas[int(m.group(1))], rendered)


_BLOCKS = frozenset({"p", "div", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "pre"})
_LISTS = frozenset({"ul", "ol"})
_MARKS = {"b": "**", "strong": "**", "i": "*", "em": "*", "code": "`"}
_SKIP = frozenset({"style", "script"})
_SOUND = re.compile(r"\[sound:[^\]]*\]")


class _TextParser(HTMLParser):
    """Collects text with Markdown marks; lists nest by indentation, as the notes write them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0
        self.lists: list[list[int]] = []  # per open list: [next number] (ol), [] (ul)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag == "br":
            self.out.append("\n")
        elif tag in _LISTS:
            self.lists.append([1] if tag == "ol" else [])
        elif tag == "li":
            self.out.append("\n" + "   " * (len(self.lists) - 1) + self._bullet())
        elif tag in _BLOCKS:
            self.out.append("\n")
        elif tag in _MARKS:
            self.out.append(_MARKS[tag])
        elif tag == "img":
            self.out.append(f"[image: {dict(attrs).get('src') or '?'}]")

    def _bullet(self) -> str:
        if not self.lists or not self.lists[-1]:
            return "- "
        number = self.lists[-1][0]
        self.lists[-1][0] += 1
        return f"{number}. "

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in _LISTS:
            if self.lists:
                self.lists.pop()
            self.out.append("\n")
        elif tag in _BLOCKS:
            self.out.append("\n")
        elif tag in _MARKS:
            self.out.append(_MARKS[tag])

    def handle_data(self, data: str) -> None:
        # Whitespace with a line break between tags is layout, not text.
        if not self.skipping and not (data.isspace() and "\n" in data):
            self.out.append(data)


def html_to_markdown(field: str) -> str:
    """A field's (or a rendered card side's) HTML as our Markdown text."""
    if not any(mark in field for mark in ("<", "&", "\\", "[sound:")):
        return unicodedata.normalize("NFC", field.strip())  # plain text: nothing to convert
    parser = _TextParser()
    parser.feed(field)
    parser.close()
    text = "".join(parser.out).replace("\xa0", " ")
    text = re.sub(r"\\\((.+?)\\\)", r"$\1$", text, flags=re.S)
    text = re.sub(r"\\\[(.+?)\\\]", r"$$\1$$", text, flags=re.S)
    text = _SOUND.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    text = re.sub(r"\n\n(?=\s*(?:- |\d+\. ))", "\n", text)  # list items follow each other
    return unicodedata.normalize("NFC", text.strip())
