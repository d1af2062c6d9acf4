"""A quiz from setup to score: choose lectures, answer by key and by click, see the mistakes."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from studyapp.gui.context import AppContext
from studyapp.gui.views.quiz import QuizView
from studyapp.services import quiz

pytestmark = pytest.mark.gui


@pytest.fixture
def view(qtbot: Any, ctx: AppContext) -> QuizView:
    widget = QuizView(ctx)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    return widget


def _check_lecture(view: QuizView, number: int) -> None:
    for i in range(view.lectures.count()):
        item = view.lectures.item(i)
        if item.data(Qt.ItemDataRole.UserRole) == number:
            item.setCheckState(Qt.CheckState.Checked)


def test_setup_lists_the_decks_lectures_and_roadmap_weeks(view: QuizView) -> None:
    assert view.deck.currentText() == "CS231n"
    assert view.lectures.count() >= 10
    assert view.week.count() == 5 and view.by_week.isEnabled()
    assert view.history.text() == "none yet"


def test_a_quiz_runs_to_its_score_and_lists_the_mistakes(
    qtbot: Any, ctx: AppContext, view: QuizView
) -> None:
    _check_lecture(view, 3)
    view.count.setValue(4)
    qtbot.mouseClick(view.findChild(type(view.next_button), "startQuiz"), Qt.MouseButton.LeftButton)
    assert view.pages.currentIndex() == 1 and view.quiz is not None
    questions = view.quiz.questions
    assert len(questions) == 4 and all(q.lecture == 3 for q in questions)
    wrong = 0
    for n, q in enumerate(questions):
        assert view.position.text().startswith(f"Question {n + 1} of 4")
        pick = q.correct if n % 2 == 0 else (q.correct + 1) % len(q.options)
        wrong += pick != q.correct
        if n == 0:
            qtbot.mouseClick(view.options[pick], Qt.MouseButton.LeftButton)
        else:
            qtbot.keyClick(view, getattr(Qt.Key, f"Key_{pick + 1}"))
        assert view.next_button.isEnabled()
        feedback = view.feedback.text()
        assert feedback.startswith("Right!") if pick == q.correct else "right answer is" in feedback
        qtbot.keyClick(view, getattr(Qt.Key, f"Key_{(pick + 1) % len(q.options) + 1}"))  # ignored
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert view.pages.currentIndex() == 2
    assert view.score.text() == f"Score: {4 - wrong} of 4 ({(4 - wrong) * 25}%)"
    assert view.review.toPlainText().count("Your answer") == wrong
    record = quiz.history(ctx.collection)[0]
    assert (record.correct, record.questions) == (4 - wrong, 4)


def test_a_roadmap_week_quiz_asks_only_that_weeks_lectures(
    qtbot: Any, ctx: AppContext, view: QuizView
) -> None:
    view.by_week.setChecked(True)
    view.week.setCurrentIndex(1)
    lectures = quiz.week_lectures(ctx.collection, "CS231n", 2)
    assert lectures
    view.start()
    assert view.quiz is not None and {q.lecture for q in view.quiz.questions} <= set(lectures)


def test_sending_wrong_answers_to_relearning_changes_the_card(
    qtbot: Any, ctx: AppContext, view: QuizView
) -> None:
    from datetime import timedelta

    from studyapp.db.epoch import to_epoch_ms

    now = ctx.collection.clock()
    with ctx.collection.connection() as conn:  # lecture 2 studied 10 days ago: review cards
        conn.execute(
            "UPDATE cards SET fsrs_state = 2, step = NULL, stability = 10, difficulty = 5, "
            "reps = 3, last_review = ?, due = ? WHERE lecture_id IN "
            "(SELECT id FROM lectures WHERE number = 2)",
            (to_epoch_ms(now - timedelta(days=10)), to_epoch_ms(now + timedelta(days=1))),
        )
    _check_lecture(view, 2)
    view.count.setValue(1)
    view.relearn.setChecked(True)
    view.start()
    assert view.quiz is not None
    q = view.quiz.questions[0]
    view.choose((q.correct + 1) % len(q.options))
    assert "relearning" in view.feedback.text()
    with ctx.collection.connection() as conn:
        reps, lapses = conn.execute(
            "SELECT reps, lapses FROM cards WHERE id = ?", (q.card_id,)
        ).fetchone()
    assert (reps, lapses) == (4, 1)
