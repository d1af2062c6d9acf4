"""Exporting a deck (or the collection) to an Anki package or a CSV file.

The package is written by Anki's own backend (the optional `studyapp[anki]` extra): every
active card as a note whose GUID is the card's (the one it was imported with, else one derived
from the deck and the card, so exporting again gives the same GUIDs and Anki updates instead
of duplicating), with `with_scheduling` its state, due date, FSRS memory and review log, and
the deck's options. Days are counted from today's study day (rollover hour, zone), so the due
dates land on the same days in Anki's calendar. Exporting writes nothing to the collection.
The CSV needs no extra: one row per card, scheduling included, UTF-8.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from studyapp.db import cardstore
from studyapp.db.collection import Collection
from studyapp.db.decks import deck_ids, deck_settings
from studyapp.db.epoch import from_epoch_ms, to_epoch_ms
from studyapp.domain.changes import NOTHING, Changes
from studyapp.domain.scheduling import MEMORY_COLUMNS, DeckSettings, Memory, State
from studyapp.domain.studyday import day_bounds, study_day
from studyapp.fileutil import write_atomic
from studyapp.importers.apkg import AnkiCard, AnkiDeckOptions, AnkiReview, require_anki
from studyapp.jobs import Job, Progress, run

_DAY_MS = 86_400_000
_KIND = {State.LEARNING: 0, State.REVIEW: 1, State.RELEARNING: 2}  # Anki's revlog types


@dataclass(frozen=True)
class ExportReport:
    path: Path
    decks: tuple[str, ...]
    cards: int
    reviews: int
    with_scheduling: bool
    changes: Changes = NOTHING  # exporting changes nothing in the collection

    def summary(self) -> str:
        what = f" with scheduling and {self.reviews} reviews" if self.with_scheduling else ""
        where = "standard output" if str(self.path) == "-" else self.path
        return f"Exported {self.cards} cards of {', '.join(self.decks)}{what} to {where}"


def card_guid(deck_created_ms: int, card_id: int) -> str:
    """A stable Anki GUID for a card that never had one (10 characters, as Anki's)."""
    digest = hashlib.sha1(f"studyapp:{deck_created_ms}:{card_id}".encode()).digest()
    return base64.b64encode(digest, altchars=b"-_").decode()[:10]


def export_apkg(
    col: Collection, out: Path, deck: str | None = None, with_scheduling: bool = False
) -> ExportReport:
    return run(export_apkg_job(col, out, deck, with_scheduling))


def export_apkg_job(
    col: Collection, out: Path, deck: str | None = None, with_scheduling: bool = False
) -> Job[ExportReport]:
    """Read the deck's cards and write the package; the file appears only when complete."""
    require_anki()
    from studyapp.importers.apkg_write import write_package

    yield Progress(0, 2, "reading the collection")
    cards, decks = anki_records(col, deck)
    yield Progress(1, 2, f"writing {len(cards)} cards with Anki")
    write_package(out, cards, decks, with_scheduling)
    reviews = sum(len(c.reviews) for c in cards) if with_scheduling else 0
    yield Progress(2, 2, "done")
    return ExportReport(out, tuple(d.name for d in decks), len(cards), reviews, with_scheduling)


class _Days:
    """Study days of the collection, today's first."""

    def __init__(self, col: Collection) -> None:
        self.rollover, self.tz = int(col.setting("rollover_hour")), col.tz
        now = col.clock()
        self.today = study_day(now, self.rollover, self.tz)
        self.end_ms = to_epoch_ms(day_bounds(now, self.rollover, self.tz)[1])

    def of(self, ms: int) -> int:
        return (study_day(from_epoch_ms(ms), self.rollover, self.tz) - self.today).days


def anki_records(
    col: Collection, deck: str | None = None
) -> tuple[list[AnkiCard], list[AnkiDeckOptions]]:
    """The active cards of `deck` (every deck when None) and the decks' options, as records."""
    days = _Days(col)
    with col.connection() as conn:
        names = deck_ids(conn, deck)
        settings = deck_settings(conn, names)
        created = dict(conn.execute("SELECT id, created_at FROM decks"))
        query = "SELECT id, number, title FROM lectures"
        lectures = {r[0]: (r[1], r[2]) for r in conn.execute(query)}
        reviews = _reviews(conn, names)
        rows = _card_rows(conn, names)
    cards = []
    for position, row in enumerate(rows):
        card_id, deck_id, lecture_id, kind, title, question, answer, suspended = row[:8]
        number, lecture_title = lectures[lecture_id]
        cards.append(
            AnkiCard(
                guid=row[8] or card_guid(created[deck_id], card_id),
                deck=names[deck_id],
                question=question,
                answer=answer,
                title=title,
                kind=kind,
                lecture=number,
                lecture_title=lecture_title,
                sort_order=row[9],
                suspended=bool(suspended),
                position=position,
                reviews=tuple(reviews.get(card_id, ())),
                **_schedule(cardstore.memory_from_values(row[10:]), settings[deck_id], days),
            )
        )
    return cards, [_options(names[i], settings[i]) for i in names]


def _card_rows(conn: sqlite3.Connection, decks: dict[int, str]) -> list[tuple[Any, ...]]:
    marks = ", ".join("?" * len(decks))
    return conn.execute(
        "SELECT id, deck_id, lecture_id, kind, title, question, answer, suspended, "
        f"anki_guid, sort_order, {', '.join(MEMORY_COLUMNS.values())} FROM cards "
        f"WHERE deck_id IN ({marks}) AND NOT missing ORDER BY deck_id, sort_order, id",
        list(decks),
    ).fetchall()


def _schedule(memory: Memory, settings: DeckSettings, days: _Days) -> dict[str, Any]:
    """Anki's card type, due date, interval and steps left for our memory state."""
    if memory.is_new or memory.due is None:
        return {"ctype": 0}
    due_ms = to_epoch_ms(memory.due)
    last = to_epoch_ms(memory.last_review) if memory.last_review else None
    values: dict[str, Any] = {
        "reps": memory.reps, "lapses": memory.lapses, "stability": memory.stability,
        "difficulty": memory.difficulty, "desired_retention": settings.desired_retention,
        "last_review_ms": last, "factor": 2500,
    }  # fmt: skip
    if memory.state == State.REVIEW:
        gap = days.of(due_ms) - (days.of(last) if last is not None else 0)
        return {**values, "ctype": 2, "due_day": days.of(due_ms), "interval": max(gap, 1)}
    steps = (
        settings.learning_steps_min
        if memory.state == State.LEARNING
        else settings.relearning_steps_min
    )
    values["remaining_steps"] = max(len(steps) - (memory.step or 0), 1)
    if memory.state == State.LEARNING:
        values.update(factor=0, ctype=1)
    else:
        values.update(ctype=3, interval=max(round(memory.stability or 1), 1))
    if due_ms < days.end_ms:
        return {**values, "due_ms": due_ms}
    return {**values, "due_day": days.of(due_ms)}


def _reviews(conn: sqlite3.Connection, decks: dict[int, str]) -> dict[int, list[AnkiReview]]:
    marks = ", ".join("?" * len(decks))
    rows = conn.execute(
        "SELECT r.card_id, r.reviewed_at, r.rating, r.state_before, r.state_after, r.due_after, "
        "r.duration_ms, r.difficulty_after FROM review_log r JOIN cards c ON c.id = r.card_id "
        f"WHERE c.deck_id IN ({marks}) ORDER BY r.card_id, r.reviewed_at, r.id",
        list(decks),
    )
    out: dict[int, list[AnkiReview]] = defaultdict(list)
    for card_id, at, rating, before, after, due, taken, difficulty in rows:
        gap = due - at
        if after == State.REVIEW or gap >= _DAY_MS:  # Anki: days, or seconds as a negative
            interval = max(round(gap / _DAY_MS), 1)
        else:
            interval = -max(round(gap / 1000), 1)
        factor = 100 + round((difficulty - 1) / 9 * 1000) if difficulty is not None else 0
        out[card_id].append(
            AnkiReview(at, rating, _KIND[State(before)], interval, taken or 0, factor)
        )
    return out


def _options(name: str, settings: DeckSettings) -> AnkiDeckOptions:
    return AnkiDeckOptions(
        name=name,
        desired_retention=settings.desired_retention,
        parameters=settings.parameters,
        learning_steps_min=settings.learning_steps_min,
        relearning_steps_min=settings.relearning_steps_min,
        new_per_day=settings.new_per_day,
        max_reviews_per_day=settings.max_reviews_per_day,
        max_interval_days=settings.max_interval_days,
    )


CSV_COLUMNS = (
    "deck", "lecture", "lecture_title", "kind", "title", "question", "answer", "suspended",
    "state", "due", "last_review", "stability", "difficulty", "reps", "lapses",
)  # fmt: skip
_STATE_NAMES = {State.LEARNING: "learning", State.REVIEW: "review", State.RELEARNING: "relearning"}


def export_csv(col: Collection, out: Path | TextIO, deck: str | None = None) -> ExportReport:
    """One row per active card (CSV_COLUMNS; times in ISO 8601 UTC), UTF-8, written
    atomically to a file, or to an open text stream; needs no extra."""
    with col.connection() as conn:
        names = deck_ids(conn, deck)
        marks = ", ".join("?" * len(names))
        rows = conn.execute(
            "SELECT d.name, l.number, l.title, c.kind, c.title, c.question, c.answer, "
            "c.suspended, c.fsrs_state, c.reps, c.due, c.last_review, c.stability, "
            "c.difficulty, c.lapses FROM cards c JOIN decks d ON d.id = c.deck_id "
            f"JOIN lectures l ON l.id = c.lecture_id WHERE c.deck_id IN ({marks}) "
            "AND NOT c.missing ORDER BY d.name, c.sort_order, c.id",
            list(names),
        ).fetchall()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for *text, suspended, state, reps, due, last, stability, difficulty, lapses in rows:
        writer.writerow([
            *text, int(suspended), "new" if reps == 0 else _STATE_NAMES[State(state)],
            _iso(due), _iso(last), stability, difficulty, reps, lapses,
        ])  # fmt: skip
    if isinstance(out, Path):
        write_atomic(out, buffer.getvalue())
    else:
        out.write(buffer.getvalue())
    where = out if isinstance(out, Path) else Path("-")
    return ExportReport(where, tuple(names.values()), len(rows), 0, False)


def _iso(ms: int | None) -> str:
    return from_epoch_ms(ms).isoformat() if ms is not None else ""
