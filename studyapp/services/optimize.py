"""Personal FSRS parameters: fit them to the review log, score them, apply them, reschedule.

A fit is scored before and after on the same training items (log loss and RMSE(bins), as
Anki's "Optimize" and "Evaluate" report them) and out of sample with fsrs-rs's time-series
splits. Every fit is recorded in `fsrs_fits`; it is applied (stored as the deck's parameters)
only when it predicts those reviews better and the learner asks for it. A deck's fit uses the
deck's reviews; without a deck, the collection's, and applying it sets every deck.

The parameters a scope has now: its deck's, or for the collection the one set every deck
shares (the defaults when decks differ or have none). Rescheduling recomputes each reviewed
card's memory from its history under the deck's parameters and moves review cards to the
new interval, in one transaction, after a backup (`studyapp restore` undoes it).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from studyapp.db.collection import Collection
from studyapp.db.decks import deck_ids, deck_settings, save_deck_settings
from studyapp.db.epoch import from_epoch_ms, to_epoch_ms
from studyapp.domain.changes import Changes
from studyapp.domain.errors import FitNotBetterError, FitNotFoundError
from studyapp.domain.scheduling import DeckSettings
from studyapp.jobs import Job, Progress, run
from studyapp.scheduler import optimize as fitting
from studyapp.scheduler.optimize import Review, Score, TrainingSet

APPLY_CHANGES = Changes(deck_config=True, study_queues=True)
_STEPS = 6


@dataclass(frozen=True)
class Scope:
    """The reviews a fit or an evaluation reads: one deck's, or the collection's (deck None)."""

    deck: str | None
    decks: dict[int, str]
    settings: dict[int, DeckSettings]

    @property
    def current(self) -> tuple[float, ...]:
        found = {s.parameters for s in self.settings.values()}
        shared = found.pop() if len(found) == 1 else None
        return shared if shared is not None else fitting.default_parameters()

    @property
    def fitted(self) -> bool:
        """Whether the current parameters are fitted ones (not the defaults)."""
        return self.current != fitting.default_parameters()


@dataclass(frozen=True)
class OptimizeReport:
    fit_id: int
    deck: str | None  # None: the collection
    reviews: int  # review-log rows read
    items: int  # of them, the reviews trained and scored on
    previous: tuple[float, ...]
    parameters: tuple[float, ...]
    before: Score
    after: Score
    out_of_sample: Score | None
    better: bool
    applied: bool
    changes: Changes

    def to_json(self) -> dict[str, Any]:
        return {
            "fit_id": self.fit_id,
            "deck": self.deck,
            "reviews": self.reviews,
            "items": self.items,
            "parameters_before": list(self.previous),
            "parameters": list(self.parameters),
            "before": _score_json(self.before),
            "after": _score_json(self.after),
            "out_of_sample": _score_json(self.out_of_sample),
            "better": self.better,
            "applied": self.applied,
        }


@dataclass(frozen=True)
class EvaluateReport:
    deck: str | None
    reviews: int
    items: int
    parameters: tuple[float, ...]
    fitted: bool  # False: the FSRS defaults
    score: Score | None  # None: no reviews to score yet

    def to_json(self) -> dict[str, Any]:
        return {
            "deck": self.deck,
            "reviews": self.reviews,
            "items": self.items,
            "parameters": list(self.parameters),
            "fitted": self.fitted,
            "log_loss": None if self.score is None else self.score.log_loss,
            "rmse_bins": None if self.score is None else self.score.rmse_bins,
        }


@dataclass(frozen=True)
class FitRecord:
    """One row of the fit history."""

    id: int
    deck: str | None
    fitted_at: datetime
    reviews: int
    items: int
    parameters: tuple[float, ...]
    before: Score
    after: Score
    out_of_sample: Score | None
    applied: bool


@dataclass(frozen=True)
class ApplyReport:
    fit_id: int
    decks: tuple[str, ...]
    parameters: tuple[float, ...]
    changes: Changes = APPLY_CHANGES


def _score_json(score: Score | None) -> dict[str, float] | None:
    return None if score is None else {"log_loss": score.log_loss, "rmse_bins": score.rmse_bins}


def load_scope(conn: sqlite3.Connection, deck: str | None) -> Scope:
    names = deck_ids(conn, deck)
    return Scope(deck, names, deck_settings(conn, names))


def review_records(conn: sqlite3.Connection, decks: Mapping[int, str]) -> list[Review]:
    """The decks' review log as ReviewRecord fields, sorted by card then time (then the order
    they were written). The unary `+` keeps the planner on the covering history index and
    SQLite's sorter, a third faster than walking the card index to each row."""
    query = "SELECT card_id, reviewed_at, rating, state_before FROM review_log"
    params: list[int] = []
    (every,) = conn.execute("SELECT count(*) FROM decks").fetchone()
    if len(decks) < every:
        params = list(decks)
        marks = ", ".join("?" * len(params))
        query += f" WHERE +card_id IN (SELECT id FROM cards WHERE deck_id IN ({marks}))"
    rows: list[Review] = conn.execute(
        query + " ORDER BY +card_id, reviewed_at, id", params
    ).fetchall()
    return rows


def training_data(col: Collection, deck: str | None = None) -> tuple[Scope, TrainingSet]:
    """The scope and the training items of `deck` (the collection's when None)."""
    with col.connection() as conn:
        scope = load_scope(conn, deck)
        records = review_records(conn, scope.decks)
    return scope, fitting.training_set(records, int(col.setting("rollover_hour")), col.tz)


def evaluate(col: Collection, deck: str | None = None) -> EvaluateReport:
    """The current parameters' log loss and RMSE(bins) on the review log, without fitting
    (no score before the first usable review)."""
    scope, data = training_data(col, deck)
    score = fitting.score(data.items, scope.current) if data.items else None
    return EvaluateReport(deck, data.reviews, len(data.items), scope.current, scope.fitted, score)


def optimize(
    col: Collection, deck: str | None = None, *, apply: bool = False, out_of_sample: bool = True
) -> OptimizeReport:
    return run(optimize_job(col, deck, apply=apply, out_of_sample=out_of_sample))


def optimize_job(
    col: Collection, deck: str | None = None, *, apply: bool = False, out_of_sample: bool = True
) -> Job[OptimizeReport]:
    """Fit, score before and after (and out of sample), record the fit; with `apply`, store
    it as the scope's parameters when it is better. Cancellable between steps: the fit is
    recorded only at the end, in one transaction."""
    yield Progress(0, _STEPS, "reading the review log")
    scope, data = training_data(col, deck)
    fitting.require_enough(data)
    yield Progress(1, _STEPS, f"scoring the current parameters on {len(data.items)} reviews")
    before = fitting.score(data.items, scope.current)
    yield Progress(2, _STEPS, f"fitting FSRS to {len(data.items)} reviews")
    parameters = fitting.fit_parameters(data.items)
    yield Progress(3, _STEPS, "scoring the fit")
    fit = fitting.Fit(parameters, before, fitting.score(data.items, parameters))
    oos = None
    if out_of_sample:
        yield Progress(4, _STEPS, "scoring out of sample (time-series splits)")
        oos = fitting.out_of_sample(data.items)
    report = yield from _record(col, scope, data, fit, oos, apply and fit.better)
    yield Progress(_STEPS, _STEPS, "done")
    return report


def _record(
    col: Collection,
    scope: Scope,
    data: TrainingSet,
    fit: fitting.Fit,
    oos: Score | None,
    apply: bool,
) -> Job[OptimizeReport]:
    deck_id = next(iter(scope.decks)) if scope.deck is not None else None
    with col.connection() as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            cursor = conn.execute(
                "INSERT INTO fsrs_fits (deck_id, fitted_at, reviews, items, params, "
                "params_before, log_loss_before, log_loss_after, rmse_before, rmse_after, "
                "oos_log_loss, oos_rmse, applied) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (deck_id, to_epoch_ms(col.clock()), data.reviews, len(data.items),
                 json.dumps(list(fit.parameters)), json.dumps(list(scope.current)),
                 fit.before.log_loss, fit.after.log_loss, fit.before.rmse_bins,
                 fit.after.rmse_bins, None if oos is None else oos.log_loss,
                 None if oos is None else oos.rmse_bins, apply),
            )  # fmt: skip
            if apply:
                _store(conn, scope, fit.parameters)
            yield Progress(5, _STEPS, "saving")  # inside the transaction: a cancel undoes it
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    assert cursor.lastrowid is not None
    changes = APPLY_CHANGES if apply else Changes()
    return OptimizeReport(
        cursor.lastrowid, scope.deck, data.reviews, len(data.items), scope.current,
        fit.parameters, fit.before, fit.after, oos, fit.better, apply, changes,
    )  # fmt: skip


def _store(conn: sqlite3.Connection, scope: Scope, parameters: tuple[float, ...]) -> None:
    for deck_id, settings in scope.settings.items():
        save_deck_settings(conn, deck_id, replace(settings, parameters=parameters))


def apply_fit(col: Collection, fit_id: int) -> ApplyReport:
    """Store a recorded fit as its deck's parameters (every deck's, for a collection fit);
    refused when it did not predict better than the parameters it was compared with."""
    with col.connection() as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            fit = _fit_row(conn, fit_id)
            if not fit.after.log_loss < fit.before.log_loss:
                raise FitNotBetterError(
                    f"fit {fit_id} is not better than the parameters it was compared with "
                    f"(log loss {fit.after.log_loss:.4f} vs {fit.before.log_loss:.4f}); "
                    "nothing was changed"
                )
            scope = load_scope(conn, fit.deck)
            _store(conn, scope, fit.parameters)
            conn.execute("UPDATE fsrs_fits SET applied = 1 WHERE id = ?", (fit_id,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return ApplyReport(fit_id, tuple(scope.decks.values()), fit.parameters)


_FIT_COLUMNS = (
    "f.id, d.name, f.fitted_at, f.reviews, f.items, f.params, f.log_loss_before, "
    "f.rmse_before, f.log_loss_after, f.rmse_after, f.oos_log_loss, f.oos_rmse, f.applied "
    "FROM fsrs_fits f LEFT JOIN decks d ON d.id = f.deck_id"
)


def _fit_record(row: tuple[Any, ...]) -> FitRecord:
    fit_id, deck, at, reviews, items, params, llb, rb, lla, ra, oll, orr, applied = row
    oos = Score(oll, orr) if oll is not None else None
    return FitRecord(
        fit_id, deck, from_epoch_ms(at), reviews, items, tuple(json.loads(params)),
        Score(llb, rb), Score(lla, ra), oos, bool(applied),
    )  # fmt: skip


def _fit_row(conn: sqlite3.Connection, fit_id: int) -> FitRecord:
    row = conn.execute(f"SELECT {_FIT_COLUMNS} WHERE f.id = ?", (fit_id,)).fetchone()
    if row is None:
        raise FitNotFoundError(f"no FSRS fit with id {fit_id}")
    return _fit_record(row)


def fit_history(col: Collection, deck: str | None = None) -> tuple[FitRecord, ...]:
    """Fits that concern `deck` (its own and the collection's), or all fits; newest first."""
    with col.connection() as conn:
        where, args = "", []
        if deck is not None:
            where, args = "WHERE f.deck_id IS NULL OR f.deck_id IN (?)", list(deck_ids(conn, deck))
        rows = conn.execute(f"SELECT {_FIT_COLUMNS} {where} ORDER BY f.id DESC", args)
        return tuple(_fit_record(row) for row in rows)
