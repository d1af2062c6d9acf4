"""Attention and transformer layers (lecture 8)."""

from __future__ import annotations

__all__: list[str] = []
