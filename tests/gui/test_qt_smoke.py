"""The Qt stack itself: a widget is created offscreen, shows Korean text, and the binding does
not leak references to None (PySide6 6.12.0 on Python 3.11 does, and the app aborts)."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QWidget

pytestmark = pytest.mark.gui


def test_a_label_holds_korean_text(qtbot: Any) -> None:
    label = QLabel("배운 점: Softmax loss")
    qtbot.addWidget(label)
    label.show()
    assert label.isVisible() and label.text().startswith("배운 점")


def test_calling_qt_methods_keeps_the_references_to_none(qtbot: Any) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(2000):
        widget.update()  # returns nothing: a leaking binding drops None's count each call
    assert sys.getrefcount(None) >= before - 100
