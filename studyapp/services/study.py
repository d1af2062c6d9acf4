"""The review session: today's queue, answering with FSRS, undo.

Every answer is one transaction (card update + review-log row) committed before the next card is
fetched, so a crash loses nothing that was acknowledged. The queue lives in memory like Anki's:
learning cards that are due, then reviews, then new cards in note order, within the day's limits.
The next states of the card on screen are computed once; the buttons show them and the answer
commits exactly the chosen one.
"""

from __future__ import annotations

import heapq
import sqlite3
from collections import deque
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from studyapp.db import cardstore, queue
from studyapp.db.collection import Collection
from studyapp.db.decks import deck_ids, deck_settings
from studyapp.db.epoch import from_epoch_ms, to_epoch_ms
from studyapp.domain.changes import Changes
from studyapp.domain.scheduling import DeckSettings, NextState, Rating, State
from studyapp.domain.studyday import day_bounds
from studyapp.domain.views import AnswerResult, CardView, QueueCounts
from studyapp.scheduler.fsrs_scheduler import next_states
from studyapp.services import card_ops

LEARN_AHEAD = timedelta(minutes=20)  # as Anki: show a learning card early rather than stop
MAX_ANSWER_MS = 60_000  # as Anki: a card left on screen over lunch is not a 40-minute answer


@dataclass(frozen=True)
class _Answered:
    review_id: int
    card_id: int


class StudySession:
    """One sitting of reviews over one deck or all decks. Use it from one thread at a time, and
    close it (or use it as a context manager) when done."""

    def __init__(self, col: Collection, deck: str | None = None) -> None:
        self._col = col
        self._conn: sqlite3.Connection = col.connect()
        self._decks = deck_ids(self._conn, deck)
        self._settings: dict[int, DeckSettings] = deck_settings(self._conn, self._decks)
        marks = ", ".join("?" * len(self._decks))
        rows = self._conn.execute(
            f"SELECT id, number, title FROM lectures WHERE deck_id IN ({marks})", list(self._decks)
        )
        self._lectures = {r[0]: (r[1], r[2]) for r in rows}
        self._history: list[_Answered] = []
        self._current: cardstore.CardRow | None = None
        self._states: dict[Rating, NextState] | None = None
        self._build_queue(col.clock())

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> StudySession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- queue ---------------------------------------------------------------------------------

    def _build_queue(self, now: datetime) -> None:
        rollover = int(self._col.setting("rollover_hour"))
        self._day_start, self._day_end = day_bounds(now, rollover, self._col.tz)
        self._end_ms = to_epoch_ms(self._day_end)
        self._learning: list[tuple[int, int]] = []  # heap of (due in epoch ms, card id)
        self._reviews: deque[int] = deque()
        self._new: deque[int] = deque()
        day = queue.Day(self._day_start, self._day_end)
        for deck_id, settings in self._settings.items():
            left = queue.limits(settings, queue.done_today(self._conn, deck_id, day))
            self._learning += queue.learning_due(self._conn, deck_id, day)
            self._reviews += queue.reviews_due(self._conn, deck_id, day, left.reviews)
            self._new += queue.new_cards(self._conn, deck_id, day, left.new)
        heapq.heapify(self._learning)

    def counts(self) -> QueueCounts:
        learning = sum(1 for due, _ in self._learning if due < self._end_ms)
        return QueueCounts(learning, len(self._reviews), len(self._new))

    def _pop_next_id(self, now: datetime) -> int | None:
        now_ms = to_epoch_ms(now)
        if self._learning and self._learning[0][0] <= now_ms:
            return heapq.heappop(self._learning)[1]
        if self._reviews:
            return self._reviews.popleft()
        if self._new:
            return self._new.popleft()
        if self._learning and self._learning[0][0] <= to_epoch_ms(now + LEARN_AHEAD):
            return heapq.heappop(self._learning)[1]
        return None

    # -- cards ---------------------------------------------------------------------------------

    def next_card(self) -> CardView | None:
        """The card to show now (the same one until it is answered), or None when done for now."""
        if self._current is not None:
            return self._view(self._current)
        now = self._col.clock()
        if now >= self._day_end:
            self._build_queue(now)
        while (card_id := self._pop_next_id(now)) is not None:
            row = cardstore.fetch_card(self._conn, card_id)
            if row is not None and row.active(now):
                self._show(row)
                return self._view(row)
        return None

    def _show(self, row: cardstore.CardRow) -> None:
        self._current, self._states = row, None

    def next_due_learning(self) -> datetime | None:
        """When the next learning card becomes due, if any is waiting later today."""
        return from_epoch_ms(self._learning[0][0]) if self._learning else None

    def _view(self, row: cardstore.CardRow) -> CardView:
        number, title = self._lectures[row.lecture_id]
        assert row.memory.due is not None  # every stored card has a due time
        return CardView(
            id=row.id,
            deck_id=row.deck_id,
            deck=self._decks[row.deck_id],
            lecture=number,
            lecture_title=title,
            kind=row.kind,
            title=row.title,
            question=row.question,
            answer=row.answer,
            state=row.memory.state,
            is_new=row.memory.is_new,
            due=row.memory.due,
            flag=row.flag,
            tags=row.tags,
        )

    def next_states(self) -> dict[Rating, NextState]:
        """What each rating does to the card on screen; computed once, then committed as is."""
        row = self._require_current()
        if self._states is None:
            settings = self._settings[row.deck_id]
            self._states = next_states(row.id, row.memory, self._col.clock(), settings)
        return self._states

    def intervals(self) -> dict[Rating, timedelta]:
        """The interval each button shows (and the answer will schedule)."""
        return {rating: state.interval for rating, state in self.next_states().items()}

    def _require_current(self) -> cardstore.CardRow:
        if self._current is None:
            raise RuntimeError("no card is being shown; call next_card() first")
        return self._current

    def answer(self, rating: Rating | int, duration_ms: int | None = None) -> AnswerResult:
        """Rate the current card; the answer is committed before this returns."""
        row = self._require_current()
        chosen = self.next_states()[Rating(rating)]
        now = self._col.clock()
        # The interval shown on the button runs from the moment of answering.
        after = replace(chosen.memory, due=now + chosen.interval, last_review=now)
        if duration_ms is not None:
            duration_ms = min(max(duration_ms, 0), MAX_ANSWER_MS)
        review_id = cardstore.write_answer(
            self._conn, row.id, row.memory, after, chosen.rating, now, duration_ms
        )
        leech = card_ops.is_leech(row.memory.lapses, after.lapses)
        if leech:
            card_ops.tag_leech(self._conn, row, now)
        self._current, self._states = None, None
        self._history.append(_Answered(review_id, row.id))
        assert after.due is not None
        if not leech and after.state != State.REVIEW and after.due < self._day_end:
            heapq.heappush(self._learning, (to_epoch_ms(after.due), row.id))
        changes = Changes(cards=frozenset({row.id}), review_log=True, study_queues=True)
        return AnswerResult(
            row.id, review_id, chosen.rating, after.due, chosen.interval, changes, leech
        )

    # -- the card on screen, as Anki's reviewer offers -------------------------------------------

    def bury_current(self) -> Changes:
        """Bury the card on screen until tomorrow; the next card comes up."""
        return self._drop(card_ops.bury(self._col, [self._require_current().id]))

    def suspend_current(self) -> Changes:
        return self._drop(card_ops.set_suspended(self._col, [self._require_current().id], True))

    def flag_current(self, flag: int) -> Changes:
        row = self._require_current()
        changes = card_ops.set_flag(self._col, [row.id], flag)
        self._refresh(row.id)
        return changes

    def edit_current(self, question: str, answer: str) -> Changes:
        row = self._require_current()
        changes = card_ops.edit_card(self._col, row.id, question, answer)
        self._refresh(row.id)
        return changes

    def _drop(self, changes: Changes) -> Changes:
        self._current, self._states = None, None
        return changes

    def _refresh(self, card_id: int) -> None:
        row = cardstore.fetch_card(self._conn, card_id)
        if row is not None:
            self._current = row  # same memory, so the computed next states still hold

    # -- undo ----------------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return bool(self._history)

    def undo(self) -> CardView | None:
        """Take back the last answer: the card's state is restored, its log row removed, and it
        is shown again (a card that was on screen goes back to the front of its queue)."""
        if not self._history:
            return None
        last = self._history.pop()
        row = cardstore.undo_answer(self._conn, last.review_id, self._col.clock())
        self._learning = [(d, i) for d, i in self._learning if i != last.card_id]
        heapq.heapify(self._learning)
        if self._current is not None:
            self._requeue_front(self._current)
        self._show(row)
        return self._view(row)

    def _requeue_front(self, row: cardstore.CardRow) -> None:
        if row.memory.is_new:
            self._new.appendleft(row.id)
        elif row.memory.state == State.REVIEW:
            self._reviews.appendleft(row.id)
        else:
            assert row.memory.due is not None
            heapq.heappush(self._learning, (to_epoch_ms(row.memory.due), row.id))
