"""The Qt stack itself: a widget is created offscreen and shows Korean text."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("PySide6", reason="PySide6 is not installed (the GUI is not available)")

from PySide6.QtWidgets import QLabel

pytestmark = pytest.mark.gui


def test_a_label_holds_korean_text(qtbot: Any) -> None:
    label = QLabel("배운 점: Softmax loss")
    qtbot.addWidget(label)
    label.show()
    assert label.isVisible() and label.text().startswith("배운 점")
