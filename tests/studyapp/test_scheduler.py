"""Pure scheduling rules: study days, FSRS answers, interval previews, settings validation."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from studyapp.domain.errors import InvalidSettingError
from studyapp.domain.scheduling import DeckSettings, Memory, Rating, State
from studyapp.domain.settings import parse_steps
from studyapp.domain.studyday import day_bounds, study_day
from studyapp.scheduler.fsrs_scheduler import format_interval, next_states, review


def preview(card_id: int, memory: Memory, now: datetime, settings: DeckSettings) -> dict:
    return {r: s.interval for r, s in next_states(card_id, memory, now, settings).items()}


SEOUL = timezone(timedelta(hours=9))
NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


def test_study_day_rolls_over_at_the_local_hour() -> None:
    # 03:59 in Seoul is still the previous study day; 04:00 starts the next
    assert study_day(datetime(2026, 1, 10, 3, 59, tzinfo=SEOUL), 4, SEOUL) == date(2026, 1, 9)
    assert study_day(datetime(2026, 1, 10, 4, 0, tzinfo=SEOUL), 4, SEOUL) == date(2026, 1, 10)
    # the same instant in UTC, judged in Seoul time
    assert study_day(datetime(2026, 1, 9, 19, 0, tzinfo=UTC), 4, SEOUL) == date(2026, 1, 10)
    start, end = day_bounds(datetime(2026, 1, 10, 12, 0, tzinfo=SEOUL), 4, SEOUL)
    assert start == datetime(2026, 1, 9, 19, 0, tzinfo=UTC)
    assert end - start == timedelta(days=1)


def test_first_answers_follow_the_learning_steps() -> None:
    settings = DeckSettings(learning_steps_min=(1, 10), fuzz=False)
    again = review(1, Memory(due=NOW), Rating.AGAIN, NOW, settings)
    good = review(1, Memory(due=NOW), Rating.GOOD, NOW, settings)
    easy = review(1, Memory(due=NOW), Rating.EASY, NOW, settings)
    assert again.due - NOW == timedelta(minutes=1) and again.state == State.LEARNING
    assert good.due - NOW == timedelta(minutes=10) and good.step == 1
    assert easy.state == State.REVIEW and easy.due - NOW >= timedelta(days=1)
    assert good.reps == 1 and good.stability is not None and good.difficulty is not None


def test_lapse_counts_and_relearning() -> None:
    settings = DeckSettings(fuzz=False)
    card = review(1, Memory(due=NOW), Rating.EASY, NOW, settings)
    assert card.state == State.REVIEW
    assert card.due is not None
    lapsed = review(1, card, Rating.AGAIN, card.due, settings)
    assert lapsed.state == State.RELEARNING and lapsed.lapses == 1
    assert lapsed.stability is not None and card.stability is not None
    assert lapsed.stability < card.stability


def test_higher_retention_gives_shorter_intervals() -> None:
    card = review(1, Memory(due=NOW), Rating.EASY, NOW, DeckSettings(fuzz=False))
    assert card.due is not None
    lax = preview(1, card, card.due, DeckSettings(desired_retention=0.8))[Rating.GOOD]
    strict = preview(1, card, card.due, DeckSettings(desired_retention=0.97))[Rating.GOOD]
    assert strict < lax


def test_maximum_interval_caps_reviews() -> None:
    settings = DeckSettings(max_interval_days=3, fuzz=False)
    card = Memory(due=NOW)
    for _ in range(6):
        card = review(1, card, Rating.EASY, card.due or NOW, settings)
        assert card.due is not None and card.last_review is not None
        assert card.due - card.last_review <= timedelta(days=3)


def test_preview_matches_the_real_answer_without_fuzz() -> None:
    settings = DeckSettings(fuzz=False)
    card = review(1, Memory(due=NOW), Rating.GOOD, NOW, settings)
    assert card.due is not None
    shown = preview(1, card, card.due, settings)
    for rating in Rating:
        assert review(1, card, rating, card.due, settings).due == card.due + shown[rating]


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=20), "1m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(hours=5), "5h"),
        (timedelta(days=3), "3d"),
        (timedelta(days=75), "2.5mo"),
        (timedelta(days=730), "2.0y"),
    ],
)
def test_format_interval(delta: timedelta, text: str) -> None:
    assert format_interval(delta) == text


@pytest.mark.parametrize(
    "bad",
    [
        {"desired_retention": 0.5},
        {"desired_retention": 1.0},
        {"new_per_day": -1},
        {"max_interval_days": 0},
        {"learning_steps_min": (0.0,)},
    ],
)
def test_bad_settings_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(InvalidSettingError):
        DeckSettings(**bad)  # type: ignore[arg-type]


def test_steps_are_read_in_minutes_hours_and_days() -> None:
    assert parse_steps("1,10") == (1.0, 10.0)
    assert parse_steps("1m 1h 1d") == (1.0, 60.0, 1440.0)
    with pytest.raises(InvalidSettingError, match="cannot read step"):
        parse_steps("soon")


# -- our FSRS adapter agrees with the fsrs package itself ------------------------------------

import fsrs  # noqa: E402

from studyapp.scheduler import fsrs_scheduler  # noqa: E402
from studyapp.scheduler.fsrs_scheduler import fuzz_range, fuzzed_days  # noqa: E402

MEMORIES = {
    "new": Memory(),
    "learning step 1": Memory(State.LEARNING, 1, 2.3, 5.1, NOW, NOW - timedelta(minutes=10), 1),
    "review, 30 days late": Memory(
        State.REVIEW, None, 12.0, 6.5, NOW - timedelta(days=30), NOW - timedelta(days=42), 5, 1
    ),
    "relearning": Memory(State.RELEARNING, 0, 1.5, 8.0, NOW, NOW - timedelta(days=3), 9, 2),
}


@pytest.mark.parametrize("name", list(MEMORIES))
def test_next_states_match_the_fsrs_package(name: str) -> None:
    memory = MEMORIES[name]
    settings = DeckSettings(fuzz=False)
    reference = fsrs.Scheduler(enable_fuzzing=False)
    card = fsrs.Card(
        card_id=5,
        state=fsrs.State(int(memory.state)),
        step=memory.step,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=memory.due or NOW,
        last_review=memory.last_review,
    )
    ours = next_states(5, memory, NOW, settings)
    for rating in Rating:
        theirs, _ = reference.review_card(card, fsrs.Rating(int(rating)), NOW)
        got = ours[rating].memory
        assert (got.state, got.step) == (State(int(theirs.state)), theirs.step), rating
        assert (got.stability, got.difficulty) == (theirs.stability, theirs.difficulty), rating
        assert got.due == theirs.due and got.last_review == NOW and got.reps == memory.reps + 1
        assert ours[rating].interval == theirs.due - NOW


@pytest.mark.parametrize("draw", [0.0, 0.2, 0.5, 0.77, 0.999999])
@pytest.mark.parametrize("days", [2, 3, 5, 8, 21, 50, 400, 36000])
def test_fuzz_draws_as_the_fsrs_package_does(
    monkeypatch: pytest.MonkeyPatch, draw: float, days: int
) -> None:
    import fsrs.scheduler as theirs

    class Fixed:
        def __init__(self, seed: int) -> None:
            pass

        def random(self) -> float:
            return draw

    monkeypatch.setattr(theirs, "random", lambda: draw)
    monkeypatch.setattr(fsrs_scheduler.random, "Random", Fixed)
    maximum = 36500
    reference = theirs.Scheduler(maximum_interval=maximum)
    expected = reference._get_fuzzed_interval(interval=timedelta(days=days)).days
    assert fuzzed_days(days, maximum, seed=1) == expected
    if days >= 3:
        low, high = fuzz_range(days, maximum)
        assert low <= days <= high and low >= 2


def test_fuzz_range_respects_the_maximum_interval() -> None:
    assert fuzz_range(100, 90) == (90, 90)
    assert fuzz_range(3, 36500) == (2, 4)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (-5, "1m"),
        (0, "1m"),
        (90, "2m"),
        (3599, "60m"),
        (3600, "1h"),
        (5400, "2h"),
        (86399, "24h"),
        (86400, "1d"),
        (30 * 86400 - 1, "30d"),
        (30 * 86400, "1.0mo"),
        (364 * 86400, "12.1mo"),
        (365 * 86400, "1.0y"),
        (384 * 86400, "1.1y"),
        (548 * 86400, "1.5y"),
    ],
)
def test_format_interval_boundaries(seconds: int, text: str) -> None:
    assert format_interval(timedelta(seconds=seconds)) == text
