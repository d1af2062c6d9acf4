"""The collection statistics of Anki's stats screen, from FSRS's memory states and the log.

Calendar, retention over time and hours of the day come from one scan of the review log
(studyapp.services.history); answer buttons from one more GROUP BY; forecast, card states and
the stability, difficulty and retrievability histograms from the cards, in NumPy.
Retrievability is FSRS-6's forgetting curve, as the `fsrs` package computes it per card:
R = (1 + factor * t / S) ** -w20 with factor = 0.9 ** (-1 / w20) - 1 and t the whole days
since the last review, with each deck's own (fitted or default) w20.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

import numpy as np
import numpy.typing as npt

from studyapp.db.collection import Collection
from studyapp.db.decks import deck_ids, deck_settings
from studyapp.db.epoch import to_epoch_ms
from studyapp.domain.reviewstats import (
    ButtonCounts,
    CardStates,
    DueForecast,
    Histogram,
    RetentionSeries,
    ReviewStats,
)
from studyapp.domain.scheduling import State
from studyapp.domain.studyday import day_start
from studyapp.services.history import DAY_MS, Activity, activity, card_filter, reading

Floats = npt.NDArray[np.float64]

YEAR_DAYS = 365  # the calendar, the hours and the retention periods cover the last year
FORECAST_DAYS = 30
RETENTION_PERIOD_DAYS = 7
MATURE_DAYS = 21
STABILITY_EDGES = (0, 1, 2, 3, 5, 7, 10, 14, 21, 30, 60, 90, 180, 365, 730)
DIFFICULTY_EDGES = tuple(float(x) for x in np.linspace(1, 10, 11))
RETRIEVABILITY_EDGES = tuple(round(float(x), 2) for x in np.linspace(0, 1, 21))

_CARDS = (
    "SELECT deck_id, fsrs_state, stability, difficulty, due, last_review, reps, suspended, "
    "coalesce(buried_until, 0) FROM cards WHERE NOT missing AND deck_id IN ({ids})"
)


@dataclass(frozen=True)
class Scope:
    """Which decks, and the day and hour the statistics are taken at."""

    ids: tuple[int, ...]
    where: str  # the review-log filter for those decks
    now: datetime
    today: date
    rollover_hour: int
    tz: tzinfo


def scope(col: Collection, conn: sqlite3.Connection, deck: str | None) -> Scope:
    ids = tuple(deck_ids(conn, deck))
    now = col.clock()
    return Scope(
        ids, card_filter(conn, list(ids)), now, col.study_day(now),
        int(col.setting("rollover_hour")), col.tz,
    )  # fmt: skip


def review_stats(col: Collection, deck: str | None = None) -> ReviewStats:
    """The statistics of a deck or the whole collection (heavy: scans the review log)."""
    with reading(col) as conn:
        where = scope(col, conn, deck)
        first = where.today - timedelta(days=YEAR_DAYS - 1)
        found = activity(conn, first, where.today, where.rollover_hour, where.tz, where.where)
        return stats_from(conn, where, found)


def stats_from(conn: sqlite3.Connection, where: Scope, found: Activity) -> ReviewStats:
    """The statistics, given a scan that covers at least the last year."""
    today = where.today
    year = today - timedelta(days=YEAR_DAYS - 1)
    per_day = found.per_day()
    settings = deck_settings(conn, where.ids)
    desired = float(np.mean([s.desired_retention for s in settings.values()] or [0.9]))
    cards = _cards(conn, where.ids)
    decay = {i: _w20(s.parameters) for i, s in settings.items()}
    return ReviewStats(
        today=today,
        forecast=_forecast(cards["due"][_active(cards)], where),
        calendar=found.daily(year, today, per_day),
        retention=_retention(found, per_day, today, desired),
        stability=_histogram(cards["stability"], STABILITY_EDGES, open_end=True),
        difficulty=_histogram(cards["difficulty"], DIFFICULTY_EDGES),
        retrievability=_histogram(_retrievability(cards, decay, where.now), RETRIEVABILITY_EDGES),
        buttons=_buttons(conn, where.where),
        hours=found.hours(year),
        card_states=_states(cards, where.now),
    )


def _w20(parameters: tuple[float, ...] | None) -> float:
    from fsrs.scheduler import DEFAULT_PARAMETERS

    return float((parameters or DEFAULT_PARAMETERS)[20])


def _cards(conn: sqlite3.Connection, ids: tuple[int, ...]) -> dict[str, Floats]:
    names = ("deck", "state", "stability", "difficulty", "due", "last", "reps", "suspended")
    rows = conn.execute(_CARDS.format(ids=", ".join(str(i) for i in ids) or "NULL")).fetchall()
    table = np.array(rows, dtype=np.float64).reshape(len(rows), len(names) + 1)
    out = {name: table[:, j] for j, name in enumerate(names)}
    out["buried"] = table[:, len(names)]
    return out


def _active(cards: dict[str, Floats]) -> npt.NDArray[np.bool_]:
    """Cards with a memory state that can come due: studied, not suspended."""
    active: npt.NDArray[np.bool_] = (cards["reps"] > 0) & (cards["suspended"] == 0)
    return active


def forecast(conn: sqlite3.Connection, where: Scope) -> DueForecast:
    """Cards due on each of the next 30 study days (cheap: one column of the cards)."""
    ids = ", ".join(str(i) for i in where.ids) or "NULL"
    rows = conn.execute(
        f"SELECT due FROM cards WHERE deck_id IN ({ids}) AND reps > 0 AND NOT suspended "
        "AND NOT missing"
    ).fetchall()
    return _forecast(np.array(rows, dtype=np.float64).reshape(-1), where)


def _forecast(due: Floats, where: Scope) -> DueForecast:
    bounds = [
        to_epoch_ms(day_start(where.today + timedelta(days=i), where.rollover_hour, where.tz))
        for i in range(FORECAST_DAYS + 1)
    ]
    day = np.maximum(np.searchsorted(np.array(bounds, dtype=np.float64), due, "right") - 1, 0)
    counts = np.bincount(day[day < FORECAST_DAYS], minlength=FORECAST_DAYS)
    return DueForecast(where.today, tuple(int(c) for c in counts))


def _retention(found: Activity, per_day: npt.NDArray[np.int64], today: date,
               desired: float) -> RetentionSeries:  # fmt: skip
    periods = (YEAR_DAYS - 1) // RETENTION_PERIOD_DAYS
    end = found.days
    tail = per_day[end - periods * RETENTION_PERIOD_DAYS : end, 1:3]
    sums = tail.reshape(periods, RETENTION_PERIOD_DAYS, 2).sum(axis=1)
    starts = tuple(
        today - timedelta(days=RETENTION_PERIOD_DAYS * (periods - k) - 1) for k in range(periods)
    )
    answers, passed = (tuple(int(v) for v in sums[:, j]) for j in range(2))
    return RetentionSeries(starts, RETENTION_PERIOD_DAYS, answers, passed, desired)


def _retrievability(cards: dict[str, Floats], w20: dict[int, float], now: datetime) -> Floats:
    keep = _active(cards) & ~np.isnan(cards["stability"]) & ~np.isnan(cards["last"])
    known = np.array(sorted(w20), dtype=np.int64)  # every deck of the scope has its settings
    per_deck = np.array([w20[int(d)] for d in known], dtype=np.float64)
    per_card = per_deck[np.searchsorted(known, cards["deck"][keep].astype(np.int64))]
    elapsed = np.maximum(np.floor((to_epoch_ms(now) - cards["last"][keep]) / DAY_MS), 0)
    factor = 0.9 ** (-1 / per_card) - 1
    return np.asarray((1 + factor * elapsed / cards["stability"][keep]) ** -per_card)


def _histogram(values: Floats, edges: tuple[float, ...], open_end: bool = False) -> Histogram:
    """Counts per bin; with `open_end` the last bin takes everything above the last edge."""
    values = values[~np.isnan(values)]
    bins = np.array(edges, dtype=np.float64)
    if open_end:
        bins = np.append(bins, max(float(values.max(initial=0)), bins[-1]) + 1)
    counts, _ = np.histogram(np.clip(values, bins[0], bins[-1]), bins)
    mean = float(values.mean()) if len(values) else None
    return Histogram(tuple(float(b) for b in bins), tuple(int(c) for c in counts), mean)


def _buttons(conn: sqlite3.Connection, where: str) -> ButtonCounts:
    rows = conn.execute(
        f"SELECT r.state_before, r.rating, count(*) FROM review_log AS r {where} "
        "GROUP BY r.state_before, r.rating"
    ).fetchall()
    table = np.zeros((4, 5), dtype=np.int64)
    for state, rating, count in rows:  # at most 12 groups
        if 1 <= state <= 3 and 1 <= rating <= 4:
            table[state, rating] = count
    learning, review, relearning = (
        (int(table[s, 1]), int(table[s, 2]), int(table[s, 3]), int(table[s, 4]))
        for s in (State.LEARNING, State.REVIEW, State.RELEARNING)
    )
    return ButtonCounts(learning, review, relearning)


def _states(cards: dict[str, Floats], now: datetime) -> CardStates:
    suspended = cards["suspended"] != 0
    buried = ~suspended & (cards["buried"] > to_epoch_ms(now))
    rest = ~suspended & ~buried
    new = rest & (cards["reps"] == 0)
    studied = rest & ~new
    review = studied & (cards["state"] == State.REVIEW)
    mature = review & (cards["due"] - cards["last"] >= MATURE_DAYS * DAY_MS)
    return CardStates(
        new=int(new.sum()),
        learning=int((studied & (cards["state"] == State.LEARNING)).sum()),
        young=int((review & ~mature).sum()),
        mature=int(mature.sum()),
        relearning=int((studied & (cards["state"] == State.RELEARNING)).sum()),
        suspended=int(suspended.sum()),
        buried=int(buried.sum()),
    )
