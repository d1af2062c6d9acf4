"""Rescheduling existing cards with new FSRS parameters, as Anki offers when they change.

Each reviewed card's stability and difficulty are recomputed from its whole history under its
deck's parameters; a review card is then due its new interval (fuzzed as an answer would be)
after its last review. Learning cards keep their due time. A backup is taken first, and every
change is one transaction: `studyapp restore BACKUP` undoes it, a cancel rolls it back.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Any

from studyapp.db.collection import Collection
from studyapp.db.epoch import to_epoch_ms
from studyapp.domain.changes import Changes
from studyapp.domain.scheduling import DeckSettings, State
from studyapp.jobs import Job, Progress, run
from studyapp.scheduler import optimize as fitting
from studyapp.scheduler.fsrs_scheduler import fuzz_seed, fuzzed_days
from studyapp.services.optimize import load_scope, review_records

RESCHEDULE_CHANGES = Changes(all_cards=True, study_queues=True, backups=True)
_DAY_MS = 86_400_000
_UPDATE = "UPDATE cards SET stability = ?, difficulty = ?, due = ?, updated_at = ? WHERE id = ?"


@dataclass(frozen=True)
class RescheduleReport:
    cards: int  # cards whose memory was recomputed
    moved: int  # of them, review cards whose due date changed
    skipped: int  # reviewed cards without a learning review in their log (kept as they were)
    backup: Path
    changes: Changes = RESCHEDULE_CHANGES

    def summary(self) -> str:
        skipped = f", {self.skipped} without a full history left as they were" * bool(self.skipped)
        return (
            f"Rescheduled {self.cards} cards ({self.moved} review cards moved){skipped}; "
            f"undo with: studyapp restore {self.backup}"
        )


def reschedule(col: Collection, deck: str | None = None) -> RescheduleReport:
    return run(reschedule_job(col, deck))


def reschedule_job(col: Collection, deck: str | None = None) -> Job[RescheduleReport]:
    """Back up, then recompute every reviewed card of `deck` (or of every deck) in one
    transaction, deck by deck; a cancel between decks rolls all of it back."""
    yield Progress(0, None, "backing up the collection")
    backup = col.backup("before-reschedule")
    rollover = int(col.setting("rollover_hour"))
    now = to_epoch_ms(col.clock())
    totals = [0, 0, 0]
    with col.connection() as conn:
        scope = load_scope(conn, deck)
        conn.execute("BEGIN IMMEDIATE")
        try:
            for n, (deck_id, settings) in enumerate(scope.settings.items()):
                yield Progress(n, len(scope.settings), f"rescheduling {scope.decks[deck_id]}")
                rows, counts = _rescheduled(conn, deck_id, settings, rollover, col.tz, now)
                conn.executemany(_UPDATE, rows)
                totals = [a + b for a, b in zip(totals, counts, strict=True)]
            yield Progress(len(scope.settings), len(scope.settings), "saving")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return RescheduleReport(totals[0], totals[1], totals[2], backup)


def _rescheduled(
    conn: sqlite3.Connection,
    deck_id: int,
    settings: DeckSettings,
    rollover: int,
    tz: tzinfo,
    now: int,
) -> tuple[list[tuple[Any, ...]], tuple[int, int, int]]:
    """UPDATE rows for the deck's reviewed cards, and (recomputed, moved, skipped)."""
    parameters = settings.parameters or fitting.default_parameters()
    states = fitting.memory_states(review_records(conn, {deck_id: ""}), parameters, rollover, tz)
    cards = conn.execute(
        "SELECT id, fsrs_state, reps, last_review, due FROM cards WHERE deck_id = ? AND reps > 0",
        (deck_id,),
    ).fetchall()
    known = [c for c in cards if c[0] in states]
    review = [c for c in known if c[1] == State.REVIEW and c[3] is not None]
    intervals = fitting.review_intervals(
        [states[c[0]][0] for c in review],
        parameters,
        settings.desired_retention,
        settings.max_interval_days,
    )
    due = {c[0]: c[4] for c in known}
    moved = 0
    for (card_id, _, reps, last_review, old_due), days in zip(review, intervals, strict=True):
        if settings.fuzz:  # the draw the card's last answer made (seeded before that answer)
            days = fuzzed_days(days, settings.max_interval_days, fuzz_seed(card_id, reps - 1))
        due[card_id] = last_review + days * _DAY_MS
        moved += due[card_id] != old_due
    rows = [(*states[c[0]], due[c[0]], now, c[0]) for c in known]
    return rows, (len(known), moved, len(cards) - len(known))
