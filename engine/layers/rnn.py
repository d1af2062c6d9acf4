"""Recurrent layers: vanilla RNN, LSTM, word embedding, temporal layers (lecture 7)."""

from __future__ import annotations

__all__: list[str] = []
