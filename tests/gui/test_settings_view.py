"""Settings: the registry's bounds in the editors, one-line refusals, backups and restore."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPushButton, QSpinBox

from studyapp.domain import settings as registry
from studyapp.gui.context import AppContext
from studyapp.gui.views.settings import SettingsView
from studyapp.services.settings import show_settings
from studyapp.services.study import StudySession

pytestmark = pytest.mark.gui


@pytest.fixture
def view(qtbot: Any, ctx: AppContext) -> SettingsView:
    widget = SettingsView(ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _reviews(ctx: AppContext) -> int:
    with ctx.collection.connection() as conn:
        return int(conn.execute("SELECT count(*) FROM review_log").fetchone()[0])


def test_every_setting_has_an_editor_bounded_by_the_registry(view: SettingsView) -> None:
    assert set(view.fields) == set(registry.ALL)
    for key, widget in view.fields.items():
        spec = registry.ALL[key]
        if isinstance(widget, QSpinBox):
            assert (widget.minimum(), widget.maximum()) == (int(spec.low), int(spec.high))


def test_saving_changes_the_deck_and_says_how_many(
    qtbot: Any, ctx: AppContext, view: SettingsView
) -> None:
    new_per_day = view.fields["new_per_day"]
    assert isinstance(new_per_day, QSpinBox)
    new_per_day.setValue(7)
    save = view.findChild(QPushButton, "saveSettings")
    assert save is not None
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert view.message.text() == "Saved: 1 change(s)."
    assert show_settings(ctx.collection, "CS231n").decks["CS231n"]["new_per_day"] == 7


def test_a_bad_value_is_refused_in_one_line_and_nothing_changes(
    ctx: AppContext, view: SettingsView
) -> None:
    before = show_settings(ctx.collection, "CS231n")
    steps = view.fields["learning_steps_min"]
    assert isinstance(steps, QLineEdit)
    steps.setText("1m nan")
    view.save()
    assert "\n" not in view.message.text() and "learning" in view.message.text().lower()
    assert show_settings(ctx.collection, "CS231n") == before


def test_back_up_then_restore_brings_the_collection_back(
    qtbot: Any, ctx: AppContext, view: SettingsView, monkeypatch: pytest.MonkeyPatch
) -> None:
    view.backup_now()
    assert view.backups.count() >= 1 and view.message.text().startswith("Backed up to ")
    backup_name = view.message.text().removeprefix("Backed up to ")
    with StudySession(ctx.collection) as session:
        assert session.next_card() is not None
        session.answer(3, 3000)
    assert _reviews(ctx) == 1
    old = ctx.collection
    view.on_shown()
    rows = [view.backups.item(i).text() for i in range(view.backups.count())]
    view.backups.setCurrentRow(rows.index(backup_name))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(view.collection_replaced, timeout=10_000):
        view.restore_selected()
    assert ctx.collection is not old and _reviews(ctx) == 0
    assert view.message.text() == f"Restored {backup_name}."
    # The collection as it was before the restore is itself a backup now: undoable.
    assert view.backups.count() == len(rows) + 1


def test_declining_the_restore_changes_nothing(
    ctx: AppContext, view: SettingsView, monkeypatch: pytest.MonkeyPatch
) -> None:
    view.backup_now()
    view.backups.setCurrentRow(0)
    old = ctx.collection
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    view.restore_selected()
    assert ctx.collection is old


def test_apply_appearance_stores_the_look_and_asks_for_a_rebuild(
    qtbot: Any, ctx: AppContext, view: SettingsView
) -> None:
    view.font_size.setValue(16)
    view.theme.setCurrentIndex(view.theme.findData("dark"))
    view.language.setCurrentIndex(view.language.findData("ko"))
    with qtbot.waitSignal(view.appearance_changed, timeout=1000):
        view.apply_look()
    assert int(ctx.prefs.value("font_size")) == 16 and ctx.font_size == 16
    assert (ctx.prefs.value("theme"), ctx.prefs.value("language")) == ("dark", "ko")
