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

_ACTIVE = "deck_id = ? AND NOT suspended AND NOT missing"
_LEARNING = f"{_ACTIVE} AND fsrs_state IN ({State.LEARNING}, {State.RELEARNING}) AND reps > 0"
_REVIEW = f"{_ACTIVE} AND fsrs_state = {State.REVIEW}"
_NEW = f"{_ACTIVE} AND reps = 0"


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


def done_today(conn: sqlite3.Connection, deck_id: int, day_start: datetime) -> DoneToday:
    row = conn.execute(
        "SELECT count(*) FILTER (WHERE l.was_new), "
        f"count(*) FILTER (WHERE l.state_before = {State.REVIEW}) "
        "FROM review_log l JOIN cards c ON c.id = l.card_id "
        "WHERE c.deck_id = ? AND l.reviewed_at >= ?",
        (deck_id, to_epoch_ms(day_start)),
    ).fetchone()
    return DoneToday(int(row[0]), int(row[1]))


def learning_due(conn: sqlite3.Connection, deck_id: int, before: datetime) -> list[tuple[int, int]]:
    """(due in epoch ms, id) of learning cards due before `before`."""
    return list(
        conn.execute(
            f"SELECT due, id FROM cards WHERE {_LEARNING} AND due < ?",
            (deck_id, to_epoch_ms(before)),
        )
    )


def reviews_due(conn: sqlite3.Connection, deck_id: int, before: datetime, limit: int) -> list[int]:
    rows = conn.execute(
        f"SELECT id FROM cards WHERE {_REVIEW} AND due < ? ORDER BY due, id LIMIT ?",
        (deck_id, to_epoch_ms(before), limit),
    )
    return [r[0] for r in rows]


def new_cards(conn: sqlite3.Connection, deck_id: int, limit: int) -> list[int]:
    rows = conn.execute(
        f"SELECT id FROM cards WHERE {_NEW} ORDER BY sort_order, id LIMIT ?", (deck_id, limit)
    )
    return [r[0] for r in rows]


def available(conn: sqlite3.Connection, deck_id: int, before: datetime) -> tuple[int, int, int]:
    """(learning, review, new) cards due before `before`, before any limit: one scan."""
    end = to_epoch_ms(before)
    row = conn.execute(
        f"SELECT count(*) FILTER (WHERE {_LEARNING} AND due < ?), "
        f"count(*) FILTER (WHERE {_REVIEW} AND due < ?), "
        f"count(*) FILTER (WHERE {_NEW}) FROM cards WHERE deck_id = ?",
        (deck_id, end, deck_id, end, deck_id, deck_id),
    ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])
