"""markdown-it token helpers: split a token stream into blocks and rebuild their Markdown.

Card text is cut from the original source lines using the tokens' `.map` line ranges, so the
author's exact formatting (bold, inline formulas such as ``s_{y_i}``, nesting) is kept rather
than re-rendered.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from studyapp.domain.notes import MAX_ITEM_NUMBER
from studyapp.importers.notes_text import NumberOutOfRange, bounded

_QUOTE_MARKER = re.compile(r"^ {0,3}> ?")


def markdown_parser() -> MarkdownIt:
    # GFM tables and strikethrough are common in notes; task boxes "[x]" are read from item text.
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


@dataclass(frozen=True, eq=False)
class Block:
    """One block-level token slice: an open token, its contents and its close, or a lone token."""

    tokens: Sequence[Token]

    @property
    def kind(self) -> str:
        return self.tokens[0].type

    @property
    def start(self) -> int:
        token_map = self.tokens[0].map
        return token_map[0] if token_map else 0

    @property
    def end(self) -> int:
        token_map = self.tokens[0].map
        return token_map[1] if token_map else self.start

    def children(self) -> list[Block]:
        """The blocks directly inside this container (list items of a list, blocks of an item)."""
        return split_blocks(self.tokens[1:-1]) if self.tokens[0].nesting == 1 else []

    def inline(self) -> str:
        """Raw inline Markdown of a paragraph or heading; "" for other blocks."""
        inner = [token for token in self.tokens if token.type == "inline"]
        return inner[0].content if inner and self.kind in ("paragraph_open", "heading_open") else ""

    def heading_level(self) -> int:
        return int(self.tokens[0].tag[1:]) if self.kind == "heading_open" else 0

    def item_number(self) -> int | None:
        """The number written before an ordered list item ("10." -> 10)."""
        info = self.tokens[0].info
        if self.kind != "list_item_open" or not info.isdigit():
            return None
        try:
            return bounded(info, "item number", MAX_ITEM_NUMBER)
        except NumberOutOfRange as err:
            raise err.at(self.start + 1) from None


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int  # 0-based source line


@dataclass(frozen=True, eq=False)
class Section:
    """A heading (None before the first one) and the blocks up to the next heading."""

    heading: Heading | None
    blocks: list[Block]


def split_blocks(tokens: Sequence[Token]) -> list[Block]:
    """Group a flat token sequence into its outermost blocks."""
    blocks: list[Block] = []
    index = 0
    while index < len(tokens):
        depth, end = 0, index
        while True:
            depth += tokens[end].nesting
            end += 1
            if depth <= 0 or end >= len(tokens):
                break
        blocks.append(Block(tokens[index:end]))
        index = end
    return blocks


def sections(tokens: Sequence[Token]) -> list[Section]:
    """Cut the document at every top-level heading (ATX or setext)."""
    result = [Section(None, [])]
    for block in split_blocks(tokens):
        if block.kind == "heading_open":
            heading = Heading(block.heading_level(), block.inline().strip(), block.start)
            result.append(Section(heading, []))
        else:
            result[-1].blocks.append(block)
    return result


def _empty_item_lines(block: Block) -> set[int]:
    """Marker lines of list items with no content at all (a stray "   - "): dropped from cards."""
    tokens = block.tokens
    return {
        token.map[0]
        for token, after in itertools.pairwise(tokens)
        if token.type == "list_item_open" and after.type == "list_item_close" and token.map
    }


def _lines_of(lines: Sequence[str], blocks: Iterable[Block]) -> list[str]:
    out: list[str] = []
    previous_end: int | None = None
    for block in blocks:
        if previous_end is not None and block.start > previous_end:
            out.append("")  # blocks that were apart stay apart (two paragraphs must not merge)
        dropped = _empty_item_lines(block)
        out.extend(lines[i] for i in range(block.start, block.end) if i not in dropped)
        previous_end = block.end
    return out


def blocks_markdown(lines: Sequence[str], blocks: Iterable[Block]) -> str:
    """The source Markdown of consecutive blocks, dedented so the outermost lines start at
    column 0, with trailing spaces, empty list items and blank edges removed."""
    return tidy(_lines_of(lines, blocks))


def item_markdown(lines: Sequence[str], item: Block) -> str:
    """The Markdown inside one list item: its marker ("- ", "10. ") blanked out so the first line
    lines up with its continuation lines, then dedented like blocks_markdown."""
    raw = _lines_of(lines, [item])
    if raw and item.start not in _empty_item_lines(item):
        marker = item.tokens[0].info + item.tokens[0].markup  # "10" + "." or "" + "-"
        at = raw[0].find(marker)
        if at >= 0:
            raw[0] = " " * (at + len(marker)) + raw[0][at + len(marker) :]
    return tidy(raw)


def quote_markdown(lines: Sequence[str], block: Block) -> str:
    """The Markdown inside a block quote, without its "> " markers (lazy lines kept as is)."""
    return tidy([_QUOTE_MARKER.sub("", line, count=1) for line in _lines_of(lines, [block])])


def _expand_indent(line: str) -> str:
    body = line.lstrip(" \t")
    return line[: len(line) - len(body)].expandtabs(4) + body


def tidy(raw: Sequence[str]) -> str:
    """Dedent, strip trailing spaces, collapse blank runs and trim blank edges."""
    lines = [_expand_indent(line.rstrip()) for line in raw]
    cut = min((len(line) - len(line.lstrip(" ")) for line in lines if line), default=0)
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line[cut:])
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def join_markdown(*parts: str) -> str:
    return "\n".join(part for part in parts if part)
