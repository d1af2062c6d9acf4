"""Session-wide test setup."""

import os

# Qt widgets are tested offscreen: CI has no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
