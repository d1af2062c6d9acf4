"""Compute accounting for large-scale training: MFU, activation checkpointing (lecture 11)."""

from __future__ import annotations

__all__: list[str] = []
