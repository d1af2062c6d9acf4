"""Exercise submissions and scheduled exercise items, on the raw connection."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from studyapp.db.cardstore import memory_from_values, memory_values
from studyapp.db.epoch import from_epoch_ms, to_epoch_ms
from studyapp.domain.scheduling import MEMORY_COLUMNS, Memory, Rating

_MEMORY = ", ".join(MEMORY_COLUMNS.values())


@dataclass(frozen=True)
class Item:
    exercise_id: str
    memory: Memory
    failed_attempts: int
    first_passed_at: datetime | None


@dataclass(frozen=True)
class SubmissionRow:
    id: int
    exercise_id: str
    submitted_at: datetime
    code_sha256: str
    passed: bool
    verdict: str
    duration_ms: int


@dataclass(frozen=True)
class Summary:
    """Per exercise: how many gradings, whether one ever passed, and the latest."""

    exercise_id: str
    attempts: int
    ever_passed: bool
    last_at: datetime
    last_passed: bool


@dataclass(frozen=True)
class NewSubmission:
    exercise_id: str
    at: datetime
    code: str
    sha256: str
    passed: bool
    verdict: str
    results: list[dict[str, object]]
    duration_ms: int


def insert_submission(conn: sqlite3.Connection, new: NewSubmission) -> int:
    cursor = conn.execute(
        "INSERT INTO submissions (exercise_id, submitted_at, code, code_sha256, passed, verdict, "
        "results, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (new.exercise_id, to_epoch_ms(new.at), new.code, new.sha256, new.passed, new.verdict,
         json.dumps(new.results), new.duration_ms),
    )  # fmt: skip
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def last_submission(
    conn: sqlite3.Connection, exercise_id: str
) -> tuple[int, bool, str, list[dict[str, object]], int] | None:
    """(id, passed, verdict, results, duration_ms) of the exercise's newest submission."""
    row = conn.execute(
        "SELECT id, passed, verdict, results, duration_ms FROM submissions "
        "WHERE exercise_id = ? ORDER BY id DESC LIMIT 1",
        (exercise_id,),
    ).fetchone()
    if row is None:
        return None
    return int(row[0]), bool(row[1]), str(row[2]), json.loads(row[3]), int(row[4])


def fetch_item(conn: sqlite3.Connection, exercise_id: str) -> Item | None:
    row = conn.execute(
        f"SELECT {_MEMORY}, failed_attempts, first_passed_at FROM exercise_items "
        "WHERE exercise_id = ?",
        (exercise_id,),
    ).fetchone()
    if row is None:
        return None
    count = len(MEMORY_COLUMNS)
    first = from_epoch_ms(row[count + 1]) if row[count + 1] is not None else None
    return Item(exercise_id, memory_from_values(row[:count]), int(row[count]), first)


def save_item(conn: sqlite3.Connection, item: Item) -> None:
    columns = [*MEMORY_COLUMNS.values(), "failed_attempts", "first_passed_at"]
    first = to_epoch_ms(item.first_passed_at) if item.first_passed_at else None
    values = [*memory_values(item.memory), item.failed_attempts, first]
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns)
    conn.execute(
        f"INSERT INTO exercise_items (exercise_id, {', '.join(columns)}) "
        f"VALUES (?, {', '.join('?' * len(columns))}) "
        f"ON CONFLICT (exercise_id) DO UPDATE SET {updates}",
        [item.exercise_id, *values],
    )


def insert_review(
    conn: sqlite3.Connection,
    exercise_id: str,
    submission_id: int,
    at: datetime,
    rating: Rating,
    before: Memory,
    after: Memory,
) -> None:
    assert after.due is not None
    conn.execute(
        "INSERT INTO exercise_reviews (exercise_id, submission_id, reviewed_at, rating, "
        "state_before, state_after, due_after) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (exercise_id, submission_id, to_epoch_ms(at), int(rating), int(before.state),
         int(after.state), to_epoch_ms(after.due)),
    )  # fmt: skip


def summaries(conn: sqlite3.Connection) -> dict[str, Summary]:
    rows = conn.execute(
        "SELECT exercise_id, count(*), max(passed), max(submitted_at), "
        "(SELECT s2.passed FROM submissions s2 WHERE s2.exercise_id = s.exercise_id "
        " ORDER BY s2.submitted_at DESC, s2.id DESC LIMIT 1) "
        "FROM submissions s GROUP BY exercise_id"
    )
    return {
        r[0]: Summary(r[0], int(r[1]), bool(r[2]), from_epoch_ms(r[3]), bool(r[4])) for r in rows
    }


def items(conn: sqlite3.Connection) -> dict[str, Item]:
    ids = [r[0] for r in conn.execute("SELECT exercise_id FROM exercise_items")]
    found = {i: fetch_item(conn, i) for i in ids}
    return {k: v for k, v in found.items() if v is not None}


def submissions(conn: sqlite3.Connection, exercise_id: str) -> list[SubmissionRow]:
    rows = conn.execute(
        "SELECT id, exercise_id, submitted_at, code_sha256, passed, verdict, duration_ms "
        "FROM submissions WHERE exercise_id = ? ORDER BY submitted_at DESC, id DESC",
        (exercise_id,),
    )
    return [
        SubmissionRow(r[0], r[1], from_epoch_ms(r[2]), r[3], bool(r[4]), r[5], r[6]) for r in rows
    ]


def submission_code(conn: sqlite3.Connection, submission_id: int) -> str:
    row = conn.execute("SELECT code FROM submissions WHERE id = ?", (submission_id,)).fetchone()
    return str(row[0]) if row else ""


def failed_attempts(conn: sqlite3.Connection, exercise_id: str) -> int:
    row = conn.execute(
        "SELECT count(*) FROM submissions WHERE exercise_id = ? AND NOT passed",
        (exercise_id,),
    ).fetchone()
    return int(row[0])


def due_count(conn: sqlite3.Connection, before: datetime) -> int:
    row = conn.execute(
        "SELECT count(*) FROM exercise_items WHERE due < ?", (to_epoch_ms(before),)
    ).fetchone()
    return int(row[0])
