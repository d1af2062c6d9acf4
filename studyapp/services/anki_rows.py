"""What an imported Anki card becomes here: its deck and lecture, its memory, its log rows.

Helpers of `anki_import`, kept apart so each piece reads on its own. Anki's revlog kinds map
to the state before an answer (learning, review, relearning; cramming counts as a review);
the state after is the next answer's state before (the card's own for the last). Per-answer
stability is not in Anki's log: only the last row gets the card's; difficulty comes from the
revlog's FSRS factor where it has one.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from studyapp.db.cardstore import memory_to_json
from studyapp.db.collection import Collection
from studyapp.db.decks import save_deck_settings
from studyapp.db.epoch import from_epoch_ms, to_epoch_ms
from studyapp.domain import settings as registry
from studyapp.domain.errors import InvalidSettingError
from studyapp.domain.scheduling import DeckSettings, Memory, State, validate_parameters
from studyapp.domain.studyday import day_start, study_day
from studyapp.importers.apkg import AnkiCard, AnkiDeckOptions, AnkiPackage, AnkiReview
from studyapp.scheduler import optimize as fitting
from studyapp.scheduler.optimize import ReviewRecord

_BEFORE = {0: State.LEARNING, 1: State.REVIEW, 2: State.RELEARNING, 3: State.REVIEW}
_CARD_STATE = {1: State.LEARNING, 2: State.REVIEW, 3: State.RELEARNING}
_DAY_MS = 86_400_000


class Days:
    """The collection's study days, counted from today's."""

    def __init__(self, col: Collection) -> None:
        self.rollover, self.tz = int(col.setting("rollover_hour")), col.tz
        self.today = study_day(col.clock(), self.rollover, self.tz)

    def start(self, offset: int) -> datetime:
        return day_start(self.today + timedelta(days=offset), self.rollover, self.tz)


class DeckPlaces:
    """Finds or creates the deck and the lecture each imported card goes into."""

    def __init__(
        self, conn: sqlite3.Connection, col: Collection, package: AnkiPackage, deck: str | None
    ) -> None:
        self.conn, self.override, self.days = conn, deck, Days(col)
        self.now_ms = to_epoch_ms(col.clock())
        self.source = package.path
        self.options = {d.name: d for d in package.decks}
        self.ids: dict[str, int] = dict(conn.execute("SELECT name, id FROM decks"))
        self.touched: set[str] = set()
        self.next_order: dict[int, int] = defaultdict(int)

    def name(self, deck_id: int) -> str:
        return next(name for name, i in self.ids.items() if i == deck_id)

    def deck(self, card: AnkiCard) -> int:
        name = self.override or card.deck.split("::")[0]
        self.touched.add(name)
        if name not in self.ids:
            cursor = self.conn.execute(
                "INSERT INTO decks (name, title, source_path, overview, created_at, imported_at) "
                "VALUES (?, ?, ?, '{}', ?, ?)",
                (name, name, self.source, self.now_ms, self.now_ms),
            )
            assert cursor.lastrowid is not None
            self.ids[name] = cursor.lastrowid
            save_deck_settings(
                self.conn, cursor.lastrowid, deck_options(self.options.get(card.deck))
            )
        return self.ids[name]

    def lecture(self, deck_id: int, card: AnkiCard) -> tuple[int, int]:
        """(lecture id, sort order): a studyapp card's own lecture; else one per Anki deck."""
        if card.lecture is not None:
            row = self.conn.execute(
                "SELECT id, number FROM lectures WHERE deck_id = ? AND number = ?",
                (deck_id, card.lecture),
            ).fetchone()
            title = card.lecture_title
        else:
            row = self.conn.execute(
                "SELECT id, number FROM lectures WHERE deck_id = ? AND title = ?",
                (deck_id, card.deck),
            ).fetchone()
            title = card.deck
        if row is None:
            row = self._new_lecture(deck_id, card.lecture, title)
        lecture_id, number = row
        if card.sort_order is not None:
            return lecture_id, card.sort_order
        self.next_order[lecture_id] += 1
        return lecture_id, number * 100_000 + 50_000 + self.next_order[lecture_id]

    def _new_lecture(self, deck_id: int, number: int | None, title: str) -> tuple[int, int]:
        if number is None:
            (top,) = self.conn.execute(
                "SELECT coalesce(max(number), 0) FROM lectures WHERE deck_id = ?", (deck_id,)
            ).fetchone()
            number = top + 1
        cursor = self.conn.execute(
            "INSERT INTO lectures (deck_id, number, title, keywords) VALUES (?, ?, ?, '[]')",
            (deck_id, number, title),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid, number


def deck_options(options: AnkiDeckOptions | None) -> DeckSettings:
    """A new deck's settings from its Anki options; a value outside our ranges keeps ours."""
    if options is None:
        return DeckSettings()
    wanted: dict[str, Any] = {}
    for key in registry.DECK:
        try:
            wanted[key] = registry.DECK[key].validate(getattr(options, key))
        except InvalidSettingError:
            continue
    try:
        parameters = validate_parameters(options.parameters) if options.parameters else None
    except InvalidSettingError:
        parameters = None  # an older FSRS's parameters: this deck starts from the defaults
    return DeckSettings(**wanted, parameters=parameters)


def card_memory(card: AnkiCard, settings: DeckSettings, days: Days, now: datetime) -> Memory:
    """Our memory state for an Anki card (due days counted from today in both calendars)."""
    if card.ctype == 0:
        return Memory(due=now)  # new; a reset card's old answers stay in its log
    state = _CARD_STATE.get(card.ctype, State.REVIEW)
    due = from_epoch_ms(card.due_ms) if card.due_ms is not None else days.start(card.due_day or 0)
    last_ms = card.last_review_ms or (card.reviews[-1].at_ms if card.reviews else None)
    last = from_epoch_ms(last_ms) if last_ms else due - timedelta(days=max(card.interval, 1))
    if card.stability is not None and card.difficulty is not None:
        stability, difficulty = card.stability, card.difficulty
    else:
        stability, difficulty = _derived(card, settings, days)
    steps = (
        settings.learning_steps_min if state == State.LEARNING else settings.relearning_steps_min
    )
    step = None
    if state != State.REVIEW:
        step = min(max(len(steps) - card.remaining_steps, 0), max(len(steps) - 1, 0))
    return Memory(state, step, stability, difficulty, due, last, max(card.reps, 1), card.lapses)


def _derived(card: AnkiCard, settings: DeckSettings, days: Days) -> tuple[float, float]:
    """Memory for a card Anki scheduled without FSRS: from its whole history when that starts
    with learning, else from its ease and interval (Anki's own conversion)."""
    parameters = settings.parameters or fitting.default_parameters()
    records = [ReviewRecord(0, r.at_ms, r.rating, int(_BEFORE[r.kind])) for r in card.reviews]
    states = fitting.memory_states(records, parameters, days.rollover, days.tz)
    if 0 in states:
        return states[0]
    return fitting.sm2_memory((card.factor or 2500) / 1000, card.interval, parameters)


def review_rows(
    card_id: int,
    card: AnkiCard,
    reviews: tuple[AnkiReview, ...],
    memory: Memory | None,
    first: bool,
) -> list[tuple[Any, ...]]:
    """INSERT_LOG rows for `reviews` of `card`; `first`: they begin its history."""
    rows = []
    lapses = 0
    previous: Memory = Memory()
    for i, r in enumerate(reviews):
        before = _BEFORE[r.kind]
        after = _BEFORE[reviews[i + 1].kind] if i + 1 < len(reviews) else _card_after(card)
        due_after = r.at_ms + (r.interval * _DAY_MS if r.interval >= 0 else -r.interval * 1000)
        last = i + 1 == len(reviews) and memory is not None
        stability = memory.stability if last and memory else None
        difficulty = memory.difficulty if last and memory else _difficulty(r.factor)
        rows.append(
            (card_id, r.at_ms, r.rating, r.duration_ms, int(before), int(after),
             first and i == 0 and r.kind == 0, due_after, stability, difficulty,
             json.dumps(memory_to_json(previous)))
        )  # fmt: skip
        lapses += int(before == State.REVIEW and r.rating == 1)
        step = None if after == State.REVIEW else 0
        at, due = from_epoch_ms(r.at_ms), from_epoch_ms(due_after)
        previous = Memory(after, step, stability, difficulty, due, at, i + 1, lapses)
    return rows


def _card_after(card: AnkiCard) -> State:
    return _CARD_STATE.get(card.ctype, State.LEARNING)


def _difficulty(factor: int) -> float | None:
    """Anki's FSRS revlog factor is 100 + 1000 * (difficulty - 1) / 9; SM-2 eases are above."""
    return 1 + (factor - 100) * 9 / 1000 if 100 <= factor <= 1100 else None
