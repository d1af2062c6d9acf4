"""The FSRS dialog on a collection with weeks of reviews: evaluate, fit, apply, simulate."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from studyapp.db.collection import open_collection
from studyapp.gui import fonts
from studyapp.gui.context import AppContext
from studyapp.gui.dialogs.fsrs_dialog import FsrsDialog
from studyapp.gui.workers import Worker
from studyapp.services.demo import build_demo
from studyapp.services.optimize import fit_history

pytestmark = pytest.mark.gui


@pytest.fixture
def studied(tmp_path: Path, qapp: Any) -> Iterator[AppContext]:
    folder = tmp_path / "demo"
    build_demo(folder, days=40, grade=False)
    prefs = QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(open_collection(folder), prefs, Worker(), fonts.install_fonts())
    yield ctx
    assert ctx.worker.shutdown(30_000)
    ctx.collection.close()


def test_fitting_and_applying_from_the_dialog(qtbot: Any, studied: AppContext) -> None:
    dialog = FsrsDialog(studied, "CS231n")
    qtbot.addWidget(dialog)
    dialog.show()
    assert "the FSRS defaults" in dialog.current.text()
    announced: list[Any] = []
    studied.bus.changed.connect(announced.append)
    dialog.optimize()
    qtbot.waitUntil(lambda: not studied.worker.busy(), timeout=60_000)
    assert dialog.outcome.text().startswith("Current: ") and "Fitted: " in dialog.outcome.text()
    fits = fit_history(studied.collection, "CS231n")
    assert len(fits) == 1 and dialog.history.rowCount() == 1
    if not dialog.apply_button.isEnabled():
        pytest.fail(
            f"a fit on 40 days of one learner should predict better: {dialog.outcome.text()}"
        )
    dialog.apply()
    assert dialog.outcome.text().startswith("Applied to CS231n")
    assert "fitted to your reviews" in dialog.current.text() and announced
    assert fit_history(studied.collection, "CS231n")[0].applied


def test_the_simulator_draws_each_retention(qtbot: Any, studied: AppContext) -> None:
    dialog = FsrsDialog(studied, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.days.setValue(60)
    dialog.retentions.setText("0.8, 0.9")
    dialog.simulate()
    qtbot.waitUntil(lambda: dialog.chart is not None, timeout=60_000)
    daily, cost = dialog.chart.figure.axes
    assert len(daily.get_lines()) == 2 and len(cost.collections[0].get_paths()) == 2
    assert dialog.workload_text.text().startswith("Least work per remembered card at ")


def test_bad_retentions_are_refused_in_one_line(qtbot: Any, studied: AppContext) -> None:
    dialog = FsrsDialog(studied, None)
    qtbot.addWidget(dialog)
    dialog.retentions.setText("0.9 lots")
    dialog.simulate()
    assert dialog.chart is None and "numbers" in dialog.workload_text.text()
