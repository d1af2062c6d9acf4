"""A simulated learner: review histories generated from known FSRS parameters.

For the optimiser's tests and benchmark, where the truth must be known. The learner's memory
follows `true_parameters`; the app that schedules them uses `scheduler_parameters` (the
defaults, as before any optimisation), so the reviews happen at the intervals a real app would
choose and recall is drawn from the learner's true retrievability at that moment. New cards
are answered Again, Hard, Good or Easy with fixed odds; Again (on a new card or a forgotten
one) brings a same-day step ten minutes later, answered Good. Seeded: the same call gives the
same history. Pure; fsrs_rs_python is imported inside.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from studyapp.domain.scheduling import Memory, State

FIRST_RATING_WEIGHTS = (0.2, 0.1, 0.55, 0.15)  # Again, Hard, Good, Easy on a new card
RECALLED_WEIGHTS = (0.15, 0.75, 0.10)  # Hard, Good, Easy when recalled
STEP = timedelta(minutes=10)
_NAMES = ("again", "hard", "good", "easy")


@dataclass(frozen=True)
class SyntheticReview:
    """One answer, with what the scheduling app recorded for it."""

    card: int  # 0-based index of the card
    at: datetime
    rating: int
    state_before: State
    state_after: State
    was_new: bool
    due_after: datetime
    stability_after: float  # the app's estimate (scheduler parameters), not the truth
    difficulty_after: float
    duration_ms: int


@dataclass
class _Track:
    """One card as the learner's memory and the scheduling app see it."""

    card: int
    true: Any = None  # fsrs_rs_python.MemoryState
    seen: Any = None
    last_day: int | None = None
    state: State = State.LEARNING
    reps: int = 0


def retrievability(days: float, stability: float, parameters: Sequence[float]) -> float:
    """FSRS-6 forgetting curve: recall probability `days` after a review."""
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    return float((1 + factor * days / stability) ** decay)


def simulate_history(
    true_parameters: Sequence[float],
    cards: int,
    days: int,
    start: datetime,
    seed: int = 0,
    new_per_day: int = 20,
    scheduler_parameters: Sequence[float] | None = None,
) -> list[SyntheticReview]:
    """Every review of `cards` cards (`new_per_day` introduced a day from `start`, aware) up to
    day `days`, in time order."""
    sim = _Simulation(true_parameters, scheduler_parameters, seed)
    for card in range(cards):
        sim.card(_Track(card), card // new_per_day, days, start)
    sim.out.sort(key=lambda r: (r.at, r.card))
    return sim.out


class _Simulation:
    def __init__(self, true: Sequence[float], scheduler: Sequence[float] | None, seed: int) -> None:
        from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS

        self.true_parameters = list(true)
        self.truth = FSRS(self.true_parameters)
        self.app = FSRS(list(scheduler or DEFAULT_PARAMETERS))
        self.rng = random.Random(seed)
        self.out: list[SyntheticReview] = []

    def card(self, track: _Track, day: int, days: int, start: datetime) -> None:
        rng = self.rng
        rating = rng.choices((1, 2, 3, 4), FIRST_RATING_WEIGHTS)[0]
        while day < days:
            at = start + timedelta(days=day, hours=10, minutes=rng.uniform(0, 120))
            gap = 0 if track.last_day is None else day - track.last_day
            interval = self.answer(track, gap, rating, at)
            track.last_day = day
            if rating == 1:
                interval = self.answer(track, 0, 3, at + STEP)
            day += max(1, round(interval * rng.uniform(0.95, 1.4)))  # reviews are often late
            recall = retrievability(
                day - track.last_day, track.true.stability, self.true_parameters
            )
            rating = 1 if rng.random() > recall else rng.choices((2, 3, 4), RECALLED_WEIGHTS)[0]

    def answer(self, track: _Track, gap: int, rating: int, at: datetime) -> float:
        """Record one answer; return the app's interval for it, in days."""
        name = _NAMES[rating - 1]
        track.true = getattr(self.truth.next_states(track.true, 0.9, gap), name).memory
        chosen = getattr(self.app.next_states(track.seen, 0.9, gap), name)
        track.seen = chosen.memory
        before, forgot = track.state, rating == 1
        after = (State.RELEARNING if before == State.REVIEW else before) if forgot else State.REVIEW
        due = at + (STEP if forgot else timedelta(days=max(1, round(chosen.interval))))
        self.out.append(
            SyntheticReview(
                card=track.card,
                at=at,
                rating=rating,
                state_before=before,
                state_after=after,
                was_new=track.reps == 0,
                due_after=due,
                stability_after=float(chosen.memory.stability),
                difficulty_after=float(chosen.memory.difficulty),
                duration_ms=round(self.rng.lognormvariate(8.8, 0.5)) + (4000 if forgot else 0),
            )
        )
        track.state, track.reps = after, track.reps + 1
        return float(chosen.interval)


def final_memories(reviews: Sequence[SyntheticReview]) -> dict[int, Memory]:
    """Each reviewed card's memory after its last review, as the app would have stored it."""
    memories: dict[int, Memory] = {}
    for r in sorted(reviews, key=lambda r: r.at):
        old = memories.get(r.card, Memory())
        lapse = r.state_before == State.REVIEW and r.rating == 1
        memories[r.card] = Memory(
            state=r.state_after,
            step=None if r.state_after == State.REVIEW else 0,
            stability=r.stability_after,
            difficulty=r.difficulty_after,
            due=r.due_after,
            last_review=r.at,
            reps=old.reps + 1,
            lapses=old.lapses + int(lapse),
        )
    return memories
