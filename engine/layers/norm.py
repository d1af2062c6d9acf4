"""Normalisation and dropout layers (lecture 6)."""

from __future__ import annotations

__all__: list[str] = []
