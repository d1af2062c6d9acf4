"""The review session beyond its queue order: what a card view holds, what an answer stores and
reports, undo with different cards on screen, several decks, a zone other than the machine's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from studyapp.db.collection import Collection, open_collection
from studyapp.domain.changes import Changes
from studyapp.domain.notes import CardKind, Lecture
from studyapp.domain.scheduling import Rating, State
from studyapp.services.due import due_counts
from studyapp.services.importing import import_notes
from studyapp.services.settings import change_settings
from studyapp.services.study import StudySession
from tests.studyapp.conftest import FakeClock, learned, make_notes, qa, small_notes


@pytest.fixture
def deck(col: Collection) -> str:
    import_notes(col, small_notes(), "Test")
    return "Test"


def _row(col: Collection, sql: str, *args: object) -> tuple:
    with col.connection() as conn:
        return tuple(conn.execute(sql, args).fetchone())


def test_a_card_view_holds_the_card(col: Collection, deck: str, clock: FakeClock) -> None:
    with StudySession(col, deck) as session:
        card = session.next_card()
    assert card is not None
    title, answer = _row(col, "SELECT title, answer FROM cards WHERE id = ?", card.id)
    deck_id = _row(col, "SELECT id FROM decks WHERE name = 'Test'")[0]
    assert (card.deck_id, card.deck, card.lecture, card.lecture_title) == (
        deck_id,
        "Test",
        1,
        "Intro",
    )
    assert (card.kind, card.title, card.answer) == (CardKind.LEARNED, title, answer)
    assert card.question == "Softmax loss의 역할" and answer == "- scores를 확률로 바꿈"
    assert (card.state, card.is_new, card.due) == (State.LEARNING, True, clock.now)
    with pytest.raises(RuntimeError, match="call next_card"):
        StudySession(col, deck).answer(Rating.GOOD)


def test_lecture_numbers_are_looked_up_by_lecture_id(col: Collection, clock: FakeClock) -> None:
    # Lecture 7 first: its row id (1) differs from its number.
    notes = make_notes([Lecture(7, "RNN", (), (learned(1, "LSTM", "- gates"),), ())])
    import_notes(col, notes, "Seven")
    with StudySession(col, "Seven") as session:
        card = session.next_card()
    assert card is not None and (card.lecture, card.lecture_title) == (7, "RNN")


def test_an_answer_reports_and_stores_what_it_did(
    col: Collection, deck: str, clock: FakeClock
) -> None:
    with StudySession(col, deck) as session:
        card = session.next_card()
        assert card is not None
        shown = session.next_states()[Rating.GOOD]
        clock.advance(seconds=30)
        result = session.answer(Rating.GOOD, duration_ms=4200)
    assert (result.card_id, result.rating) == (card.id, Rating.GOOD)
    assert result.changes == Changes(cards=frozenset({card.id}), review_log=True, study_queues=True)
    log_id, rating, ms, before, after, new = _row(
        col,
        "SELECT id, rating, duration_ms, state_before, state_after, was_new FROM review_log",
    )
    assert (result.review_id, rating, ms, before, after, new) == (log_id, 3, 4200, 1, 1, 1)
    last_review, due, stability = _row(
        col, "SELECT last_review, due, stability FROM cards WHERE id = ?", card.id
    )
    now_ms = int(clock.now.timestamp() * 1000)
    assert last_review == now_ms  # the moment of answering, not of showing
    assert due == now_ms + 10 * 60_000 and stability == shown.memory.stability


def test_lapses_count_only_forgotten_reviews(col: Collection, deck: str, clock: FakeClock) -> None:
    with StudySession(col, deck) as session:
        card = session.next_card()
        assert card is not None
        session.answer(Rating.AGAIN)  # a new card forgotten is not a lapse
    assert _row(col, "SELECT lapses FROM cards WHERE id = ?", card.id) == (0,)


def test_a_card_suspended_during_the_session_is_skipped(col: Collection, deck: str) -> None:
    with StudySession(col, deck) as session:
        first = session.next_card()
        assert first is not None
        with col.connection() as conn:
            conn.execute("UPDATE cards SET suspended = 1 WHERE id != ?", (first.id,))
        session.answer(Rating.EASY)
        assert session.next_card() is None
        assert session.next_due_learning() is None


def test_undo_of_again_leaves_no_stale_learning_entry(col: Collection, deck: str) -> None:
    with StudySession(col, deck) as session:
        a = session.next_card()
        assert a is not None
        session.answer(Rating.AGAIN)  # a is in learning, due in a minute
        b = session.next_card()
        assert b is not None
        session.answer(Rating.AGAIN)  # b too
        assert session.undo() is not None and session.next_card() == b  # b is back on screen
        session.answer(Rating.EASY)
        seen = []
        while (card := session.next_card()) is not None:
            seen.append(card.id)
            session.answer(Rating.EASY)
        assert b.id not in seen and a.id in seen  # a still comes back; b is done


def test_undo_with_a_learning_card_on_screen_requeues_it(
    col: Collection, deck: str, clock: FakeClock
) -> None:
    with StudySession(col, deck) as session:
        a = session.next_card()
        assert a is not None
        session.answer(Rating.AGAIN)
        clock.advance(minutes=2)  # a is due again: learning comes first
        b = session.next_card()
        assert b is not None and b.id == a.id and b.state == State.LEARNING
        session.answer(Rating.AGAIN)
        clock.advance(minutes=2)
        again = session.next_card()
        assert again is not None and again.id == a.id
        session.undo()  # takes back the second Again; `a` (on screen) goes back in its queue
        assert session.next_card() is not None
        session.answer(Rating.EASY)
        assert session.next_card() is not None  # the other cards are still there


def test_undo_with_a_review_on_screen_puts_it_back_first(col: Collection, clock: FakeClock) -> None:
    notes = make_notes(
        [Lecture(1, "L", (), tuple(learned(i, f"p{i}", "- b") for i in (1, 2, 3)), ())]
    )
    import_notes(col, notes, "R")
    now = int(clock.now.timestamp() * 1000)
    with col.connection() as conn:
        conn.execute(
            "UPDATE cards SET fsrs_state = 2, step = NULL, stability = 3, difficulty = 5, "
            "reps = 2, last_review = ?, due = ? + id * 3600000",
            (now - 3 * 86_400_000, now + 1 * 3_600_000),  # due later today, not yet
        )
    with StudySession(col, "R") as session:
        order = []
        first = session.next_card()
        assert first is not None
        session.answer(Rating.GOOD)
        second = session.next_card()
        assert second is not None and second.state == State.REVIEW
        session.undo()
        session.answer(Rating.GOOD)
        while (card := session.next_card()) is not None:
            order.append(card.id)
            session.answer(Rating.GOOD)
    assert order[0] == second.id and len(order) == 2


def test_a_long_learning_step_is_not_announced_for_today(col: Collection, deck: str) -> None:
    change_settings(col, deck, {"learning_steps_min": "1d 2d"})
    with StudySession(col, deck) as session:
        while session.next_card() is not None:
            session.answer(Rating.AGAIN)  # due again tomorrow, after the study day ends
        assert session.next_due_learning() is None


def test_several_decks_in_one_session_and_in_due_counts(col: Collection, clock: FakeClock) -> None:
    import_notes(col, small_notes(), "A")
    other = make_notes([Lecture(3, "Other", (), (learned(1, "x", "- y"),), (qa(1, "q?", "a."),))])
    import_notes(col, other, "B")
    now = int(clock.now.timestamp() * 1000)
    with col.connection() as conn:  # one learning card due in each deck
        conn.execute(
            "UPDATE cards SET reps = 1, stability = 1, difficulty = 5, due = ?, last_review = ? "
            "WHERE sort_order = "
            "(SELECT min(sort_order) FROM cards c WHERE c.deck_id = cards.deck_id)",
            (now - 60_000, now - 120_000),
        )
    deck_ids = dict(col.connect().execute("SELECT name, id FROM decks"))
    assert {c.deck: c.deck_id for c in due_counts(col)} == deck_ids
    counts = {c.deck: c.counts for c in due_counts(col)}
    assert {d: (c.learning, c.new) for d, c in counts.items()} == {"A": (1, 5), "B": (1, 1)}
    assert [c.deck for c in due_counts(col, "B")] == ["B"]
    with StudySession(col) as both, StudySession(col, "B") as only_b:
        assert both.counts().learning == 2 and both.counts().new == 6
        assert only_b.counts().learning == 1 and only_b.counts().new == 1
        decks = set()
        while (card := both.next_card()) is not None:
            decks.add(card.deck)
            both.answer(Rating.EASY)
    assert decks == {"A", "B"}


def test_the_collections_zone_decides_the_study_day(tmp_path: Path) -> None:
    # 2026-01-10 20:00 UTC is 05:00 on Jan 11 in Seoul: a new study day there, not in UTC.
    clock = FakeClock(datetime(2026, 1, 10, 18, 0, tzinfo=UTC))  # 03:00 in Seoul
    with open_collection(tmp_path / "d", clock=clock, tz=ZoneInfo("Asia/Seoul")) as col:
        import_notes(col, small_notes(), "T")
        change_settings(col, "T", {"new_per_day": 1})
        with StudySession(col, "T") as session:
            session.next_card()
            session.answer(Rating.EASY)
        assert due_counts(col, "T")[0].counts.new == 0
        clock.now += timedelta(hours=1)  # 04:00 in Seoul
        assert due_counts(col, "T")[0].counts.new == 1
        with StudySession(col, "T") as session:
            assert session.counts().new == 1
