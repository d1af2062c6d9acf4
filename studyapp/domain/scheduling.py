"""Scheduling vocabulary shared by the scheduler, the database layer, services and the GUI.

`Memory` is a card's scheduling state as the `cards` table stores it; MEMORY_COLUMNS is the one
list of those columns, from which the hot-path SQL and the undo snapshot are built.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from enum import IntEnum
from typing import Any

from studyapp.domain import settings as registry
from studyapp.domain.errors import InvalidSettingError

FSRS_PARAMETER_COUNT = 21  # FSRS-6


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class State(IntEnum):
    """FSRS states; a card with `reps == 0` is new (it is in LEARNING at step 0)."""

    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(frozen=True)
class Memory:
    """A card's scheduling fields, as stored in the `cards` table."""

    state: State = State.LEARNING
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0

    @property
    def is_new(self) -> bool:
        return self.reps == 0


# Memory field -> `cards` column. Only `state` is named differently (`fsrs_state`).
MEMORY_COLUMNS: dict[str, str] = {
    f.name: ("fsrs_state" if f.name == "state" else f.name) for f in fields(Memory)
}


@dataclass(frozen=True)
class NextState:
    """What one rating would do to the current card: shown on its button, then committed."""

    rating: Rating
    memory: Memory  # due and last_review are relative to when the states were computed
    interval: timedelta  # from the moment of answering to the new due time


def _deck_default(key: str) -> Any:
    return registry.DECK[key].default


@dataclass(frozen=True)
class DeckSettings:
    """Per-deck scheduling settings; every value is checked against the settings registry."""

    desired_retention: float = _deck_default("desired_retention")
    learning_steps_min: tuple[float, ...] = _deck_default("learning_steps_min")
    relearning_steps_min: tuple[float, ...] = _deck_default("relearning_steps_min")
    new_per_day: int = _deck_default("new_per_day")
    max_reviews_per_day: int = _deck_default("max_reviews_per_day")
    max_interval_days: int = _deck_default("max_interval_days")
    fuzz: bool = True  # not a learner setting: tests of exact intervals switch it off
    # Fitted FSRS-6 parameters (`studyapp optimize`); None schedules with the defaults. Not a
    # registry setting: it is fitted, never typed in.
    parameters: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        for key, spec in registry.DECK.items():
            object.__setattr__(self, key, spec.validate(getattr(self, key)))
        if self.parameters is not None:
            object.__setattr__(self, "parameters", validate_parameters(self.parameters))

    def values(self) -> dict[str, Any]:
        """The learner-visible settings, by registry key."""
        return {key: getattr(self, key) for key in registry.DECK}


def validate_parameters(values: Any) -> tuple[float, ...]:
    """FSRS-6 parameters as a tuple of 21 finite floats, or InvalidSettingError."""
    if isinstance(values, str | bytes) or not hasattr(values, "__iter__"):
        raise InvalidSettingError(f"FSRS parameters must be a list of numbers (got {values!r})")
    found = tuple(values)
    if len(found) != FSRS_PARAMETER_COUNT:
        raise InvalidSettingError(
            f"FSRS parameters must be {FSRS_PARAMETER_COUNT} numbers (got {len(found)})"
        )
    for index, value in enumerate(found):
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        if not is_number or not math.isfinite(value):
            raise InvalidSettingError(
                f"FSRS parameter {index} must be a finite number (got {value!r})"
            )
    return tuple(float(v) for v in found)
