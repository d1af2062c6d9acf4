"""The review view driven by keys, as a learner does: reveal, rate, undo, edit, bury, flag."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from studyapp.db import cardstore
from studyapp.gui.context import AppContext
from studyapp.gui.views.review import ReviewView

pytestmark = pytest.mark.gui


@pytest.fixture
def view(qtbot: Any, ctx: AppContext) -> ReviewView:
    widget = ReviewView(ctx)
    qtbot.addWidget(widget)
    widget.show()
    widget.start(None)
    assert widget.card is not None
    return widget


def _reviews(ctx: AppContext) -> int:
    with ctx.collection.connection() as conn:
        return int(conn.execute("SELECT count(*) FROM review_log").fetchone()[0])


def test_space_reveals_and_the_buttons_show_the_intervals(qtbot: Any, view: ReviewView) -> None:
    assert view.card is not None
    assert view.bottom.currentIndex() == 0
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert view.revealed and view.bottom.currentIndex() == 1
    texts = [view.buttons[r].text() for r in sorted(view.buttons)]
    assert texts[0].startswith("Again\n") and texts[2].startswith("Good\n")
    assert all("\n" in t and t.split("\n")[1] for t in texts)
    word = max(view.card.answer.split(), key=len).strip("*`()")
    assert word in view.text.toPlainText()


def test_rating_with_a_number_key_records_one_review_and_moves_on(
    qtbot: Any, ctx: AppContext, view: ReviewView
) -> None:
    first = view.card
    assert first is not None
    qtbot.keyClick(view, Qt.Key.Key_3)  # not revealed yet: ignored
    assert _reviews(ctx) == 0
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.keyClick(view, Qt.Key.Key_3)
    assert _reviews(ctx) == 1
    assert view.card is not None and view.card.id != first.id and not view.revealed
    announced: list[Any] = []
    ctx.bus.changed.connect(announced.append)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _reviews(ctx) == 0 and view.card.id == first.id
    assert announced and first.id in announced[0].cards


def test_again_puts_the_card_into_learning(qtbot: Any, view: ReviewView) -> None:
    assert view.session is not None
    before = view.session.counts()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.keyClick(view, Qt.Key.Key_1)
    after = view.session.counts()
    assert after.learning == before.learning + 1 and after.new == before.new - 1


def test_bury_hides_the_card_until_tomorrow(qtbot: Any, ctx: AppContext, view: ReviewView) -> None:
    assert view.card is not None
    buried = view.card.id
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.card is not None and view.card.id != buried
    assert "Buried" in view.notice.text() and view.notice.isVisibleTo(view)
    with ctx.collection.connection() as conn:
        row = cardstore.fetch_card(conn, buried)
    assert row is not None and row.buried_until is not None


def test_flag_is_stored_and_shown(qtbot: Any, ctx: AppContext, view: ReviewView) -> None:
    assert view.card is not None
    card = view.card.id
    qtbot.keyClick(view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    with ctx.collection.connection() as conn:
        row = cardstore.fetch_card(conn, card)
    assert row is not None and row.flag == 2
    assert view.header.text().startswith("🟧")
    assert view.card is not None and view.card.id == card  # still the same card on screen


def test_edit_changes_the_card_on_screen_and_in_the_collection(
    qtbot: Any, ctx: AppContext, view: ReviewView, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studyapp.gui.dialogs import edit_card

    assert view.card is not None
    card = view.card.id

    def accept(dialog: Any) -> int:
        dialog.question.setPlainText("고친 질문: softmax 의 기울기는?")
        dialog.answer.setPlainText("p - y")
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(edit_card.EditCardDialog, "exec", accept)
    qtbot.keyClick(view, Qt.Key.Key_E)
    assert "고친 질문" in view.text.toPlainText()
    with ctx.collection.connection() as conn:
        row = cardstore.fetch_card(conn, card)
    assert row is not None and row.question.startswith("고친 질문") and row.answer == "p - y"


def test_escape_ends_with_a_summary_of_the_session(qtbot: Any, view: ReviewView) -> None:
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.keyClick(view, Qt.Key.Key_1)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.bottom.currentIndex() == 2
    assert "1 cards" in view.summary.text() and "again-rate 100%" in view.summary.text()
    with qtbot.waitSignal(view.finished, timeout=1000):
        qtbot.keyClick(view, Qt.Key.Key_Escape)


def test_a_read_only_collection_refuses_to_rate_with_a_message(
    qtbot: Any, ctx: AppContext, view: ReviewView, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studyapp.gui.views import review

    shown: list[str] = []
    monkeypatch.setattr(review, "show_error", lambda _parent, err: shown.append(str(err)))
    ctx.readonly_reason = "the collection is open in another studyapp"
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.keyClick(view, Qt.Key.Key_3)
    assert shown == ["the collection is open in another studyapp"]
    assert _reviews(ctx) == 0


def test_card_info_names_states_and_ratings_in_the_learners_language(
    qtbot: Any, ctx: AppContext, view: ReviewView
) -> None:
    from PySide6.QtWidgets import QApplication, QLabel, QTableWidget

    from studyapp.gui import i18n
    from studyapp.gui.dialogs.card_info import CardInfoDialog

    card = view.card
    assert card is not None
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.keyClick(view, Qt.Key.Key_3)  # Good: the new card goes into learning
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    i18n.install(app, "ko")
    try:
        dialog = CardInfoDialog(ctx, card.id, view)
        qtbot.addWidget(dialog)
        labels = [label.text() for label in dialog.findChildren(QLabel)]
        history = dialog.findChild(QTableWidget, "reviewHistory")
        assert history is not None and history.rowCount() == 1
        cells = [history.item(0, column).text() for column in (1, 2)]
    finally:
        i18n.install(app, "en")
    assert "학습 중" in labels  # the state now
    assert cells == ["알맞음", "학습 중"]  # rated Good, in its first learning step
