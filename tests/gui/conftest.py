"""A real collection (the bundled deck) and the context the views share, offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from studyapp.gui import fonts
from studyapp.gui.context import AppContext
from studyapp.gui.workers import Worker
from studyapp.services.collection import open_for_writing


@pytest.fixture
def ctx(tmp_path: Path, qapp: Any) -> Iterator[AppContext]:
    folder = tmp_path / "collection"
    opened = open_for_writing(folder)
    prefs = QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat)
    context = AppContext(opened.collection, prefs, Worker(), fonts.install_fonts())
    yield context
    assert context.worker.shutdown(30_000)
    context.collection.close()


def wait_idle(qtbot: Any, ctx: AppContext, timeout: int = 30_000) -> None:
    """Until the worker pool has no job left (their callbacks have run)."""
    qtbot.waitUntil(lambda: not ctx.worker.busy(), timeout=timeout)
