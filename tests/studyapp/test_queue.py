"""Today's queue, table-driven: which cards a session shows, in which order, within which limits,
and that `due_counts` always agrees with the session. Every card shown is answered Easy, which
sends it out of today's queue, so the order shown is the queue's own order."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest

from studyapp.db.collection import Collection
from studyapp.db.epoch import to_epoch_ms
from studyapp.domain.notes import Lecture
from studyapp.domain.scheduling import Rating, State
from studyapp.services.due import due_counts
from studyapp.services.importing import import_notes
from studyapp.services.settings import change_settings
from studyapp.services.study import LEARN_AHEAD, MAX_ANSWER_MS, StudySession
from tests.studyapp.conftest import FakeClock, learned, make_notes

DECK = "Queue"
MIN = 60_000
DAY = 86_400_000


@dataclass(frozen=True)
class C:
    """One card of a scenario: `name` is what the expected order lists."""

    name: str
    kind: str  # new | learning | relearning | review
    due_min: float = 0  # minutes from now (reviews: use due_days)
    due_days: float = 0
    order: int | None = None  # sort_order among new cards (default: note order)
    suspended: bool = False
    missing: bool = False


@dataclass(frozen=True)
class Scenario:
    cards: tuple[C, ...]
    expected: tuple[str, ...]
    settings: dict[str, Any] = field(default_factory=dict)
    new_done: int = 0  # new cards answered earlier today
    reviews_done: int = 0  # review answers earlier today


SCENARIOS = {
    "learning due, then reviews, then new": Scenario(
        (C("n1", "new"), C("r1", "review", due_days=-1), C("l1", "learning", due_min=-1)),
        ("l1", "r1", "n1"),
    ),
    "a learning card due this very moment comes first": Scenario(
        (C("r1", "review", due_days=-1), C("l1", "learning", due_min=0)), ("l1", "r1")
    ),
    "relearning counts as learning": Scenario(
        (C("r1", "review", due_days=-1), C("x1", "relearning", due_min=-5)),
        ("x1", "r1"),
    ),
    "a learning card due soon comes after new cards (learn ahead)": Scenario(
        (C("l1", "learning", due_min=10), C("n1", "new"), C("r1", "review", due_days=0)),
        ("r1", "n1", "l1"),
    ),
    "learn ahead alone": Scenario((C("l1", "learning", due_min=15),), ("l1",)),
    "beyond learn ahead: not yet": Scenario(
        (C("l1", "learning", due_min=25), C("n1", "new")), ("n1",)
    ),
    "learning cards by due time": Scenario(
        (C("a", "learning", due_min=-1), C("b", "learning", due_min=-9)), ("b", "a")
    ),
    "reviews by due date, then id": Scenario(
        (
            C("late", "review", due_days=0),
            C("early", "review", due_days=-3),
            C("mid", "review", due_days=-1),
        ),
        ("early", "mid", "late"),
    ),
    "a review due after today's end waits": Scenario(
        (C("r1", "review", due_days=2), C("n1", "new")), ("n1",)
    ),
    "new cards in note order, not id order": Scenario(
        (C("third", "new", order=3), C("first", "new", order=1), C("second", "new", order=2)),
        ("first", "second", "third"),
    ),
    "new-card limit": Scenario(
        tuple(C(f"n{i}", "new", order=i) for i in range(4)), ("n0", "n1"), {"new_per_day": 2}
    ),
    "new cards also count against the review limit": Scenario(
        (
            C("r1", "review", due_days=-1),
            C("r2", "review", due_days=0),
            *(C(f"n{i}", "new", order=i) for i in range(5)),
        ),
        ("r1", "r2", "n0", "n1", "n2"),
        {"max_reviews_per_day": 3, "new_per_day": 10},
    ),
    "new cards started earlier today count": Scenario(
        tuple(C(f"n{i}", "new", order=i) for i in range(4)),
        ("n0",),
        {"new_per_day": 3},
        new_done=2,
    ),
    "reviews done earlier today count": Scenario(
        tuple(C(f"r{i}", "review", due_days=-i) for i in range(4)),
        ("r3",),
        {"max_reviews_per_day": 4},
        reviews_done=3,
    ),
    "no reviews allowed: no new cards either": Scenario(
        (C("r1", "review", due_days=-1), C("n1", "new"), C("l1", "learning", due_min=-1)),
        ("l1",),
        {"max_reviews_per_day": 0},
    ),
    "suspended and missing cards are left out": Scenario(
        (
            C("s", "review", due_days=-1, suspended=True),
            C("m", "new", missing=True),
            C("l", "learning", due_min=-1, suspended=True),
            C("ok", "new"),
        ),
        ("ok",),
    ),
}


def _build(col: Collection, clock: FakeClock, scenario: Scenario) -> dict[int, str]:
    cards = scenario.cards
    points = tuple(
        learned(i + 1, f"point {c.name}", f"- body {c.name}") for i, c in enumerate(cards)
    )
    import_notes(col, make_notes([Lecture(1, "L", (), points, ())]), DECK)
    now = to_epoch_ms(clock.now)
    names: dict[int, str] = {}
    with col.connection() as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM cards ORDER BY sort_order")]
        for card_id, c in zip(ids, cards, strict=True):
            names[card_id] = c.name
            due = now + int(c.due_min * MIN) + int(c.due_days * DAY)
            state = {"new": 1, "learning": 1, "relearning": 3, "review": 2}[c.kind]
            reps = 0 if c.kind == "new" else 3
            stability = None if c.kind == "new" else 5.0
            conn.execute(
                "UPDATE cards SET fsrs_state = ?, step = ?, stability = ?, difficulty = ?, "
                "due = ?, last_review = ?, reps = ?, sort_order = ?, suspended = ?, missing = ? "
                "WHERE id = ?",
                (
                    state,
                    None if c.kind == "review" else 0,
                    stability,
                    None if c.kind == "new" else 5.0,
                    due,
                    None if c.kind == "new" else now - 2 * DAY,
                    reps,
                    card_id if c.order is None else c.order,
                    c.suspended,
                    c.missing,
                    card_id,
                ),
            )
        _log_earlier_answers(conn, ids[0], now, scenario)
    if scenario.settings:
        change_settings(col, DECK, scenario.settings)
    return names


def _log_earlier_answers(conn: Any, card_id: int, now: int, scenario: Scenario) -> None:
    rows = [(True, State.LEARNING)] * scenario.new_done
    rows += [(False, State.REVIEW)] * scenario.reviews_done
    for was_new, before in rows:
        conn.execute(
            "INSERT INTO review_log (card_id, reviewed_at, rating, duration_ms, state_before, "
            "state_after, was_new, due_after, before) VALUES (?, ?, 3, 1000, ?, 2, ?, ?, '{}')",
            (card_id, now - MIN, int(before), was_new, now + DAY),
        )


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_queue_order_and_limits(col: Collection, clock: FakeClock, name: str) -> None:
    scenario = SCENARIOS[name]
    names = _build(col, clock, scenario)
    with StudySession(col, DECK) as session:
        assert [due_counts(col, DECK)[0].counts] == [session.counts()]
        shown = []
        while (card := session.next_card()) is not None:
            shown.append(names[card.id])
            session.answer(Rating.EASY)
            assert len(shown) <= len(names), "a card came back after Easy"
    assert tuple(shown) == scenario.expected


def test_a_learning_card_beyond_learn_ahead_is_announced(col: Collection, clock: FakeClock) -> None:
    _build(col, clock, SCENARIOS["beyond learn ahead: not yet"])
    with StudySession(col, DECK) as session:
        assert session.next_card() is not None
        session.answer(Rating.EASY)
        assert session.next_card() is None
        waiting = session.next_due_learning()
        assert waiting is not None and waiting - clock.now == timedelta(minutes=25)
        clock.advance(seconds=(timedelta(minutes=25) - LEARN_AHEAD).total_seconds())
        assert session.next_card() is not None  # now within learn-ahead


def test_undo_puts_the_card_on_screen_back_at_the_front(col: Collection, clock: FakeClock) -> None:
    names = _build(col, clock, SCENARIOS["new cards in note order, not id order"])
    with StudySession(col, DECK) as session:
        first = session.next_card()
        assert first is not None
        session.answer(Rating.EASY)
        second = session.next_card()
        assert second is not None and names[second.id] == "second"
        back = session.undo()
        assert back is not None and back.id == first.id
        session.answer(Rating.EASY)
        again = session.next_card()
        assert again is not None and again.id == second.id  # not skipped to "third"
        session.answer(Rating.EASY)
        last = session.next_card()
        assert last is not None and names[last.id] == "third"


def test_answer_time_is_capped_as_in_anki(col: Collection, clock: FakeClock) -> None:
    _build(col, clock, SCENARIOS["learn ahead alone"])
    with StudySession(col, DECK) as session:
        session.next_card()
        session.answer(Rating.GOOD, duration_ms=40 * 60_000)  # left on screen over lunch
        session.undo()
        session.answer(Rating.GOOD, duration_ms=-5)
    with col.connection() as conn:
        assert [r[0] for r in conn.execute("SELECT duration_ms FROM review_log")] == [0]
    assert MAX_ANSWER_MS == 60_000
    with StudySession(col, DECK) as session:
        clock.advance(days=400)
        session.next_card()
        session.answer(Rating.GOOD, duration_ms=40 * 60_000)
    with col.connection() as conn:
        durations = [r[0] for r in conn.execute("SELECT duration_ms FROM review_log ORDER BY id")]
    assert durations == [0, MAX_ANSWER_MS]
