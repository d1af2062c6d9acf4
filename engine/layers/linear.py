"""Affine layers and elementwise activations (lectures 2 and 4)."""

from __future__ import annotations

__all__: list[str] = []
