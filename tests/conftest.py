"""Session-wide test setup."""

import importlib.util
import os

# Qt widgets are tested offscreen: CI has no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# pytest-qt imports Qt when it starts, so it is not auto-loaded (`-p no:pytest-qt` in
# pyproject) but loaded here only when PySide6 is installed; without it the GUI tests skip
# themselves (pytest.importorskip) instead of the whole run failing.
_HAVE_QT = all(importlib.util.find_spec(m) is not None for m in ("PySide6", "pytestqt"))
pytest_plugins = ["pytestqt.plugin"] if _HAVE_QT else []
