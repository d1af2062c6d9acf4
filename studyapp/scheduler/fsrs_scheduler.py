"""FSRS-6 scheduling through the `fsrs` package, over our plain memory-state records."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from functools import lru_cache

import fsrs


class InvalidSettingError(ValueError):
    """A setting outside its allowed range; the message says which and what is allowed."""


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class State(IntEnum):
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(frozen=True)
class DeckSettings:
    desired_retention: float = 0.9
    learning_steps_min: tuple[float, ...] = (1.0, 10.0)
    relearning_steps_min: tuple[float, ...] = (10.0,)
    new_per_day: int = 20
    max_reviews_per_day: int = 200
    max_interval_days: int = 36500
    fuzz: bool = True

    def __post_init__(self) -> None:
        if not 0.7 <= self.desired_retention <= 0.99:
            raise InvalidSettingError("desired retention must be between 0.70 and 0.99")
        if self.new_per_day < 0 or self.max_reviews_per_day < 0:
            raise InvalidSettingError("daily limits cannot be negative")
        if self.max_interval_days < 1:
            raise InvalidSettingError("maximum interval must be at least 1 day")
        if any(s <= 0 for s in self.learning_steps_min + self.relearning_steps_min):
            raise InvalidSettingError("learning steps must be positive minutes")


@dataclass(frozen=True)
class Memory:
    """A card's scheduling fields, as stored in the `cards` table."""

    state: int = State.LEARNING
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


@lru_cache(maxsize=32)
def _scheduler(settings: DeckSettings, fuzz: bool) -> fsrs.Scheduler:
    return fsrs.Scheduler(
        desired_retention=settings.desired_retention,
        learning_steps=tuple(timedelta(minutes=m) for m in settings.learning_steps_min),
        relearning_steps=tuple(timedelta(minutes=m) for m in settings.relearning_steps_min),
        maximum_interval=settings.max_interval_days,
        enable_fuzzing=fuzz,
    )


def _fsrs_card(card_id: int, memory: Memory, now: datetime) -> fsrs.Card:
    # card_id is always passed: fsrs.Card() without one sleeps 1 ms to make a unique id.
    return fsrs.Card(
        card_id=card_id,
        state=fsrs.State(memory.state),
        step=memory.step,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=memory.due or now,
        last_review=memory.last_review,
    )


def review(
    card_id: int, memory: Memory, rating: Rating, now: datetime, settings: DeckSettings
) -> Memory:
    """The memory state after answering `rating` at `now` (aware UTC)."""
    now = now.astimezone(UTC)
    card, _ = _scheduler(settings, settings.fuzz).review_card(
        _fsrs_card(card_id, memory, now), fsrs.Rating(rating), now
    )
    lapsed = memory.state == State.REVIEW and rating == Rating.AGAIN
    return replace(
        memory,
        state=int(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
        reps=memory.reps + 1,
        lapses=memory.lapses + int(lapsed),
    )


def preview(
    card_id: int, memory: Memory, now: datetime, settings: DeckSettings
) -> dict[Rating, timedelta]:
    """The interval each rating would give now, without fuzz (what the buttons show)."""
    now = now.astimezone(UTC)
    sched = _scheduler(settings, False)
    base = _fsrs_card(card_id, memory, now)
    out = {}
    for rating in Rating:
        card, _ = sched.review_card(base, fsrs.Rating(rating), now)
        out[rating] = card.due - now
    return out


def retrievability(card_id: int, memory: Memory, now: datetime, settings: DeckSettings) -> float:
    if memory.is_new:
        return 0.0
    sched = _scheduler(settings, False)
    return float(
        sched.get_card_retrievability(_fsrs_card(card_id, memory, now), now.astimezone(UTC))
    )


def format_interval(delta: timedelta) -> str:
    """Short human form of an interval, as on Anki's answer buttons: 10m, 3h, 4d, 2.5mo, 1.2y."""
    seconds = max(delta.total_seconds(), 0)
    if seconds < 3600:
        return f"{max(round(seconds / 60), 1)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"
