"""Operations on cards besides answering: bury, suspend, flag, edit (kept across re-imports),
forget, set due date, card info, and leeches (8 lapses: tagged and suspended)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from studyapp.db.collection import Collection
from studyapp.domain.errors import CardNotFoundError, UsageError
from studyapp.domain.notes import Lecture, ParsedNotes
from studyapp.domain.scheduling import Rating, State
from studyapp.services import card_ops
from studyapp.services.due import due_counts
from studyapp.services.importing import import_notes
from studyapp.services.study import StudySession
from tests.studyapp.conftest import FakeClock, small_notes


@pytest.fixture
def deck(col: Collection) -> str:
    import_notes(col, small_notes(), "Test")
    return "Test"


def _first(col: Collection, deck: str) -> int:
    with StudySession(col, deck) as session:
        card = session.next_card()
        assert card is not None
        return card.id


def test_bury_keeps_a_card_out_until_the_next_study_day(
    col: Collection, deck: str, clock: FakeClock
) -> None:
    with StudySession(col, deck) as session:
        first = session.next_card()
        assert first is not None
        changes = session.bury_current()
        assert changes.cards == {first.id} and changes.study_queues
        second = session.next_card()
        assert second is not None and second.id != first.id
    assert due_counts(col, deck)[0].counts.new == 5
    clock.advance(days=1)
    assert due_counts(col, deck)[0].counts.new == 6
    assert _first(col, deck) == first.id


def test_suspend_flag_and_their_errors(col: Collection, deck: str) -> None:
    card = _first(col, deck)
    card_ops.set_flag(col, [card], 3)
    with StudySession(col, deck) as session:
        view = session.next_card()
        assert view is not None and view.flag == 3
        session.suspend_current()
    assert _first(col, deck) != card
    card_ops.set_suspended(col, [card], False)
    assert _first(col, deck) == card
    with pytest.raises(UsageError, match="flag must be one of"):
        card_ops.set_flag(col, [card], 7)
    with pytest.raises(CardNotFoundError):
        card_ops.set_suspended(col, [999_999], True)
    with pytest.raises(UsageError, match="no cards selected"):
        card_ops.bury(col, [])


def _rows(col: Collection, sql: str, *args: object) -> list[tuple]:
    with col.connection() as conn:
        return list(conn.execute(sql, args))


def _with_answer(notes: ParsedNotes, old: str, new: str) -> ParsedNotes:
    lectures = []
    for lec in notes.lectures:
        learned = tuple(replace(p, body=new) if p.body == old else p for p in lec.learned)
        lectures.append(Lecture(lec.number, lec.title, lec.keywords, learned, lec.qa))
    return replace(notes, lectures=tuple(lectures))


def test_an_app_edit_survives_a_reimport_until_the_notes_change(col: Collection, deck: str) -> None:
    card = _first(col, deck)
    with StudySession(col, deck) as session:
        shown = session.next_card()
        assert shown is not None and shown.id == card
        changes = session.edit_current("Softmax loss의 역할?", "- 확률로 바꿈 (내 설명)")
        assert changes.cards == {card}
        again = session.next_card()  # the same card, now with its new text, still answerable
        assert again is not None and again.answer == "- 확률로 바꿈 (내 설명)"
        session.answer(Rating.GOOD)  # history to keep
    assert card_ops.edit_card(col, card, "Softmax loss의 역할?", "- 확률로 바꿈 (내 설명)").empty
    assert _rows(col, "SELECT source, question_before FROM card_edits") == [
        ("app", "Softmax loss의 역할")
    ]
    report = import_notes(col, small_notes(), deck)  # the notes did not change
    assert report.unchanged == 6 and report.updated == 0
    assert _rows(col, "SELECT question, answer FROM cards WHERE id = ?", card) == [
        ("Softmax loss의 역할?", "- 확률로 바꿈 (내 설명)")
    ]
    edited = _with_answer(small_notes(), "- scores를 확률로 바꿈", "- scores -> 확률 (notes v2)")
    report = import_notes(col, edited, deck)  # now the notes changed too: they win
    assert report.updated == 1
    assert _rows(col, "SELECT answer FROM cards WHERE id = ?", card) == [
        ("- scores -> 확률 (notes v2)",)
    ]
    history = _rows(col, "SELECT source, answer_before, answer_after FROM card_edits ORDER BY id")
    assert history[-1] == ("import", "- 확률로 바꿈 (내 설명)", "- scores -> 확률 (notes v2)")
    assert _rows(col, "SELECT count(*) FROM review_log WHERE card_id = ?", card) == [(1,)]


def test_forget_set_due_date_and_card_info(col: Collection, deck: str, clock: FakeClock) -> None:
    card = _first(col, deck)
    with StudySession(col, deck) as session:
        session.next_card()
        session.answer(Rating.EASY)
    info = card_ops.card_info(col, card)
    assert info.state == State.REVIEW and info.reps == 1 and len(info.reviews) == 1
    assert info.reviews[0].rating == Rating.EASY and info.stability and info.difficulty
    assert 0.99 < (info.retrievability or 0) <= 1.0 and info.deck == "Test" and info.lecture == 1
    card_ops.set_due_date(col, [card], 0)
    assert due_counts(col, deck)[0].counts.review == 1
    new_card = _rows(col, "SELECT id FROM cards WHERE reps = 0 ORDER BY id LIMIT 1")[0][0]
    with pytest.raises(UsageError, match="new cards"):
        card_ops.set_due_date(col, [new_card], 3)
    card_ops.forget(col, [card])
    after = card_ops.card_info(col, card)
    assert after.is_new and after.reps == 0 and len(after.reviews) == 1  # the log is kept
    clock.advance(days=10)
    assert card_ops.card_info(col, card).retrievability is None


def test_eight_lapses_make_a_leech(col: Collection, deck: str, clock: FakeClock) -> None:
    card = _first(col, deck)
    with col.connection() as conn:
        conn.execute("UPDATE cards SET fsrs_state = 2, step = NULL, stability = 3, difficulty = 9,"
                     " reps = 20, lapses = 7, last_review = ?, due = ? WHERE id = ?",
                     (int((clock.now - timedelta(days=3)).timestamp() * 1000),
                      int(clock.now.timestamp() * 1000), card))  # fmt: skip
    with StudySession(col, deck) as session:
        view = session.next_card()
        assert view is not None and view.id == card
        result = session.answer(Rating.AGAIN)
        assert result.leech
        assert all(
            c.id != card for c in iter(session.next_card, None) if session.answer(Rating.EASY)
        )
    info = card_ops.card_info(col, card)
    assert info.suspended and "leech" in info.tags and info.lapses == 8
    assert card_ops.is_leech(11, 12) and not card_ops.is_leech(8, 9) and not card_ops.is_leech(7, 7)
