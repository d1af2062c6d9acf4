"""Convolution, pooling and upsampling layers (lectures 5 and 9)."""

from __future__ import annotations

__all__: list[str] = []
