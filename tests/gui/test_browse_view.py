"""Browse: search with the shared language, sort, select, and change cards from the table."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialog, QInputDialog

from studyapp.gui.context import AppContext
from studyapp.gui.views.browse import COLUMN_IDS, HIDDEN_PREF, PAGE, BrowseView
from studyapp.services.cards import search_ids

pytestmark = pytest.mark.gui


@pytest.fixture
def view(qtbot: Any, ctx: AppContext) -> BrowseView:
    widget = BrowseView(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def _search(qtbot: Any, view: BrowseView, text: str) -> None:
    view.search.clear()
    qtbot.keyClicks(view.search, text)
    qtbot.keyClick(view.search, Qt.Key.Key_Return)


def _select(view: BrowseView, *rows: int) -> None:
    selection = view.table.selectionModel()
    selection.clear()
    for row in rows:
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        selection.select(view.model.index(row, 0), flags)


def test_every_card_is_listed_and_rows_load_a_page_at_a_time(
    ctx: AppContext, view: BrowseView
) -> None:
    total = len(search_ids(ctx.collection, ""))
    assert total > 0 and view.model.ids == search_ids(ctx.collection, "")  # in the notes' order
    assert view.model.rowCount() == min(PAGE, total)
    assert view.count.text() == f"{total} card(s)"


def test_a_search_narrows_the_table_as_the_cli_search_does(
    qtbot: Any, ctx: AppContext, view: BrowseView
) -> None:
    _search(qtbot, view, "lecture:5 kind:qa")
    expected = search_ids(ctx.collection, "lecture:5 kind:qa")
    assert view.model.ids == expected and expected
    assert all(view.model.index(r, 2).data() == "5" for r in range(view.model.rowCount()))
    assert all(view.model.index(r, 3).data() == "Q&A" for r in range(view.model.rowCount()))


def test_a_bad_search_says_why_in_one_line_and_keeps_the_table(
    qtbot: Any, view: BrowseView
) -> None:
    before = list(view.model.ids)
    _search(qtbot, view, "prop:s>abc")
    assert view.error.isVisibleTo(view) and "\n" not in view.error.text() and view.error.text()
    assert view.model.ids == before


def test_the_question_has_room_and_the_header_menu_chooses_the_columns(
    qtbot: Any, ctx: AppContext, view: BrowseView
) -> None:
    assert len(view.columns()) == len(COLUMN_IDS) == view.model.columnCount()
    deck, stability = COLUMN_IDS.index("deck"), COLUMN_IDS.index("stability")
    assert view.table.isColumnHidden(deck) and not view.table.isColumnHidden(stability)
    assert view.table.columnWidth(0) > 0.3 * view.table.viewport().width()
    menu = view.column_menu()
    actions = {a.text(): a for a in menu.actions()}
    assert "Question" not in actions and not actions["Deck"].isChecked()
    actions["Deck"].setChecked(True)
    actions["Stability"].setChecked(False)
    assert not view.table.isColumnHidden(deck) and view.table.isColumnHidden(stability)
    assert view.table.columnWidth(deck) > 0
    hidden = set(str(ctx.prefs.value(HIDDEN_PREF)).split(","))
    assert hidden == {"stability", "difficulty", "lapses", "reviews"}
    again = BrowseView(ctx)  # the next start
    qtbot.addWidget(again)
    assert not again.table.isColumnHidden(deck) and again.table.isColumnHidden(stability)


def test_clicking_the_lecture_header_sorts_by_lecture(qtbot: Any, view: BrowseView) -> None:
    view.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    lectures = [int(view.model.index(r, 2).data()) for r in range(view.model.rowCount())]
    assert lectures == sorted(lectures, reverse=True) and lectures[0] > lectures[-1]


def test_suspending_the_selection_updates_table_and_search(
    qtbot: Any, ctx: AppContext, view: BrowseView
) -> None:
    _select(view, 0, 1)
    assert view.buttons["suspend"].isEnabled() and not view.buttons["edit"].isEnabled()
    chosen = {c.id for c in view.selected()}
    qtbot.mouseClick(view.buttons["suspend"], Qt.MouseButton.LeftButton)
    assert set(search_ids(ctx.collection, "is:suspended")) == chosen
    assert view.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) == Qt.GlobalColor.gray
    _select(view, 0)
    assert view.buttons["suspend"].text() == "Unsuspend"
    qtbot.mouseClick(view.buttons["suspend"], Qt.MouseButton.LeftButton)
    assert len(search_ids(ctx.collection, "is:suspended")) == 1


def test_editing_from_the_table_changes_the_row(
    qtbot: Any, view: BrowseView, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studyapp.gui.dialogs import edit_card

    def accept(dialog: Any) -> int:
        dialog.question.setPlainText("CNN 의 receptive field 는?")
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(edit_card.EditCardDialog, "exec", accept)
    _select(view, 3)
    qtbot.mouseClick(view.buttons["edit"], Qt.MouseButton.LeftButton)
    assert view.model.index(3, 0).data() == "CNN 의 receptive field 는?"
    assert "receptive field" in view.preview.toPlainText()


def test_set_due_date_makes_a_studied_card_due_then_and_refuses_new_ones(
    qtbot: Any, ctx: AppContext, view: BrowseView, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studyapp.gui.views import browse
    from studyapp.services.study import StudySession

    shown: list[str] = []
    monkeypatch.setattr(browse, "show_error", lambda _parent, err: shown.append(str(err)))
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (3, True))
    _select(view, 1)
    qtbot.mouseClick(view.buttons["due"], Qt.MouseButton.LeftButton)
    assert shown and "new cards" in shown[0]
    with StudySession(ctx.collection) as session:
        first = session.next_card()
        assert first is not None
        session.answer(3, 4000)
    view.run_search()
    row = view.model.ids.index(first.id)
    _select(view, row)
    qtbot.mouseClick(view.buttons["due"], Qt.MouseButton.LeftButton)
    assert len(shown) == 1
    assert first.id in search_ids(ctx.collection, "prop:due=3")
    assert view.model.index(row, 4).data()  # its due date is shown
