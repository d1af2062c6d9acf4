"""Column types shared by the models and the migrations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Dialect
from sqlalchemy.types import TypeDecorator

from studyapp.db.epoch import from_epoch_ms, to_epoch_ms


class UtcEpochMs(TypeDecorator[datetime]):
    """An aware UTC datetime stored as integer milliseconds since the epoch.

    Integers keep the due-queue index compact and its comparisons cheap; values come back with
    `tzinfo=UTC` exactly, which is what `fsrs` demands.
    """

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> int | None:
        return to_epoch_ms(value) if value is not None else None

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return from_epoch_ms(value) if value is not None else None
