"""The settings registry: every setting a learner can change, with its default and its range.

One source of truth: DeckSettings takes its defaults from here and validates through it, the
command line builds its `settings` flags from it, and the settings dialog its fields. A value
outside its range, NaN, infinity or a number of the wrong kind raises InvalidSettingError with
a one-line message, so nothing is saved.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from studyapp.domain.errors import InvalidSettingError


class Scope(StrEnum):
    DECK = "deck"  # stored per deck (deck_config)
    COLLECTION = "collection"  # stored once (settings table)


class Kind(StrEnum):
    INT = "int"
    FLOAT = "float"
    STEPS = "steps"  # a list of durations in minutes ("1m 10m", "1h", "1d")


_STEP_UNITS = {"m": 1.0, "h": 60.0, "d": 1440.0}


@dataclass(frozen=True)
class SettingSpec:
    key: str
    scope: Scope
    kind: Kind
    default: Any
    low: float
    high: float
    label: str  # short English label; the GUI translates it
    help: str
    flag: str  # command-line flag
    max_items: int = 0  # for STEPS: how many steps at most

    def validate(self, value: Any) -> Any:
        """The value in its canonical type (int, float, tuple of floats), or InvalidSettingError."""
        if self.kind is Kind.STEPS:
            return self._validate_steps(value)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._error(value)
        if not math.isfinite(value) or not self.low <= value <= self.high:
            raise self._error(value)
        if self.kind is Kind.INT:
            if value != int(value):
                raise self._error(value)
            return int(value)
        return float(value)

    def parse(self, text: str) -> Any:
        """A value typed by the learner (command line, settings dialog), validated."""
        text = text.strip()
        if self.kind is Kind.STEPS:
            return self.validate(parse_steps(text))
        try:
            number: float = int(text) if self.kind is Kind.INT else float(text)
        except ValueError:
            raise self._error(text) from None
        return self.validate(number)

    def describe(self) -> str:
        """The allowed values, for messages and help texts."""
        if self.kind is Kind.STEPS:
            return (
                f"up to {self.max_items} steps, each more than 0 and at most "
                f"{format_minutes(self.high)} (e.g. '1m 10m')"
            )
        if self.kind is Kind.INT:
            return f"a whole number from {int(self.low)} to {int(self.high)}"
        return f"a number from {self.low:g} to {self.high:g}"

    def _validate_steps(self, value: Any) -> tuple[float, ...]:
        if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
            raise self._error(value)
        steps = tuple(value)
        if len(steps) > self.max_items:
            raise self._error(value)
        for step in steps:
            is_number = isinstance(step, int | float) and not isinstance(step, bool)
            if not is_number or not math.isfinite(step) or not self.low < step <= self.high:
                raise self._error(value)
        return tuple(float(step) for step in steps)

    def _error(self, value: Any) -> InvalidSettingError:
        shown = value if isinstance(value, str) else repr(value)
        if len(shown) > 40:
            shown = shown[:37] + "..."
        return InvalidSettingError(f"{self.key} must be {self.describe()} (got {shown})")


def parse_steps(text: str) -> tuple[float, ...]:
    """ "1,10" or "1m 10m" -> (1.0, 10.0) minutes; "1h" and "1d" are understood too."""
    steps = []
    for part in text.replace(",", " ").split():
        unit = _STEP_UNITS.get(part[-1].lower())
        number = part[:-1] if unit is not None else part
        try:
            steps.append(float(number) * (unit or 1.0))
        except ValueError:
            raise InvalidSettingError(
                f"cannot read step {part!r}; use minutes like 1,10 or 1m 10m 1h"
            ) from None
    return tuple(steps)


def format_minutes(minutes: float) -> str:
    """10.0 -> "10m", 90.0 -> "1.5h", 1440.0 -> "1d"."""
    for unit, size in (("d", 1440.0), ("h", 60.0)):
        if minutes >= size:
            return f"{minutes / size:g}{unit}"
    return f"{minutes:g}m"


_YEAR_MIN = 365 * 1440.0

_ALL = (
    SettingSpec(
        "desired_retention", Scope.DECK, Kind.FLOAT, 0.9, 0.70, 0.99,
        "Desired retention", "share of reviews you want to recall; higher means more reviews",
        "--desired-retention",
    ),
    SettingSpec(
        "learning_steps_min", Scope.DECK, Kind.STEPS, (1.0, 10.0), 0.0, _YEAR_MIN,
        "Learning steps", "delays for a new card before it graduates", "--learning-steps",
        max_items=20,
    ),
    SettingSpec(
        "relearning_steps_min", Scope.DECK, Kind.STEPS, (10.0,), 0.0, _YEAR_MIN,
        "Relearning steps", "delays for a forgotten card before it is a review again",
        "--relearning-steps", max_items=20,
    ),
    SettingSpec(
        "new_per_day", Scope.DECK, Kind.INT, 20, 0, 9999,
        "New cards/day", "new cards introduced per study day", "--new-per-day",
    ),
    SettingSpec(
        "max_reviews_per_day", Scope.DECK, Kind.INT, 200, 0, 99999,
        "Maximum reviews/day", "reviews shown per study day at most", "--max-reviews-per-day",
    ),
    SettingSpec(
        "max_interval_days", Scope.DECK, Kind.INT, 36500, 1, 36500,
        "Maximum interval (days)", "the longest a review may be put off", "--max-interval",
    ),
    SettingSpec(
        "rollover_hour", Scope.COLLECTION, Kind.INT, 4, 0, 23,
        "Next day starts at", "local hour at which a new study day begins", "--rollover-hour",
    ),
    SettingSpec(
        "backups_keep", Scope.COLLECTION, Kind.INT, 30, 1, 1000,
        "Backups to keep", "how many automatic and manual backups are kept", "--backups-keep",
    ),
)  # fmt: skip

DECK: dict[str, SettingSpec] = {s.key: s for s in _ALL if s.scope is Scope.DECK}
COLLECTION: dict[str, SettingSpec] = {s.key: s for s in _ALL if s.scope is Scope.COLLECTION}
ALL: dict[str, SettingSpec] = {s.key: s for s in _ALL}
