"""Weight initialisation rules (lecture 6)."""

from __future__ import annotations

__all__: list[str] = []
