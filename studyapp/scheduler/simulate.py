"""What a desired retention costs: the workload simulator, through fsrs-rs-python's `simulate`.

A deck of `deck_size` cards is learnt from new over `days` days within the deck's daily limits;
each card is reviewed when FSRS says, recalled with the probability the parameters predict, and
every answer costs the seconds the learner really takes for its state and rating. For each
desired retention the result is the day-by-day series (reviews, new cards, minutes, cards
remembered) a chart plots, with its means; the retention with the least work per remembered
card is marked, as Anki's "optimal retention" does. Pure; fsrs_rs_python is imported inside.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

from studyapp.domain.scheduling import Rating, State

if TYPE_CHECKING:
    from fsrs_rs_python import SimulationResult, SimulatorConfig

DEFAULT_RETENTIONS = (0.80, 0.85, 0.90, 0.95)
MIN_SAMPLES = 20  # fewer answers of a kind than this: fsrs-rs's defaults for that kind
MAX_DAILY_SECONDS = 86_400.0  # no time cap: the deck's review limit bounds a day, not a budget
_STATES = (State.LEARNING, State.REVIEW, State.RELEARNING)  # fsrs-rs's rows of answer costs


@dataclass(frozen=True)
class AnswerSample:
    """One answer from the review log: what it was and how long it took."""

    state_before: int
    rating: int
    duration_ms: int | None
    was_new: bool


@dataclass(frozen=True)
class Behaviour:
    """How the learner answers: seconds per answer by state (learning, review, relearning) and
    rating (Again..Easy); odds of each first rating; odds of Hard, Good, Easy when recalled."""

    seconds: tuple[tuple[float, ...], ...]  # 3 rows of 4
    first_rating: tuple[float, ...]  # 4
    recalled_rating: tuple[float, ...]  # 3
    from_log: bool  # False: fsrs-rs's defaults throughout (no usable answers)


@dataclass(frozen=True)
class DeckShape:
    """The deck being simulated: its size, limits and steps, and the parameters."""

    parameters: tuple[float, ...]
    deck_size: int
    new_per_day: int
    max_reviews_per_day: int
    max_interval_days: int
    learning_steps: int
    relearning_steps: int


@dataclass(frozen=True)
class RetentionOutcome:
    """One desired retention over the simulated days; each series has one value per day."""

    desired_retention: float
    reviews_per_day: tuple[int, ...]
    new_per_day: tuple[int, ...]
    minutes_per_day: tuple[float, ...]
    remembered: tuple[float, ...]  # expected cards recalled at the end of each day
    mean_reviews_per_day: float
    mean_minutes_per_day: float
    retention_reached: float  # share of due reviews recalled
    minutes_per_remembered_card: float  # all the time spent / cards remembered at the end
    least_work: bool  # the smallest minutes_per_remembered_card of those simulated


@dataclass(frozen=True)
class Workload:
    days: int
    deck: DeckShape
    behaviour: Behaviour
    outcomes: tuple[RetentionOutcome, ...]

    @property
    def best(self) -> RetentionOutcome:
        return next(o for o in self.outcomes if o.least_work)

    def to_json(self) -> dict[str, Any]:
        return {
            "days": self.days,
            "deck_size": self.deck.deck_size,
            "parameters": list(self.deck.parameters),
            "answer_seconds": [list(row) for row in self.behaviour.seconds],
            "behaviour_from_log": self.behaviour.from_log,
            "best_retention": self.best.desired_retention,
            "outcomes": [
                {f.name: _plain(getattr(o, f.name)) for f in fields(o)} for o in self.outcomes
            ],
        }


def _plain(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None  # strict JSON has no infinity (nothing remembered yet)
    return list(value) if isinstance(value, tuple) else value


def behaviour(samples: Iterable[AnswerSample]) -> Behaviour:
    """The learner's answer times and rating odds from their log; kinds with fewer than
    MIN_SAMPLES answers keep fsrs-rs's defaults."""
    from fsrs_rs_python import default_simulator_config

    default = default_simulator_config()
    times: dict[tuple[int, int], list[float]] = defaultdict(list)
    first = [0] * 4
    recalled = [0] * 3
    for s in samples:
        if s.duration_ms is not None and s.duration_ms > 0:
            times[(s.state_before, s.rating)].append(s.duration_ms / 1000)
        if s.was_new:
            first[s.rating - 1] += 1
        elif s.state_before == State.REVIEW and s.rating != Rating.AGAIN:
            recalled[s.rating - 2] += 1
    costs = default.state_rating_costs
    seconds = tuple(
        tuple(_mean(times.get((int(state), rating), []), costs[row][rating - 1])
              for rating in range(1, 5))
        for row, state in enumerate(_STATES)
    )  # fmt: skip
    enough = [len(v) >= MIN_SAMPLES for v in times.values()]
    return Behaviour(
        seconds,
        _odds(first, default.first_rating_prob),
        _odds(recalled, default.review_rating_prob),
        from_log=any(enough) or sum(first) >= MIN_SAMPLES or sum(recalled) >= MIN_SAMPLES,
    )


def _mean(values: Sequence[float], default: float) -> float:
    return sum(values) / len(values) if len(values) >= MIN_SAMPLES else float(default)


def _odds(counts: Sequence[int], default: Sequence[float]) -> tuple[float, ...]:
    total = sum(counts)
    if total < MIN_SAMPLES:
        return tuple(float(p) for p in default)
    return tuple(c / total for c in counts)


def simulate_workload(
    deck: DeckShape,
    learner: Behaviour,
    days: int,
    retentions: Sequence[float] = DEFAULT_RETENTIONS,
    seed: int = 2023,
) -> Workload:
    """One simulation per desired retention, all with the same seed."""
    from fsrs_rs_python import simulate

    config = _config(deck, learner, days)
    outcomes = [_outcome(r, simulate(list(deck.parameters), r, config, seed)) for r in retentions]
    best = min(range(len(outcomes)), key=lambda i: outcomes[i].minutes_per_remembered_card)
    outcomes[best] = replace(outcomes[best], least_work=True)
    return Workload(days, deck, learner, tuple(outcomes))


def _config(deck: DeckShape, learner: Behaviour, days: int) -> SimulatorConfig:
    from fsrs_rs_python import SimulatorConfig, default_simulator_config

    default = default_simulator_config()
    return SimulatorConfig(
        deck_size=deck.deck_size,
        learn_span=days,
        max_cost_perday=MAX_DAILY_SECONDS,
        max_ivl=float(deck.max_interval_days),
        first_rating_prob=list(learner.first_rating),
        review_rating_prob=list(learner.recalled_rating),
        learn_limit=deck.new_per_day,
        review_limit=deck.max_reviews_per_day,
        new_cards_ignore_review_limit=False,  # as our queue: new cards count against it
        learning_step_transitions=default.learning_step_transitions,
        relearning_step_transitions=default.relearning_step_transitions,
        state_rating_costs=[list(row) for row in learner.seconds],
        learning_step_count=deck.learning_steps,
        relearning_step_count=deck.relearning_steps,
    )


def _outcome(retention: float, result: SimulationResult) -> RetentionOutcome:
    reviews = tuple(int(n) for n in result.review_cnt_per_day)
    minutes = tuple(float(s) / 60 for s in result.cost_per_day)
    remembered = tuple(float(n) for n in result.memorized_cnt_per_day)
    correct = sum(int(n) for n in result.correct_cnt_per_day)
    end = remembered[-1] if remembered else 0.0
    days = max(len(reviews), 1)
    return RetentionOutcome(
        desired_retention=retention,
        reviews_per_day=reviews,
        new_per_day=tuple(int(n) for n in result.learn_cnt_per_day),
        minutes_per_day=minutes,
        remembered=remembered,
        mean_reviews_per_day=sum(reviews) / days,
        mean_minutes_per_day=sum(minutes) / days,
        retention_reached=correct / sum(reviews) if sum(reviews) else 0.0,
        minutes_per_remembered_card=sum(minutes) / end if end > 0 else float("inf"),
        least_work=False,
    )
