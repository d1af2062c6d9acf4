"""The workload simulator for a deck: what each desired retention costs in reviews and minutes.

It reads the deck's parameters (fitted, else the defaults), its size, limits and steps, and
the learner's real answer times and rating odds from the review log (fsrs-rs's defaults where
the log has too few answers), then simulates with `studyapp.scheduler.simulate`. Without a
deck, the collection is simulated as one deck: sizes and daily limits add up, the steps and
maximum interval are those of its largest deck, the parameters those every deck shares.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence

from studyapp.db.collection import Collection
from studyapp.domain import settings as registry
from studyapp.domain.errors import UsageError
from studyapp.scheduler.simulate import (
    DEFAULT_RETENTIONS,
    AnswerSample,
    DeckShape,
    Workload,
    behaviour,
    simulate_workload,
)
from studyapp.services.optimize import Scope, load_scope

MAX_DAYS = 3650
MAX_RETENTIONS = 12


def simulate(
    col: Collection,
    deck: str | None = None,
    days: int = 365,
    retentions: Sequence[float] = DEFAULT_RETENTIONS,
) -> Workload:
    """Per-day reviews, new cards, minutes and cards remembered for each desired retention
    (each from the registry's allowed range), with the least work per remembered card marked."""
    wanted = _checked(days, retentions)
    with col.connection() as conn:
        scope = load_scope(conn, deck)
        shape = _shape(conn, scope)
        learner = behaviour(_samples(conn, scope.decks))
    if shape.deck_size == 0:
        where = f"deck {deck!r}" if deck is not None else "the collection"
        raise UsageError(f"{where} has no active cards to simulate")
    return simulate_workload(shape, learner, days, wanted)


def _checked(days: int, retentions: Sequence[float]) -> tuple[float, ...]:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise UsageError(f"days must be a whole number from 1 to {MAX_DAYS} (got {days!r})")
    if not 1 <= len(retentions) <= MAX_RETENTIONS:
        raise UsageError(f"give 1 to {MAX_RETENTIONS} desired retentions (got {len(retentions)})")
    spec = registry.DECK["desired_retention"]
    return tuple(sorted({spec.validate(r) for r in retentions}))


def _shape(conn: sqlite3.Connection, scope: Scope) -> DeckShape:
    marks = ", ".join("?" * len(scope.decks))
    sizes = dict.fromkeys(scope.decks, 0)
    sizes.update(
        conn.execute(
            f"SELECT deck_id, count(*) FROM cards WHERE deck_id IN ({marks}) "
            "AND NOT suspended AND NOT missing GROUP BY deck_id",
            list(scope.decks),
        )
    )
    largest = scope.settings[max(sizes, key=lambda d: (sizes[d], -d))]
    every = scope.settings.values()
    return DeckShape(
        parameters=scope.current,
        deck_size=sum(sizes.values()),
        new_per_day=sum(s.new_per_day for s in every),
        max_reviews_per_day=sum(s.max_reviews_per_day for s in every),
        max_interval_days=largest.max_interval_days,
        learning_steps=len(largest.learning_steps_min),
        relearning_steps=len(largest.relearning_steps_min),
    )


def _samples(conn: sqlite3.Connection, decks: Mapping[int, str]) -> list[AnswerSample]:
    marks = ", ".join("?" * len(decks))
    rows = conn.execute(
        "SELECT r.state_before, r.rating, r.duration_ms, r.was_new FROM review_log r "
        f"JOIN cards c ON c.id = r.card_id WHERE c.deck_id IN ({marks})",
        list(decks),
    )
    return [AnswerSample(s, r, ms, bool(new)) for s, r, ms, new in rows]
