"""The review session: queue order, daily limits, review log, undo, day rollover."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from studyapp.db.collection import Collection
from studyapp.db.models import Card, DeckConfig, ReviewLog
from studyapp.domain.scheduling import Rating, State
from studyapp.services.importing import import_notes
from studyapp.services.study import StudySession
from tests.studyapp.conftest import FakeClock, small_notes


@pytest.fixture
def deck(col: Collection) -> str:
    import_notes(col, small_notes(), "Test")
    return "Test"


def _log_rows(col: Collection) -> list[ReviewLog]:
    with col.session() as s:
        return list(s.scalars(select(ReviewLog).order_by(ReviewLog.id)))


def test_new_cards_come_in_note_order(col: Collection, deck: str) -> None:
    session = StudySession(col, deck)
    assert session.counts().new == 6
    seen = []
    while (card := session.next_card()) is not None and card.is_new:
        seen.append((card.lecture, card.kind, card.question))
        session.answer(Rating.EASY)
    assert [s[0] for s in seen] == [1, 1, 1, 1, 1, 2]
    assert [s[1] for s in seen] == ["learned"] * 3 + ["qa"] * 2 + ["learned"]
    assert seen[0][2] == "Softmax loss의 역할"


def test_every_answer_writes_a_log_row_with_states(
    col: Collection, deck: str, clock: FakeClock
) -> None:
    session = StudySession(col, deck)
    card = session.next_card()
    assert card is not None
    clock.advance(seconds=7)
    result = session.answer(Rating.GOOD, duration_ms=6500)
    (row,) = _log_rows(col)
    assert (row.card_id, row.rating, row.duration_ms) == (card.id, 3, 6500)
    assert row.state_before == State.LEARNING and row.was_new
    assert row.state_after == State.LEARNING  # first Good moves to the 10-minute step
    assert row.reviewed_at == clock.now and row.due_after == result.due
    assert result.interval == timedelta(minutes=10)
    with col.session() as s:
        stored = s.get(Card, card.id)
        assert stored is not None and stored.reps == 1 and stored.due == result.due


def test_learning_cards_come_back_when_due_before_new_ones(
    col: Collection, deck: str, clock: FakeClock
) -> None:
    session = StudySession(col, deck)
    first = session.next_card()
    assert first is not None
    session.answer(Rating.AGAIN)  # due again in 1 minute
    second = session.next_card()
    assert second is not None and second.id != first.id
    session.answer(Rating.EASY)
    clock.advance(minutes=2)
    again = session.next_card()
    assert again is not None and again.id == first.id and not again.is_new


def test_reviews_come_before_new_cards_and_respect_limits(
    col: Collection, deck: str, clock: FakeClock
) -> None:
    session = StudySession(col, deck)
    while (card := session.next_card()) is not None and card.is_new:
        session.answer(Rating.EASY)
    clock.advance(days=400)  # everything is a due review now
    with col.session() as s, s.begin():
        s.execute(update(DeckConfig).values(max_reviews_per_day=4, new_per_day=5))
    later = StudySession(col, deck)
    assert later.counts().review == 4
    card = later.next_card()
    assert card is not None and card.state == State.REVIEW


def test_new_card_limit_counts_cards_started_today(col: Collection, deck: str) -> None:
    with col.session() as s, s.begin():
        s.execute(update(DeckConfig).values(new_per_day=2))
    session = StudySession(col, deck)
    assert session.counts().new == 2
    for _ in range(2):
        session.next_card()
        session.answer(Rating.EASY)
    assert StudySession(col, deck).counts().new == 0


def test_undo_restores_the_card_and_removes_its_log_row(col: Collection, deck: str) -> None:
    session = StudySession(col, deck)
    card = session.next_card()
    assert card is not None
    with col.session() as s:
        before = s.get(Card, card.id)
    session.answer(Rating.GOOD)
    assert len(_log_rows(col)) == 1
    back = session.undo()
    assert back is not None and back.id == card.id and back.is_new
    assert _log_rows(col) == []
    with col.session() as s:
        after = s.get(Card, card.id)
    assert before is not None and after is not None
    for field in ("fsrs_state", "step", "stability", "difficulty", "due", "last_review", "reps"):
        assert getattr(after, field) == getattr(before, field), field
    assert session.next_card() == back
    assert session.undo() is None


def test_day_rolls_over_at_the_configured_hour(
    col: Collection, deck: str, clock: FakeClock
) -> None:
    with col.session() as s, s.begin():
        s.execute(update(DeckConfig).values(new_per_day=1))
    clock.now = datetime(2026, 1, 10, 3, 0, tzinfo=UTC)  # 03:00 UTC: still "yesterday" at 4 AM
    session = StudySession(col, deck)
    session.next_card()
    session.answer(Rating.EASY)
    assert session.next_card() is None
    clock.now = datetime(2026, 1, 10, 3, 59, tzinfo=UTC)
    assert StudySession(col, deck).counts().new == 0
    clock.now = datetime(2026, 1, 10, 4, 0, tzinfo=UTC)  # a new study day
    assert StudySession(col, deck).counts().new == 1
    assert session.next_card() is not None  # a running session notices the rollover too


def test_suspended_and_missing_cards_are_not_shown(col: Collection, deck: str) -> None:
    with col.session() as s, s.begin():
        ids = list(s.scalars(select(Card.id).order_by(Card.sort_order)))
        s.execute(update(Card).where(Card.id == ids[0]).values(suspended=True))
        s.execute(update(Card).where(Card.id == ids[1]).values(missing=True))
    session = StudySession(col, deck)
    shown = set()
    while (card := session.next_card()) is not None:
        shown.add(card.id)
        session.answer(Rating.EASY)
    assert shown == set(ids[2:])
    with col.session() as s:
        assert s.scalar(select(func.count()).select_from(ReviewLog)) == len(ids) - 2
