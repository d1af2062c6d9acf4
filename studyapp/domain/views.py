"""What services hand to the command line and the GUI: frozen records, enums, no ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from studyapp.domain.changes import Changes
from studyapp.domain.notes import CardKind
from studyapp.domain.scheduling import Rating, State


@dataclass(frozen=True)
class CardView:
    """A card as the reviewer shows it."""

    id: int
    deck_id: int
    deck: str
    lecture: int
    lecture_title: str
    kind: CardKind
    title: str
    question: str
    answer: str
    state: State
    is_new: bool
    due: datetime
    flag: int = 0
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueueCounts:
    learning: int
    review: int
    new: int

    @property
    def total(self) -> int:
        return self.learning + self.review + self.new


@dataclass(frozen=True)
class DeckCounts:
    deck_id: int
    deck: str
    counts: QueueCounts


@dataclass(frozen=True)
class AnswerResult:
    card_id: int
    review_id: int
    rating: Rating
    due: datetime
    interval: timedelta
    changes: Changes
    leech: bool = False  # the answer made it a leech: tagged and suspended, as in Anki
