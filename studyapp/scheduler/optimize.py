"""Fitting FSRS-6 parameters to a learner's review log, and scoring them, with fsrs-rs-python
(the Rust optimiser behind Anki's "Optimize").

Pure functions over plain review records; no database. Training items are built as Anki builds
them (rslib `reviews_for_fsrs`): a card's history starts at its last run of learning reviews
(a card without one is left out), gaps are counted in study days (the collection's rollover
hour and zone, so 23:00 and 01:00 the next night are the same day), and there is one item per
review after the first whose history is every earlier review, except same-day reviews
(learning steps), which stay in the history but are not predicted. fsrs_rs_python is imported
inside the functions: it is not on the start-up path.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any, NamedTuple

from studyapp.domain.errors import NotEnoughReviewsError
from studyapp.domain.scheduling import FSRS_PARAMETER_COUNT, State
from studyapp.domain.studyday import study_day

# Below this many training items (reviews on a later study day than the card's previous one)
# fsrs-rs quietly returns the defaults, and a few hundred more still fit noise as much as memory.
MIN_TRAINING_ITEMS = 400
_PARAM_DECIMALS = 6  # fsrs-rs works in f32: 0.8 comes back as 0.800000011, over fsrs's bound


class ReviewRecord(NamedTuple):
    """One answer as the optimiser needs it (a review_log row)."""

    card_id: int
    reviewed_ms: int  # epoch milliseconds, UTC
    rating: int  # 1..4
    state_before: int  # State: LEARNING for a new card and its learning steps


@dataclass(frozen=True)
class Score:
    """How well parameters predict recall: lower is better for both."""

    log_loss: float
    rmse_bins: float


@dataclass(frozen=True)
class TrainingSet:
    """The items fsrs-rs trains and scores on, with what they came from."""

    items: tuple[Any, ...]  # fsrs_rs_python.FSRSItem
    reviews: int  # review rows read
    cards: int  # cards with a usable history


@dataclass(frozen=True)
class Fit:
    parameters: tuple[float, ...]
    before: Score  # the current parameters, on the training items
    after: Score  # the fitted ones, on the same items

    @property
    def better(self) -> bool:
        """Applied only when it predicts the same reviews better (Anki's rule, log loss)."""
        return self.after.log_loss < self.before.log_loss


def default_parameters() -> tuple[float, ...]:
    from fsrs.scheduler import DEFAULT_PARAMETERS

    return tuple(DEFAULT_PARAMETERS)


Review = tuple[int, int, int, int]  # a ReviewRecord's fields; sqlite rows pass as they are


def day_numbers(stamps_ms: Sequence[int], rollover_hour: int, tz: tzinfo) -> list[int]:
    """The study day (as a date ordinal) of each instant. When the zone keeps one offset over
    the whole span (no daylight-saving change, as in Seoul) that is one subtraction each;
    else the offset is looked up once per UTC day when it holds all day (still one
    subtraction each when that is every reviewed day), else per hour, else per instant, so a
    daylight-saving change still gets the exact answer."""
    if not stamps_ms:
        return []
    shift = rollover_hour * _HOUR_MS - _EPOCH_ORDINAL * _DAY_MS
    first, last = min(stamps_ms) // _DAY_MS, max(stamps_ms) // _DAY_MS
    offset = _offset_over_days(first, last, tz)
    if offset is not None:
        base = offset - shift
        return [(ms + base) // _DAY_MS for ms in stamps_ms]
    steady = {
        day: _steady_offset_ms(day * _DAY_MS, _DAY_MS, tz)
        for day in {ms // _DAY_MS for ms in stamps_ms}
    }
    if None not in steady.values():  # the changes fall on days without reviews
        return [(ms + steady[ms // _DAY_MS] - shift) // _DAY_MS for ms in stamps_ms]  # type: ignore[operator]
    return [_day_number(ms, steady[ms // _DAY_MS], rollover_hour, tz) for ms in stamps_ms]


def _offset_over_days(first: int, last: int, tz: tzinfo) -> int | None:
    """The zone's UTC offset if it is the same at the start of every UTC day from `first` to
    the day after `last` (so no change falls inside the span), else None."""
    offsets = {_offset_ms(day * _DAY_MS, tz) for day in range(first, last + 2)}
    return offsets.pop() if len(offsets) == 1 else None


def _offset_ms(ms: int, tz: tzinfo) -> int | None:
    offset = datetime.fromtimestamp(ms / 1000, UTC).astimezone(tz).utcoffset()
    return None if offset is None else round(offset.total_seconds() * 1000)


def _day_number(ms: int, offset: int | None, rollover_hour: int, tz: tzinfo) -> int:
    if offset is None:
        offset = _steady_offset_ms(ms - ms % _HOUR_MS, _HOUR_MS, tz)
    if offset is None:
        return study_day(datetime.fromtimestamp(ms / 1000, UTC), rollover_hour, tz).toordinal()
    return (ms + offset - rollover_hour * _HOUR_MS) // _DAY_MS + _EPOCH_ORDINAL


_HOUR_MS, _DAY_MS = 3_600_000, 86_400_000
_EPOCH_ORDINAL = datetime(1970, 1, 1).toordinal()


def _steady_offset_ms(start_ms: int, length_ms: int, tz: tzinfo) -> int | None:
    """The zone's UTC offset if it is the same from `start_ms` to the end of the span."""
    first = _offset_ms(start_ms, tz)
    return first if first == _offset_ms(start_ms + length_ms - 1, tz) else None


def card_spans(records: Sequence[Review]) -> Iterator[tuple[int, int]]:
    """(start, end) of each card's usable history in `records` (sorted by card, then time):
    from its last run of learning reviews on (Anki resets a card to new by starting such a run;
    a complete history starts with one). Cards without a learning review are skipped."""
    learning = int(State.LEARNING)
    n, begin = len(records), 0
    while begin < n:
        card, end = records[begin][0], begin + 1
        while end < n and records[end][0] == card:
            end += 1
        start = None
        for index in range(end - 1, begin - 1, -1):
            if records[index][3] == learning:
                start = index
            elif start is not None:
                break
        if start is not None:
            yield start, end
        begin = end


def training_set(records: Sequence[Review], rollover_hour: int, tz: tzinfo) -> TrainingSet:
    """One FSRSItem per review after a card's first that falls on a later study day than the
    review before it, its history being every earlier review (delta_t 0 for same-day ones).
    `records`: ReviewRecord fields, sorted by card then time. One pass (a long log is built in
    a fraction of the fit's time): a card's items are kept when its last learning run is
    known, i.e. at its last row."""
    from fsrs_rs_python import FSRSItem, FSRSReview

    days = day_numbers([r[1] for r in records], rollover_hour, tz)
    learning = int(State.LEARNING)
    items: list[Any] = []
    pending: list[Any] = []  # the current card's items, since its latest learning run began
    history: list[Any] | None = None  # None: no learning run yet for this card
    card, previous_state, last_day, cards = None, None, 0, 0
    for (card_id, _, rating, state), day in zip(records, days, strict=True):
        if card_id != card:
            items += pending
            cards += history is not None
            card, previous_state, history, pending = card_id, None, None, []
        if state == learning and previous_state != learning:  # a (new) learning run
            history, pending = [FSRSReview(rating, 0)], []
        elif history is not None:
            history.append(FSRSReview(rating, day - last_day))
            if day > last_day:
                pending.append(FSRSItem(history))  # it copies the history it is given
        previous_state, last_day = state, day
    items += pending
    cards += history is not None
    return TrainingSet(tuple(items), len(records), cards)


def require_enough(
    data: TrainingSet, minimum: int = MIN_TRAINING_ITEMS, action: str = "optimise"
) -> None:
    if len(data.items) < minimum:
        raise NotEnoughReviewsError(
            f"not enough reviews to {action}: {len(data.items)} usable of {data.reviews} "
            f"(reviews on a later day than the card's last), at least {minimum} needed"
        )


def score(items: Sequence[Any], parameters: Sequence[float]) -> Score:
    """Log loss and RMSE(bins) of `parameters` on `items`, as Anki's "Evaluate" reports them."""
    from fsrs_rs_python import FSRS

    result = FSRS(list(parameters)).evaluate(list(items))
    return Score(float(result.log_loss), float(result.rmse_bins))


def fit_parameters(items: Sequence[Any]) -> tuple[float, ...]:
    """fsrs-rs's fit (Anki's defaults: 5 epochs, short-term memory on), rounded and clipped
    into the `fsrs` package's bounds so the scheduler accepts it."""
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS
    from fsrs_rs_python import FSRS

    fitted = FSRS(list(default_parameters())).compute_parameters(list(items))
    if len(fitted) != FSRS_PARAMETER_COUNT:
        raise RuntimeError(f"fsrs-rs returned {len(fitted)} parameters, expected 21")
    bounds = zip(fitted, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)
    return tuple(min(max(round(w, _PARAM_DECIMALS), lo), hi) for w, lo, hi in bounds)


def out_of_sample(items: Sequence[Any]) -> Score:
    """fsrs-rs's time-series splits: fit on each earlier part, score on the part after it."""
    from fsrs_rs_python import evaluate_with_time_series_splits

    result = evaluate_with_time_series_splits(list(items))
    return Score(float(result.log_loss), float(result.rmse_bins))


def memory_states(
    records: Sequence[Review], parameters: Sequence[float], rollover_hour: int, tz: tzinfo
) -> dict[int, tuple[float, float]]:
    """{card id: (stability, difficulty)} after each card's whole history under `parameters`,
    same-day reviews included (Anki's "compute memory states from history")."""
    from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

    days = day_numbers([r[1] for r in records], rollover_hour, tz)
    ids, items = [], []
    for start, end in card_spans(records):
        deltas = [0, *(days[i] - days[i - 1] for i in range(start + 1, end))]
        ids.append(records[start][0])
        reviews = [FSRSReview(records[start + k][2], d) for k, d in enumerate(deltas)]
        items.append(FSRSItem(reviews))
    if not items:
        return {}
    states = FSRS(list(parameters)).memory_state_batch(items)
    return {i: (float(s.stability), float(s.difficulty)) for i, s in zip(ids, states, strict=True)}


def review_intervals(
    stabilities: Sequence[float],
    parameters: Sequence[float],
    desired_retention: float,
    maximum: int,
) -> list[int]:
    """Whole days until recall falls to `desired_retention` for each stability (at least 1, at
    most `maximum`), before fuzz."""
    from fsrs_rs_python import FSRS

    model = FSRS(list(parameters))
    return [
        int(min(max(round(model.next_interval(s, desired_retention, 3)), 1), maximum))
        for s in stabilities
    ]


def sm2_memory(
    ease: float, interval_days: float, parameters: Sequence[float]
) -> tuple[float, float]:
    """(stability, difficulty) of a card scheduled by SM-2 (Anki without FSRS), as Anki
    converts it when FSRS is switched on: its ease and interval at 90% retention."""
    from fsrs_rs_python import FSRS

    state = FSRS(list(parameters)).memory_state_from_sm2(ease, max(interval_days, 1.0), 0.9)
    return float(state.stability), float(state.difficulty)
