"""The review session: today's queue, answering with FSRS, undo.

Every answer is one transaction (card update + review-log row) committed before the next card is
fetched, so a crash loses nothing that was acknowledged. The queue lives in memory like Anki's:
learning cards that are due, then reviews, then new cards in note order, within the day's limits.
"""

from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update

from studyapp.db.collection import Collection
from studyapp.db.models import Lecture, cards_table, review_log_table
from studyapp.scheduler.fsrs_scheduler import (
    DeckSettings,
    Rating,
    State,
    preview,
    review,
)
from studyapp.scheduler.studyday import day_bounds
from studyapp.services.decks import deck_ids, deck_settings
from studyapp.services.memory import (
    memory_from_json,
    memory_from_row,
    memory_to_json,
    memory_values,
)

LEARN_AHEAD = timedelta(minutes=20)  # as Anki: show a learning card early rather than stop

cards = cards_table
log = review_log_table

_CARD_ROW = select(
    cards.c.id,
    cards.c.deck_id,
    cards.c.lecture_id,
    cards.c.kind,
    cards.c.title,
    cards.c.question,
    cards.c.answer,
    cards.c.suspended,
    cards.c.missing,
    cards.c.fsrs_state,
    cards.c.step,
    cards.c.stability,
    cards.c.difficulty,
    cards.c.due,
    cards.c.last_review,
    cards.c.reps,
    cards.c.lapses,
).where(cards.c.id == bindparam("card_id"))

_UPDATE_MEMORY = (
    update(cards)
    .where(cards.c.id == bindparam("card_id"))
    .values(
        fsrs_state=bindparam("state"),
        step=bindparam("step"),
        stability=bindparam("stability"),
        difficulty=bindparam("difficulty"),
        due=bindparam("due"),
        last_review=bindparam("last_review"),
        reps=bindparam("reps"),
        lapses=bindparam("lapses"),
        updated_at=bindparam("now"),
    )
)

# Built once: constructing a statement per answer costs more than SQLite's whole write.
_INSERT_LOG = insert(log)


@dataclass(frozen=True)
class CardView:
    id: int
    deck_id: int
    deck: str
    lecture: int
    lecture_title: str
    kind: str
    title: str
    question: str
    answer: str
    is_new: bool
    state: int
    due: datetime


@dataclass(frozen=True)
class QueueCounts:
    learning: int
    review: int
    new: int

    @property
    def total(self) -> int:
        return self.learning + self.review + self.new


@dataclass(frozen=True)
class AnswerResult:
    card_id: int
    review_id: int
    rating: Rating
    due: datetime
    interval: timedelta


@dataclass(frozen=True)
class _Answered:
    review_id: int
    card_id: int


class StudySession:
    """One sitting of reviews over one deck or all decks. Use it from one thread at a time."""

    def __init__(self, col: Collection, deck: str | None = None, tz: tzinfo | None = None) -> None:
        self._col = col
        self._tz = tz
        with col.session() as s:
            self._decks = deck_ids(s, deck)
            self._settings: dict[int, DeckSettings] = deck_settings(s, self._decks)
            lectures = s.execute(
                select(Lecture.id, Lecture.number, Lecture.title).where(
                    Lecture.deck_id.in_(list(self._decks))
                )
            )
            self._lectures = {r.id: (r.number, r.title) for r in lectures}
        self._history: list[_Answered] = []
        self._current: Any = None  # the Row of the card on screen
        self._build_queue(col.clock())

    # -- queue ---------------------------------------------------------------------------------

    def _build_queue(self, now: datetime) -> None:
        rollover = int(self._col.setting("rollover_hour"))
        self._day_start, self._day_end = day_bounds(now, rollover, self._tz)
        self._learning: list[tuple[datetime, int]] = []
        self._reviews: deque[int] = deque()
        self._new: deque[int] = deque()
        with self._col.engine.connect() as conn:
            for deck_id in self._decks:
                self._fill_deck(conn, deck_id)
        heapq.heapify(self._learning)

    def _fill_deck(self, conn: Any, deck_id: int) -> None:
        settings = self._settings[deck_id]
        active = (cards.c.deck_id == deck_id) & ~cards.c.suspended & ~cards.c.missing
        new_done, reviews_done = self._done_today(conn, deck_id)
        learning = conn.execute(
            select(cards.c.due, cards.c.id).where(
                active,
                cards.c.fsrs_state.in_([State.LEARNING, State.RELEARNING]),
                cards.c.reps > 0,
                cards.c.due < self._day_end,
            )
        )
        self._learning.extend((r.due, r.id) for r in learning)
        review_limit = max(settings.max_reviews_per_day - reviews_done, 0)
        reviews = conn.execute(
            select(cards.c.id)
            .where(active, cards.c.fsrs_state == State.REVIEW, cards.c.due < self._day_end)
            .order_by(cards.c.due, cards.c.id)
            .limit(review_limit)
        )
        self._reviews.extend(r.id for r in reviews)
        new_limit = max(min(settings.new_per_day - new_done, review_limit), 0)
        new = conn.execute(
            select(cards.c.id)
            .where(active, cards.c.reps == 0)
            .order_by(cards.c.sort_order, cards.c.id)
            .limit(new_limit)
        )
        self._new.extend(r.id for r in new)

    def _done_today(self, conn: Any, deck_id: int) -> tuple[int, int]:
        row = conn.execute(
            select(
                func.count().filter(log.c.was_new),
                func.count().filter(log.c.state_before == State.REVIEW),
            )
            .select_from(log.join(cards, cards.c.id == log.c.card_id))
            .where(cards.c.deck_id == deck_id, log.c.reviewed_at >= self._day_start)
        ).one()
        return int(row[0]), int(row[1])

    def counts(self) -> QueueCounts:
        learning = sum(1 for due, _ in self._learning if due < self._day_end)
        return QueueCounts(learning, len(self._reviews), len(self._new))

    def _pop_next_id(self, now: datetime) -> int | None:
        if self._learning and self._learning[0][0] <= now:
            return heapq.heappop(self._learning)[1]
        if self._reviews:
            return self._reviews.popleft()
        if self._new:
            return self._new.popleft()
        if self._learning and self._learning[0][0] <= now + LEARN_AHEAD:
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
        with self._col.engine.connect() as conn:
            while (card_id := self._pop_next_id(now)) is not None:
                row = conn.execute(_CARD_ROW, {"card_id": card_id}).one_or_none()
                if row is not None and not row.suspended and not row.missing:
                    self._current = row
                    return self._view(row)
        return None

    def next_due_learning(self) -> datetime | None:
        """When the next learning card becomes due, if any is waiting later today."""
        return self._learning[0][0] if self._learning else None

    def _view(self, row: Any) -> CardView:
        number, title = self._lectures.get(row.lecture_id, (0, ""))
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
            is_new=row.reps == 0,
            state=row.fsrs_state,
            due=row.due,
        )

    def intervals(self) -> dict[Rating, timedelta]:
        """What each rating would schedule for the current card (unfuzzed)."""
        row = self._require_current()
        return preview(row.id, memory_from_row(row), self._col.clock(), self._settings[row.deck_id])

    def _require_current(self) -> Any:
        if self._current is None:
            raise RuntimeError("no card is being shown; call next_card() first")
        return self._current

    def answer(self, rating: Rating | int, duration_ms: int | None = None) -> AnswerResult:
        """Rate the current card; the answer is committed before this returns."""
        row = self._require_current()
        rating = Rating(rating)
        now = self._col.clock()
        before = memory_from_row(row)
        after = review(row.id, before, rating, now, self._settings[row.deck_id])
        with self._col.engine.begin() as conn:
            conn.execute(_UPDATE_MEMORY, {"card_id": row.id, "now": now, **memory_values(after)})
            key = conn.execute(
                _INSERT_LOG,
                {
                    "card_id": row.id,
                    "reviewed_at": now,
                    "rating": int(rating),
                    "duration_ms": duration_ms,
                    "state_before": before.state,
                    "state_after": after.state,
                    "was_new": before.is_new,
                    "due_after": after.due,
                    "stability_after": after.stability,
                    "difficulty_after": after.difficulty,
                    "before": memory_to_json(before),
                },
            ).inserted_primary_key
        assert key is not None
        review_id = int(key[0])
        self._current = None
        self._history.append(_Answered(review_id, row.id))
        assert after.due is not None
        if after.state != State.REVIEW and after.due < self._day_end:
            heapq.heappush(self._learning, (after.due, row.id))
        return AnswerResult(row.id, review_id, rating, after.due, after.due - now)

    # -- undo ----------------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return bool(self._history)

    def undo(self) -> CardView | None:
        """Take back the last answer: the card's state is restored, its log row removed, and it
        is shown again."""
        if not self._history:
            return None
        last = self._history.pop()
        with self._col.engine.begin() as conn:
            before = conn.execute(
                select(log.c.before).where(log.c.id == last.review_id)
            ).scalar_one()
            restored = memory_from_json(before)
            conn.execute(
                _UPDATE_MEMORY,
                {"card_id": last.card_id, "now": self._col.clock(), **memory_values(restored)},
            )
            conn.execute(delete(log).where(log.c.id == last.review_id))
            row = conn.execute(_CARD_ROW, {"card_id": last.card_id}).one()
        self._learning = [(d, i) for d, i in self._learning if i != last.card_id]
        heapq.heapify(self._learning)
        if self._current is not None:
            self._requeue_front(self._current)
        self._current = row
        return self._view(row)

    def _requeue_front(self, row: Any) -> None:
        if row.reps == 0:
            self._new.appendleft(row.id)
        elif row.fsrs_state == State.REVIEW:
            self._reviews.appendleft(row.id)
        else:
            heapq.heappush(self._learning, (row.due, row.id))
