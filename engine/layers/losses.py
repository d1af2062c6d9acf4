"""Classification losses on scores and the linear-classifier forms (lecture 2)."""

from __future__ import annotations

__all__: list[str] = []
