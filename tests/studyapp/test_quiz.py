"""Quizzes on the bundled deck: four options from the same lecture and kind, scores stored,
wrong answers optionally sent back to relearning, roadmap weeks as scope."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.db.collection import Collection
from studyapp.domain.errors import UsageError
from studyapp.domain.scheduling import Rating, State
from studyapp.services import quiz
from studyapp.services.card_ops import card_info
from studyapp.services.importing import import_notes_file
from studyapp.services.study import StudySession
from tests.studyapp.conftest import REAL_NOTES


@pytest.fixture
def bundled(col: Collection) -> str:
    import_notes_file(col, REAL_NOTES, "CS231n")
    return "CS231n"


def test_options_come_from_the_same_lecture_and_kind(col: Collection, bundled: str) -> None:
    q = quiz.start_quiz(col, bundled, (5, 6), 10, seed=1)
    assert len(q.questions) == 10
    with col.connection() as conn:
        lecture_of = dict(conn.execute("SELECT c.id, l.number FROM cards c JOIN lectures l ON "
                                       "l.id = c.lecture_id"))  # fmt: skip
        kind_of = dict(conn.execute("SELECT id, kind FROM cards"))
    for question in q.questions:
        assert question.lecture in (5, 6) and len(question.options) == 4
        assert len(set(question.options)) == 4  # no repeated option text
        assert question.option_cards[question.correct] == question.card_id
        for other in question.option_cards:
            assert kind_of[other] == question.kind
        same_lecture = [o for o in question.option_cards if lecture_of[o] == question.lecture]
        assert len(same_lecture) >= 2  # lectures 5 and 6 have enough of each kind
    again = quiz.start_quiz(col, bundled, (5, 6), 10, seed=1)
    assert [x.options for x in again.questions] == [x.options for x in q.questions]


def test_score_history_and_mistakes(col: Collection, bundled: str) -> None:
    q = quiz.start_quiz(col, bundled, (), 4, seed=3)
    right, *wrong = q.questions
    assert quiz.answer(col, q, right, right.correct, 1200).correct
    for question in wrong:
        assert not quiz.answer(col, q, question, (question.correct + 1) % 4).correct
    record = quiz.finish(col, q)
    assert (record.questions, record.correct) == (4, 1) and record.score == 0.25
    assert record.finished_at is not None and quiz.history(col)[0].id == q.id
    assert [m[0].card_id for m in quiz.mistakes(col, q)] == [w.card_id for w in wrong]
    with pytest.raises(UsageError, match="choose an option"):
        quiz.answer(col, q, right, 4)


def test_a_wrong_answer_can_send_a_review_card_back(col: Collection, bundled: str) -> None:
    with StudySession(col, bundled) as session:
        card = session.next_card()
        assert card is not None
        session.answer(Rating.EASY)  # now a review card
    q = quiz.start_quiz(col, bundled, (card.lecture, card.lecture + 1), 50, seed=2)
    question = next(x for x in q.questions if x.card_id == card.id)
    result = quiz.answer(col, q, question, (question.correct + 1) % 4, relearn_wrong=True)
    assert result.relearned and result.changes.cards == {card.id}
    info = card_info(col, card.id)
    assert info.state == State.RELEARNING and info.lapses == 1 and len(info.reviews) == 2
    new_one = next(x for x in q.questions if x.card_id != card.id)
    assert not quiz.answer(col, q, new_one, (new_one.correct + 1) % 4, relearn_wrong=True).relearned


def test_a_roadmap_week_names_its_lectures(col: Collection, bundled: str) -> None:
    assert quiz.week_lectures(col, bundled, 1) == (1, 2, 3, 4)
    assert quiz.week_lectures(col, bundled, 2) == (4, 5, 6, 7, 8, 9)
    with pytest.raises(UsageError, match="no week 9"):
        quiz.week_lectures(col, bundled, 9)


def test_too_few_answers_is_a_clear_error(col: Collection, tmp_path: Path) -> None:
    notes = tmp_path / "tiny.md"
    notes.write_text(
        "# Tiny\n\n### Lecture 1: A\n\n#### 배운 점\n1. **One**\n   - a\n", encoding="utf-8"
    )
    import_notes_file(col, notes, "Tiny")
    with pytest.raises(UsageError, match="at least 4 different answers"):
        quiz.start_quiz(col, "Tiny", (), 5)
