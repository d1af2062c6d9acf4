"""k-nearest-neighbour distances and prediction (lecture 2)."""

from __future__ import annotations

__all__: list[str] = []
