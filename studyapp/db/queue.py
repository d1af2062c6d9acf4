"""Today's queue on the raw connection: the cards a study day shows and how many are due.

The study session and `due_counts` share these queries and the limit rules, so the counts on
the home screen always equal what a session will show.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from studyapp.db.epoch import to_epoch_ms
from studyapp.domain.scheduling import DeckSettings, State

# A card buried on a study day stays out until the next one starts (buried_until = that start).
_ACTIVE = (
    "deck_id = :deck AND NOT suspended AND NOT missing "
    "AND (buried_until IS NULL OR buried_until <= :day_start)"
)
_LEARNING = f"{_ACTIVE} AND fsrs_state IN ({State.LEARNING}, {State.RELEARNING}) AND reps > 0"
_REVIEW = f"{_ACTIVE} AND fsrs_state = {State.REVIEW}"
_NEW = f"{_ACTIVE} AND reps = 0"


@dataclass(frozen=True)
class Day:
    """A study day's bounds (aware UTC)."""

    start: datetime
    end: datetime

    def params(self, deck_id: int) -> dict[str, int]:
        return {"deck": deck_id, "day_start": to_epoch_ms(self.start), "end": to_epoch_ms(self.end)}


@dataclass(frozen=True)
class DoneToday:
    new: int  # new cards answered for the first time today
    reviews: int  # answers to cards that were in review state


@dataclass(frozen=True)
class Limits:
    reviews: int
    new: int


def limits(settings: DeckSettings, done: DoneToday) -> Limits:
    """What is left of the day's limits. New cards also count against the review limit, as in
    Anki (unless a deck raises it)."""
    reviews = max(settings.max_reviews_per_day - done.reviews, 0)
    return Limits(reviews, max(min(settings.new_per_day - done.new, reviews), 0))


def done_today(conn: sqlite3.Connection, deck_id: int, day: Day) -> DoneToday:
    row = conn.execute(
        "SELECT count(*) FILTER (WHERE l.was_new), "
        f"count(*) FILTER (WHERE l.state_before = {State.REVIEW}) "
        "FROM review_log l JOIN cards c ON c.id = l.card_id "
        "WHERE c.deck_id = :deck AND l.reviewed_at >= :day_start",
        day.params(deck_id),
    ).fetchone()
    return DoneToday(int(row[0]), int(row[1]))


def learning_due(conn: sqlite3.Connection, deck_id: int, day: Day) -> list[tuple[int, int]]:
    """(due in epoch ms, id) of learning cards due before the day ends."""
    return list(
        conn.execute(
            f"SELECT due, id FROM cards WHERE {_LEARNING} AND due < :end", day.params(deck_id)
        )
    )


def reviews_due(conn: sqlite3.Connection, deck_id: int, day: Day, limit: int) -> list[int]:
    rows = conn.execute(
        f"SELECT id FROM cards WHERE {_REVIEW} AND due < :end ORDER BY due, id LIMIT :limit",
        {**day.params(deck_id), "limit": limit},
    )
    return [r[0] for r in rows]


def new_cards(conn: sqlite3.Connection, deck_id: int, day: Day, limit: int) -> list[int]:
    rows = conn.execute(
        f"SELECT id FROM cards WHERE {_NEW} ORDER BY sort_order, id LIMIT :limit",
        {**day.params(deck_id), "limit": limit},
    )
    return [r[0] for r in rows]


def available(conn: sqlite3.Connection, deck_id: int, day: Day) -> tuple[int, int, int]:
    """(learning, review, new) cards due before the day ends, before any limit: one scan."""
    row = conn.execute(
        f"SELECT count(*) FILTER (WHERE {_LEARNING} AND due < :end), "
        f"count(*) FILTER (WHERE {_REVIEW} AND due < :end), "
        f"count(*) FILTER (WHERE {_NEW}) FROM cards WHERE deck_id = :deck",
        day.params(deck_id),
    ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])
