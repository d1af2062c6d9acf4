"""Browsing cards: list, search, filter by lecture."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select

from studyapp.db.collection import Collection
from studyapp.db.decks import deck_ids, raw
from studyapp.db.models import Card, Deck, Lecture, ReviewLog
from studyapp.domain.notes import CardKind
from studyapp.domain.scheduling import State


@dataclass(frozen=True)
class CardInfo:
    id: int
    deck: str
    lecture: int
    kind: CardKind
    title: str
    question: str
    answer: str
    suspended: bool
    missing: bool
    state: State
    reviews: int
    due: datetime

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        data["state"] = self.state.name.lower()
        data["due"] = self.due.isoformat()
        return data


def list_cards(
    col: Collection,
    deck: str | None = None,
    search: str | None = None,
    lecture: int | None = None,
) -> list[CardInfo]:
    """Cards in note order. `suspended` is true for cards the learner suspended and for cards
    whose item was removed from the notes (`missing`)."""
    reviews = (
        select(ReviewLog.card_id, func.count().label("n")).group_by(ReviewLog.card_id).subquery()
    )
    with col.session() as s:
        ids = list(deck_ids(raw(s), deck))
        stmt = (
            select(Card, Deck.name, Lecture.number, func.coalesce(reviews.c.n, 0))
            .join(Deck, Deck.id == Card.deck_id)
            .join(Lecture, Lecture.id == Card.lecture_id)
            .outerjoin(reviews, reviews.c.card_id == Card.id)
            .where(Card.deck_id.in_(ids))
            .order_by(Deck.name, Card.sort_order, Card.id)
        )
        if lecture is not None:
            stmt = stmt.where(Lecture.number == lecture)
        if search:
            pattern = f"%{unicodedata.normalize('NFC', search)}%"
            stmt = stmt.where(
                or_(
                    Card.question.ilike(pattern),
                    Card.answer.ilike(pattern),
                    Card.title.ilike(pattern),
                )
            )
        return [
            CardInfo(
                id=card.id,
                deck=deck_name,
                lecture=number,
                kind=CardKind(card.kind),
                title=card.title,
                question=card.question,
                answer=card.answer,
                suspended=card.suspended or card.missing,
                missing=card.missing,
                state=State(card.fsrs_state),
                reviews=n,
                due=card.due,
            )
            for card, deck_name, number, n in s.execute(stmt)
        ]
