"""The collection statistics an Anki user checks that FSRS delivers: due forecast, review
calendar, retention against the desired retention, memory-state histograms, answer buttons,
hours of the day and card states. Frozen data for the charts and `studyapp stats --json`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class DailySeries:
    """Per study day from `start`: answers, review-state answers and those not rated Again,
    first answers of new cards, time spent (ms)."""

    start: date
    reviews: tuple[int, ...]
    review_answers: tuple[int, ...]
    review_passed: tuple[int, ...]
    new_cards: tuple[int, ...]
    study_ms: tuple[int, ...]

    @property
    def days(self) -> int:
        return len(self.reviews)

    @property
    def end(self) -> date:
        """The last day of the series."""
        return self.start + timedelta(days=self.days - 1)

    def index(self, day: date) -> int:
        return (day - self.start).days

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "reviews": list(self.reviews),
            "review_answers": list(self.review_answers),
            "review_passed": list(self.review_passed),
            "new_cards": list(self.new_cards),
            "study_minutes": [round(ms / 60_000, 1) for ms in self.study_ms],
        }


@dataclass(frozen=True)
class DueForecast:
    """Cards due on each of the next days; day 0 (today) includes the overdue ones."""

    start: date
    counts: tuple[int, ...]

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "counts": list(self.counts)}


@dataclass(frozen=True)
class Histogram:
    """`counts[i]` cards fall in [edges[i], edges[i + 1]); the last bin includes its end."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]
    mean: float | None

    def to_json(self) -> dict[str, Any]:
        mean = round(self.mean, 4) if self.mean is not None else None
        return {"edges": list(self.edges), "counts": list(self.counts), "mean": mean}


@dataclass(frozen=True)
class RetentionSeries:
    """True retention per period of `days` days ending today, against the desired retention."""

    starts: tuple[date, ...]
    days: int
    review_answers: tuple[int, ...]
    review_passed: tuple[int, ...]
    desired: float

    @property
    def retention(self) -> tuple[float | None, ...]:
        return tuple(
            ratio(p, a) for p, a in zip(self.review_passed, self.review_answers, strict=True)
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "starts": [d.isoformat() for d in self.starts],
            "days": self.days,
            "review_answers": list(self.review_answers),
            "review_passed": list(self.review_passed),
            "retention": [round(r, 4) if r is not None else None for r in self.retention],
            "desired": self.desired,
        }


@dataclass(frozen=True)
class ButtonCounts:
    """Answers per button (Again, Hard, Good, Easy) by the state the card was in."""

    learning: tuple[int, int, int, int]
    review: tuple[int, int, int, int]
    relearning: tuple[int, int, int, int]

    def to_json(self) -> dict[str, Any]:
        names = ("again", "hard", "good", "easy")
        return {
            state: dict(zip(names, getattr(self, state), strict=True))
            for state in ("learning", "review", "relearning")
        }


@dataclass(frozen=True)
class HourCounts:
    """Answers per local hour of the day (0-23, the collection's time zone)."""

    reviews: tuple[int, ...]
    review_answers: tuple[int, ...]
    review_passed: tuple[int, ...]
    days: int  # the period counted, ending today

    def to_json(self) -> dict[str, Any]:
        return {
            "days": self.days,
            "reviews": list(self.reviews),
            "review_answers": list(self.review_answers),
            "review_passed": list(self.review_passed),
        }


@dataclass(frozen=True)
class CardStates:
    """Cards by state; young and mature reviews split at a 21-day interval, as in Anki."""

    new: int
    learning: int
    young: int
    mature: int
    relearning: int
    suspended: int
    buried: int

    def to_json(self) -> dict[str, int]:
        return asdict(self)


@dataclass(frozen=True)
class ReviewStats:
    today: date
    forecast: DueForecast
    calendar: DailySeries  # the last year, for the heatmap
    retention: RetentionSeries
    stability: Histogram  # days
    difficulty: Histogram  # FSRS difficulty, 1 to 10
    retrievability: Histogram  # 0 to 1, now
    buttons: ButtonCounts
    hours: HourCounts
    card_states: CardStates

    def to_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "forecast": self.forecast.to_json(),
            "calendar": self.calendar.to_json(),
            "retention": self.retention.to_json(),
            "stability": self.stability.to_json(),
            "difficulty": self.difficulty.to_json(),
            "retrievability": self.retrievability.to_json(),
            "buttons": self.buttons.to_json(),
            "hours": self.hours.to_json(),
            "card_states": self.card_states.to_json(),
        }
