"""The review hot path on the raw DBAPI connection: fetch a card, commit an answer, undo it.

The statements are built once from MEMORY_COLUMNS (the one list of a card's scheduling
columns); each answer is one transaction: the card's new memory and its review-log row.
SQLAlchemy would cost more per answer than SQLite's whole write.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from studyapp.db.epoch import from_epoch_ms, to_epoch_ms
from studyapp.domain.notes import CardKind
from studyapp.domain.scheduling import MEMORY_COLUMNS, Memory, Rating, State

_TIMES = frozenset({"due", "last_review"})  # Memory fields stored as epoch milliseconds
_CONTENT = ("id", "deck_id", "lecture_id", "kind", "title", "question", "answer")
_FLAGS = ("suspended", "missing", "buried_until", "flag", "tags")

SELECT_CARD = (
    f"SELECT {', '.join((*_CONTENT, *_FLAGS, *MEMORY_COLUMNS.values()))} FROM cards WHERE id = ?"
)
UPDATE_MEMORY = (
    f"UPDATE cards SET {', '.join(f'{c} = ?' for c in MEMORY_COLUMNS.values())}, "
    "updated_at = ? WHERE id = ?"
)
INSERT_LOG = (
    "INSERT INTO review_log (card_id, reviewed_at, rating, duration_ms, state_before, "
    "state_after, was_new, due_after, stability_after, difficulty_after, before) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True)
class CardRow:
    """A card's content, flags and memory, as the review session needs them."""

    id: int
    deck_id: int
    lecture_id: int
    kind: CardKind
    title: str
    question: str
    answer: str
    suspended: bool
    missing: bool
    buried_until: datetime | None
    flag: int
    tags: tuple[str, ...]
    memory: Memory

    def active(self, now: datetime) -> bool:
        buried = self.buried_until is not None and self.buried_until > now
        return not self.suspended and not self.missing and not buried


def memory_values(memory: Memory) -> list[Any]:
    """Column values in MEMORY_COLUMNS order (datetimes as epoch milliseconds)."""
    out = []
    for name in MEMORY_COLUMNS:
        value = getattr(memory, name)
        out.append(to_epoch_ms(value) if name in _TIMES and value is not None else value)
    return out


def memory_from_values(values: Any) -> Memory:
    kwargs: dict[str, Any] = {}
    for name, value in zip(MEMORY_COLUMNS, values, strict=True):
        kwargs[name] = from_epoch_ms(value) if name in _TIMES and value is not None else value
    kwargs["state"] = State(kwargs["state"])
    return Memory(**kwargs)


def memory_to_json(memory: Memory) -> dict[str, Any]:
    """The undo snapshot stored in review_log.before."""
    return dict(zip(MEMORY_COLUMNS, memory_values(memory), strict=True))


def memory_from_json(data: dict[str, Any]) -> Memory:
    return memory_from_values([data[name] for name in MEMORY_COLUMNS])


def _row(values: tuple[Any, ...]) -> CardRow:
    n, f = len(_CONTENT), len(_FLAGS)
    card_id, deck_id, lecture_id, kind, title, question, answer = values[:n]
    suspended, missing, buried, flag, tags = values[n : n + f]
    return CardRow(
        card_id,
        deck_id,
        lecture_id,
        CardKind(kind),
        title,
        question,
        answer,
        bool(suspended),
        bool(missing),
        from_epoch_ms(buried) if buried is not None else None,
        int(flag),
        tuple(json.loads(tags)) if isinstance(tags, str) else tuple(tags or ()),
        memory_from_values(values[n + f :]),
    )


def fetch_card(conn: sqlite3.Connection, card_id: int) -> CardRow | None:
    values = conn.execute(SELECT_CARD, (card_id,)).fetchone()
    return _row(values) if values is not None else None


def write_answer(
    conn: sqlite3.Connection,
    card_id: int,
    before: Memory,
    after: Memory,
    rating: Rating,
    now: datetime,
    duration_ms: int | None,
) -> int:
    """Commit the card's new memory and its review-log row; returns the log row's id."""
    now_ms = to_epoch_ms(now)
    assert after.due is not None
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(UPDATE_MEMORY, (*memory_values(after), now_ms, card_id))
        cursor = conn.execute(
            INSERT_LOG,
            (
                card_id,
                now_ms,
                int(rating),
                duration_ms,
                int(before.state),
                int(after.state),
                before.is_new,
                to_epoch_ms(after.due),
                after.stability,
                after.difficulty,
                json.dumps(memory_to_json(before)),
            ),
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def undo_answer(conn: sqlite3.Connection, review_id: int, now: datetime) -> CardRow:
    """Put the card back as it was before review `review_id` and delete that log row."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        card_id, before = conn.execute(
            "SELECT card_id, before FROM review_log WHERE id = ?", (review_id,)
        ).fetchone()
        restored = memory_from_json(json.loads(before))
        conn.execute(UPDATE_MEMORY, (*memory_values(restored), to_epoch_ms(now), card_id))
        conn.execute("DELETE FROM review_log WHERE id = ?", (review_id,))
        row = fetch_card(conn, card_id)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    assert row is not None
    return row
