"""A lecture's card sources: keywords, learned points ("배운 점") and Q&A pairs.

Learned points are the top-level numbered items of the "배운 점" part; bullets that markdown-it
leaves outside the item (under-indented children of "10." and later, whose content column is
4) belong to the item before them. Numbered lines nested in bullets or quotes are never items.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from studyapp.domain.notes import LearnedPoint, QAPair
from studyapp.importers import notes_text as nt
from studyapp.importers.notes_blocks import (
    Block,
    Section,
    blocks_markdown,
    item_markdown,
    join_markdown,
    quote_markdown,
)

_IGNORED = frozenset({"hr", "html_block"})  # "---" separators, HTML comments


def keywords_of(intro: Sequence[Block]) -> tuple[str, ...]:
    """Keywords from a "> **Main Keywords:** a, b" line between a lecture heading and its parts."""
    for block in intro:
        inner = block.children() if block.kind == "blockquote_open" else [block]
        for candidate in inner[:1]:
            found = nt.keywords(candidate.inline())
            if found is not None:
                return found
    return ()


@dataclass
class _PointDraft:
    item: Block
    body: list[Block] = field(default_factory=list)  # blocks after the title paragraph

    def render(self, lines: Sequence[str], position: int) -> LearnedPoint | None:
        children = self.item.children()
        if children and children[0].kind == "paragraph_open":
            title, rest = nt.split_title(children[0].inline())
            body = join_markdown(rest, blocks_markdown(lines, children[1:] + self.body))
        else:  # no title paragraph ("1. " then bullets): the whole item is body
            title = ""
            body = join_markdown(item_markdown(lines, self.item), blocks_markdown(lines, self.body))
        if not title and not body:
            return None  # an empty template item ("1. " with a lone "-") makes no card
        number = self.item.item_number()
        return LearnedPoint(number=number, title=title, body=body, position=position)


def learned_points(lines: Sequence[str], blocks: Sequence[Block]) -> list[LearnedPoint]:
    drafts: list[_PointDraft] = []
    for block in blocks:
        if block.kind == "ordered_list_open":
            drafts.extend(_PointDraft(item) for item in block.children())
        elif block.kind not in _IGNORED and drafts:
            drafts[-1].body.append(block)  # under-indented bullets of the item above
    points: list[LearnedPoint] = []
    for draft in drafts:
        point = draft.render(lines, len(points))
        if point is not None:
            points.append(point)
    return points


@dataclass
class _PairDraft:
    number: int | None
    title: str
    question: list[Block] = field(default_factory=list)
    answer: list[Block] = field(default_factory=list)

    def started(self) -> bool:
        return bool(self.question or self.answer)

    def render(self, lines: Sequence[str], position: int) -> QAPair | None:
        question = nt.strip_question_mark(blocks_markdown(lines, self.question)).strip()
        answer = nt.strip_answer_mark(_answer_markdown(lines, self.answer)).strip()
        if not (self.title or question or answer):
            return None  # empty template ("##### 1. " / "**Q.** " / "> **A.** ")
        return QAPair(self.number, self.title, question, answer, position)


def _answer_markdown(lines: Sequence[str], blocks: Sequence[Block]) -> str:
    parts = [
        quote_markdown(lines, block)
        if block.kind == "blockquote_open"
        else blocks_markdown(lines, [block])
        for block in blocks
    ]
    return "\n\n".join(part for part in parts if part)


def _feed_pair(drafts: list[_PairDraft], block: Block) -> None:
    if block.kind in _IGNORED:
        return
    if block.kind == "paragraph_open" and nt.is_question(block.inline()):
        if not drafts or drafts[-1].started():
            drafts.append(_PairDraft(None, ""))  # a "**Q.**" without its own heading
        drafts[-1].question.append(block)
    elif not drafts:
        return  # text between the Q&A heading and the first question
    elif block.kind == "blockquote_open" or drafts[-1].answer:
        drafts[-1].answer.append(block)
    else:
        drafts[-1].question.append(block)


def qa_pairs(lines: Sequence[str], parts: Sequence[Section]) -> list[QAPair]:
    """Pairs from "##### N. title", "**Q.** question" and a "> **A.** answer" block quote."""
    drafts: list[_PairDraft] = []
    for section in parts:
        if section.heading is not None:
            drafts.append(_PairDraft(*nt.numbered_title(section.heading.text)))
        for block in section.blocks:
            _feed_pair(drafts, block)
    pairs: list[QAPair] = []
    for draft in drafts:
        pair = draft.render(lines, len(pairs))
        if pair is not None:
            pairs.append(pair)
    return pairs
