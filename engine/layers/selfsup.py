"""Self-supervised learning losses and helpers (lecture 12)."""

from __future__ import annotations

__all__: list[str] = []
