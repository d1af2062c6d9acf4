"""FSRS-6 scheduling through the `fsrs` package, over our plain memory-state records.

The next state of every rating is computed once (`next_states`): the buttons show those
intervals and the answer commits exactly the chosen one, as Anki's `build_answer` does. Fuzz is
deterministic, seeded by the card and its review count, so the same card at the same point of
its history always gets the same fuzzed interval.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import fsrs
from fsrs.scheduler import DEFAULT_PARAMETERS, FUZZ_RANGES

from studyapp.domain.scheduling import DeckSettings, Memory, NextState, Rating, State

FUZZ_MIN_DAYS = 2.5  # as fsrs: shorter intervals are never fuzzed


@lru_cache(maxsize=32)
def _scheduler(settings: DeckSettings) -> fsrs.Scheduler:
    return fsrs.Scheduler(
        parameters=settings.parameters or DEFAULT_PARAMETERS,
        desired_retention=settings.desired_retention,
        learning_steps=tuple(timedelta(minutes=m) for m in settings.learning_steps_min),
        relearning_steps=tuple(timedelta(minutes=m) for m in settings.relearning_steps_min),
        maximum_interval=settings.max_interval_days,
        enable_fuzzing=False,  # our own, deterministic fuzz (fuzzed_days)
    )


def _fsrs_card(card_id: int, memory: Memory, now: datetime) -> fsrs.Card:
    # card_id is always passed: fsrs.Card() without one sleeps 1 ms to make a unique id.
    return fsrs.Card(
        card_id=card_id,
        state=fsrs.State(int(memory.state)),
        step=memory.step,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=memory.due or now,
        last_review=memory.last_review,
    )


def fuzz_seed(card_id: int, reps: int) -> int:
    return card_id * 1_000_003 + reps


def fuzz_range(days: int, maximum: int) -> tuple[int, int]:
    """The (low, high) days a `days` review interval may be fuzzed to, as the `fsrs` package
    computes it (Anki's ranges: the longer the interval, the wider)."""
    delta = 1.0
    for part in FUZZ_RANGES:
        delta += part["factor"] * max(min(float(days), part["end"]) - part["start"], 0.0)
    low = max(2, round(days - delta))
    high = min(round(days + delta), maximum)
    return min(low, high), high


def fuzzed_days(days: int, maximum: int, seed: int) -> int:
    """A review interval spread over its fuzz range, drawn as the `fsrs` package draws it but
    from an RNG seeded by `seed` instead of the global one."""
    if days < FUZZ_MIN_DAYS:
        return days
    low, high = fuzz_range(days, maximum)
    return min(round(random.Random(seed).random() * (high - low + 1) + low), maximum)


def next_states(
    card_id: int, memory: Memory, now: datetime, settings: DeckSettings
) -> dict[Rating, NextState]:
    """What each rating does to the card if answered at `now` (aware)."""
    now = now.astimezone(UTC)
    sched = _scheduler(settings)
    base = _fsrs_card(card_id, memory, now)
    seed = fuzz_seed(card_id, memory.reps)
    lapsing = memory.state == State.REVIEW
    out = {}
    for rating in Rating:
        card, _ = sched.review_card(base, fsrs.Rating(int(rating)), now)
        interval = card.due - now
        if settings.fuzz and card.state == fsrs.State.Review:
            interval = timedelta(days=fuzzed_days(interval.days, settings.max_interval_days, seed))
        after = Memory(
            state=State(int(card.state)),
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due=now + interval,
            last_review=now,
            reps=memory.reps + 1,
            lapses=memory.lapses + int(lapsing and rating == Rating.AGAIN),
        )
        out[rating] = NextState(rating, after, interval)
    return out


def review(
    card_id: int, memory: Memory, rating: Rating, now: datetime, settings: DeckSettings
) -> Memory:
    """The memory state after answering `rating` at `now` (aware UTC)."""
    return next_states(card_id, memory, now, settings)[rating].memory


def retrievability(card_id: int, memory: Memory, now: datetime, settings: DeckSettings) -> float:
    if memory.is_new:
        return 0.0
    sched = _scheduler(settings)
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
