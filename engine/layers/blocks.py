"""Composite blocks built from the other layers: two-layer net, residual block (lectures 4 and 6)."""

from __future__ import annotations

__all__: list[str] = []
