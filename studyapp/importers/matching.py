"""Which card an edited note item is: matching re-imported items to existing cards.

A card keeps its identity (and so its review history) when its answer is edited, its question is
slightly reworded, or it moves within its lecture. Pure functions over plain records.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

QUESTION_ALONE = 0.75  # a question this similar is the same card whatever the answer says
QUESTION_WITH_ANSWER = 0.4  # a looser question match needs the answer to agree
ANSWER_AGREES = 0.75
_MARKUP = re.compile(r"[*_`>#~\[\]()\-:.,!?'\"]+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Candidate:
    """An existing card (key = card id) or an incoming item (key = its index)."""

    key: int
    question: str
    answer: str


def normalise(text: str) -> str:
    """Text as compared for identity: NFC, case-folded, Markdown punctuation and spacing removed."""
    text = unicodedata.normalize("NFC", text).casefold()
    return _SPACE.sub(" ", _MARKUP.sub(" ", text)).strip()


def _similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    # real_quick_ratio bounds ratio from above: skip the full comparison when it cannot pass.
    if matcher.real_quick_ratio() < QUESTION_WITH_ANSWER:
        return 0.0
    return matcher.ratio()


def match_items(existing: Sequence[Candidate], incoming: Sequence[Candidate]) -> dict[int, int]:
    """{incoming key: existing key}, one-to-one. Exact question matches first, then the most
    similar remaining pairs, best first."""
    pairs: dict[int, int] = {}
    if not existing or not incoming:  # a new deck or lecture: nothing to compare
        return pairs
    by_question: dict[str, list[Candidate]] = {}
    for card in existing:
        by_question.setdefault(normalise(card.question), []).append(card)
    leftovers: list[Candidate] = []
    for item in incoming:
        same = by_question.get(normalise(item.question))
        if same:
            pairs[item.key] = same.pop(0).key
        else:
            leftovers.append(item)
    unused = [card for cards in by_question.values() for card in cards]
    pairs.update(_fuzzy_pairs(unused, leftovers))
    return pairs


def _fuzzy_pairs(existing: list[Candidate], incoming: list[Candidate]) -> dict[int, int]:
    scored: list[tuple[float, int, int]] = []
    old_norm = [(c, normalise(c.question), normalise(c.answer)) for c in existing]
    for item in incoming:
        q_new, a_new = normalise(item.question), normalise(item.answer)
        for card, q_old, a_old in old_norm:
            q = _similarity(q_old, q_new)
            if q >= QUESTION_ALONE:
                scored.append((q + 1.0, item.key, card.key))
            elif q >= QUESTION_WITH_ANSWER and (a := _similarity(a_old, a_new)) >= ANSWER_AGREES:
                scored.append((q + a, item.key, card.key))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for _, item_key, card_key in scored:
        if item_key not in pairs and card_key not in taken:
            pairs[item_key] = card_key
            taken.add(card_key)
    return pairs
