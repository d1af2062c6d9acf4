"""What a learner does to cards besides answering them, as in Anki: bury until tomorrow,
suspend, flag, edit (the old text is kept in card_edits), forget, set a due date, card info.

Each operation is one transaction and returns the Changes it made.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from studyapp.db.cardstore import CardRow, fetch_card, memory_values
from studyapp.db.collection import Collection
from studyapp.db.decks import deck_settings
from studyapp.db.epoch import from_epoch_ms, to_epoch_ms
from studyapp.domain.changes import Changes
from studyapp.domain.errors import CardNotFoundError, UsageError
from studyapp.domain.scheduling import Memory, Rating, State
from studyapp.domain.studyday import day_bounds, day_start

FLAGS = {0: "none", 1: "red", 2: "orange", 3: "green", 4: "blue"}
LEECH_TAG = "leech"
LEECH_THRESHOLD = 8  # lapses, as Anki's default


def _cards(changed: Iterable[int]) -> Changes:
    return Changes(cards=frozenset(changed), study_queues=True)


def _ids(card_ids: Iterable[int]) -> list[int]:
    ids = sorted(set(card_ids))
    if not ids:
        raise UsageError("no cards selected")
    return ids


def _update(col: Collection, sql: str, ids: list[int], *params: object) -> Changes:
    marks = ", ".join("?" * len(ids))
    with col.connection() as conn:
        found = conn.execute(f"SELECT count(*) FROM cards WHERE id IN ({marks})", ids).fetchone()[0]
        if found != len(ids):
            raise CardNotFoundError(f"{len(ids) - found} of the selected cards no longer exist")
        conn.execute(
            f"UPDATE cards SET {sql}, updated_at = ? WHERE id IN ({marks})",
            [*params, to_epoch_ms(col.clock()), *ids],
        )
    return _cards(ids)


def bury(col: Collection, card_ids: Iterable[int]) -> Changes:
    """Out of the queue until the next study day starts."""
    end = day_bounds(col.clock(), int(col.setting("rollover_hour")), col.tz)[1]
    return _update(col, "buried_until = ?", _ids(card_ids), to_epoch_ms(end))


def set_suspended(col: Collection, card_ids: Iterable[int], suspended: bool) -> Changes:
    return _update(col, "suspended = ?", _ids(card_ids), suspended)


def set_flag(col: Collection, card_ids: Iterable[int], flag: int) -> Changes:
    if flag not in FLAGS:
        raise UsageError(f"flag must be one of {sorted(FLAGS)} ({', '.join(FLAGS.values())})")
    return _update(col, "flag = ?", _ids(card_ids), flag)


def edit_card(col: Collection, card_id: int, question: str, answer: str) -> Changes:
    """Change a card's text; its history stays, and the old text is kept in card_edits."""
    question = unicodedata.normalize("NFC", question).strip()
    answer = unicodedata.normalize("NFC", answer).strip()
    if not question:
        raise UsageError("a card needs a question")
    now = to_epoch_ms(col.clock())
    with col.connection() as conn:
        row = _require(conn, card_id)
        if (row.question, row.answer) == (question, answer):
            return Changes()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "INSERT INTO card_edits (card_id, edited_at, source, question_before, "
                "answer_before, question_after, answer_after) VALUES (?, ?, 'app', ?, ?, ?, ?)",
                (card_id, now, row.question, row.answer, question, answer),
            )
            title = question if row.title == row.question else row.title
            conn.execute(
                "UPDATE cards SET question = ?, answer = ?, title = ?, updated_at = ? WHERE id = ?",
                (question, answer, title, now, card_id),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return _cards([card_id])


def _require(conn: object, card_id: int) -> CardRow:
    import sqlite3

    assert isinstance(conn, sqlite3.Connection)
    row = fetch_card(conn, card_id)
    if row is None:
        raise CardNotFoundError(f"card {card_id} does not exist")
    return row


def forget(col: Collection, card_ids: Iterable[int]) -> Changes:
    """Back to new (Anki's Reset/Forget); the review log is kept."""
    ids = _ids(card_ids)
    fresh = Memory(due=col.clock())
    columns = ", ".join(
        f"{c} = ?"
        for c in (
            "fsrs_state",
            "step",
            "stability",
            "difficulty",
            "due",
            "last_review",
            "reps",
            "lapses",
        )
    )
    return _update(col, columns, ids, *memory_values(fresh))


def set_due_date(col: Collection, card_ids: Iterable[int], days: int) -> Changes:
    """Make studied cards due in `days` study days (0: today). New cards keep their place in
    note order: they are refused, as they have no memory to schedule."""
    if not 0 <= days <= 36500:
        raise UsageError("days must be from 0 to 36500")
    ids = _ids(card_ids)
    rollover = int(col.setting("rollover_hour"))
    today = day_bounds(col.clock(), rollover, col.tz)[0]
    local = today.astimezone(col.tz).date() + timedelta(days=days)
    due = day_start(local, rollover, col.tz)
    with col.connection() as conn:
        marks = ", ".join("?" * len(ids))
        new = conn.execute(f"SELECT count(*) FROM cards WHERE reps = 0 AND id IN ({marks})", ids)
        if new.fetchone()[0]:
            raise UsageError("new cards have no memory to schedule yet; study them first")
    return _update(col, "due = ?", ids, to_epoch_ms(due))


@dataclass(frozen=True)
class ReviewEntry:
    at: datetime
    rating: Rating
    state_before: State
    interval: timedelta  # until the due time it set
    duration_ms: int | None


@dataclass(frozen=True)
class CardInfoView:
    id: int
    deck: str
    lecture: int
    question: str
    flag: int
    tags: tuple[str, ...]
    suspended: bool
    state: State
    is_new: bool
    due: datetime
    stability: float | None
    difficulty: float | None
    retrievability: float | None
    reps: int
    lapses: int
    added: datetime
    reviews: tuple[ReviewEntry, ...]
    edits: int


def card_info(col: Collection, card_id: int) -> CardInfoView:
    from studyapp.scheduler.fsrs_scheduler import retrievability

    with col.connection() as conn:
        row = _require(conn, card_id)
        deck, added = conn.execute(
            "SELECT d.name, c.created_at FROM cards c JOIN decks d ON d.id = c.deck_id "
            "WHERE c.id = ?",
            (card_id,),
        ).fetchone()
        lecture = conn.execute(
            "SELECT number FROM lectures WHERE id = ?", (row.lecture_id,)
        ).fetchone()[0]
        logs = conn.execute(
            "SELECT reviewed_at, rating, state_before, due_after, duration_ms FROM review_log "
            "WHERE card_id = ? ORDER BY reviewed_at",
            (card_id,),
        ).fetchall()
        edits = conn.execute("SELECT count(*) FROM card_edits WHERE card_id = ?", (card_id,))
        edit_count = int(edits.fetchone()[0])
        settings = deck_settings(conn, [row.deck_id])[row.deck_id]
    memory = row.memory
    assert memory.due is not None
    entries = tuple(
        ReviewEntry(
            from_epoch_ms(at), Rating(r), State(sb), from_epoch_ms(due) - from_epoch_ms(at), ms
        )
        for at, r, sb, due, ms in logs
    )
    r = None if memory.is_new else retrievability(row.id, memory, col.clock(), settings)
    return CardInfoView(
        row.id,
        deck,
        int(lecture),
        row.question,
        row.flag,
        row.tags,
        row.suspended,
        memory.state,
        memory.is_new,
        memory.due,
        memory.stability,
        memory.difficulty,
        r,
        memory.reps,
        memory.lapses,
        from_epoch_ms(added),
        entries,
        edit_count,
    )


def tag_leech(conn: object, row: CardRow, now: datetime) -> None:
    """Tag and suspend a card that keeps lapsing (inside the answer's transaction)."""
    import sqlite3

    assert isinstance(conn, sqlite3.Connection)
    tags = sorted(set(row.tags) | {LEECH_TAG})
    conn.execute(
        "UPDATE cards SET tags = ?, suspended = 1, updated_at = ? WHERE id = ?",
        (json.dumps(tags), to_epoch_ms(now), row.id),
    )


def is_leech(lapses_before: int, lapses_after: int) -> bool:
    """Anki's rule: at the threshold, then every half threshold after it."""
    if lapses_after <= lapses_before or lapses_after < LEECH_THRESHOLD:
        return False
    return (lapses_after - LEECH_THRESHOLD) % (LEECH_THRESHOLD // 2) == 0
