"""Aware UTC datetimes as integer milliseconds since the epoch (how the collection stores time).

Kept apart from the SQLAlchemy column type so the raw-sqlite3 paths need no SQLAlchemy.
"""

from __future__ import annotations

from datetime import UTC, datetime


def to_epoch_ms(value: datetime) -> int:
    if value.tzinfo is None:
        raise ValueError("naive datetime: the collection stores aware UTC datetimes only")
    return round(value.timestamp() * 1000)


def from_epoch_ms(value: int) -> datetime:
    return datetime.fromtimestamp(value / 1000, tz=UTC)
