"""Progress against the roadmap: what each course week planned, what is done and how the week's
study went, and where the learner stands today. Frozen data: the progress service builds it,
the charts draw it, the command line prints it as JSON.

Week k covers the study days course start + 7(k-1) to course start + 7k - 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from studyapp.domain.errors import WeekNotFoundError
from studyapp.domain.reviewstats import DailySeries, DueForecast, ReviewStats, ratio


class ItemSource(StrEnum):
    """Where a roadmap item's state comes from."""

    NOTES = "notes"  # the check box in the notes, as last imported
    APP = "app"  # checked or unchecked in the app
    LOG = "log"  # not checked, but the daily log shows it done


@dataclass(frozen=True)
class RoadmapItemState:
    week: int
    position: int  # 1-based, as `studyapp roadmap check WEEK ITEM` takes it
    text: str
    done: bool
    source: ItemSource
    changed_at: datetime | None = None  # when that source last changed it; None: never recorded
    evidence: str = ""  # for the log: the day and the log item that shows it done

    def to_json(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "text": self.text,
            "done": self.done,
            "source": self.source.value,
            "changed_at": self.changed_at.isoformat() if self.changed_at else None,
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class WeekActivity:
    """What was studied in one week; quizzes and exercises belong to the whole collection."""

    reviews: int = 0
    new_cards: int = 0  # first answers of new cards
    review_answers: int = 0  # answers given to cards in the review state
    review_passed: int = 0  # of those, not rated Again
    study_ms: int = 0  # time spent answering (each answer capped at 60 s)
    exercises_passed: int = 0  # distinct exercises with a passing grading in the week
    exercises_due: int = 0  # passed exercises that came (or come) due again in the week
    quizzes: int = 0  # finished quizzes started in the week
    quiz_questions: int = 0
    quiz_correct: int = 0

    @property
    def true_retention(self) -> float | None:
        """Anki's true retention: the share of review-state answers not rated Again."""
        return ratio(self.review_passed, self.review_answers)

    @property
    def study_minutes(self) -> float:
        return round(self.study_ms / 60_000, 1)

    @property
    def quiz_score(self) -> float | None:
        return ratio(self.quiz_correct, self.quiz_questions)


@dataclass(frozen=True)
class WeekProgress:
    week: int
    start: date
    end: date  # the week's last study day
    status: str  # the roadmap heading's status as written ("완료", "진행중"), "" if none
    items: tuple[RoadmapItemState, ...]
    activity: WeekActivity

    @property
    def planned(self) -> int:
        return len(self.items)

    @property
    def done(self) -> int:
        return sum(item.done for item in self.items)

    def to_json(self) -> dict[str, Any]:
        a = self.activity
        retention = a.true_retention
        score = a.quiz_score
        return {
            "week": self.week,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "status": self.status,
            "planned": self.planned,
            "done": self.done,
            "items": [item.to_json() for item in self.items],
            "reviews": a.reviews,
            "new_cards": a.new_cards,
            "review_answers": a.review_answers,
            "true_retention": round(retention, 4) if retention is not None else None,
            "study_minutes": a.study_minutes,
            "exercises_passed": a.exercises_passed,
            "exercises_due": a.exercises_due,
            "quizzes": a.quizzes,
            "quiz_score": round(score, 4) if score is not None else None,
        }


@dataclass(frozen=True)
class Pace:
    """Today against the plan. `expected_items` counts each week's items pro rata of the days
    of it that have begun; the projection keeps the pace since the course started."""

    day: date
    week: int  # 0 before the course starts; past the plan it keeps counting
    planned_items: int
    done_items: int
    expected_items: float
    ahead_by_items: float  # negative: behind
    items_per_week: float
    projected_finish: date | None  # None until an item is done
    planned_finish: date | None

    def to_json(self) -> dict[str, Any]:
        def day(value: date | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "day": self.day.isoformat(),
            "week": self.week,
            "planned_items": self.planned_items,
            "done_items": self.done_items,
            "expected_items": round(self.expected_items, 2),
            "ahead_by_items": round(self.ahead_by_items, 2),
            "items_per_week": round(self.items_per_week, 2),
            "projected_finish": day(self.projected_finish),
            "planned_finish": day(self.planned_finish),
        }


@dataclass(frozen=True)
class TimelineEntry:
    """One daily-log item: on which day(s), which lectures and assignments."""

    start: date
    end: date
    text: str
    lectures: tuple[int, ...]
    assignments: tuple[int, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "text": self.text,
            "lectures": list(self.lectures),
            "assignments": list(self.assignments),
        }


@dataclass(frozen=True)
class CourseProgress:
    deck: str
    course_start: date
    weeks_planned: int | None
    desired_retention: float
    weeks: tuple[WeekProgress, ...]
    today: Pace
    timeline: tuple[TimelineEntry, ...]
    daily: DailySeries  # every study day from the course start to today

    def week(self, number: int) -> WeekProgress:
        for week in self.weeks:
            if week.week == number:
                return week
        if not self.weeks:
            raise WeekNotFoundError(
                f"deck {self.deck!r} has no weeks yet: the course starts on {self.course_start}"
            )
        raise WeekNotFoundError(
            f"week {number} is not a week of deck {self.deck!r}: weeks are 1 to {len(self.weeks)}"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "deck": self.deck,
            "course_start": self.course_start.isoformat(),
            "weeks_planned": self.weeks_planned,
            "desired_retention": self.desired_retention,
            "weeks": [week.to_json() for week in self.weeks],
            "today": self.today.to_json(),
            "timeline": [entry.to_json() for entry in self.timeline],
        }


def week_start(course_start: date, week: int) -> date:
    return course_start + timedelta(days=7 * (week - 1))


@dataclass(frozen=True)
class ProgressTabData:
    """Everything the progress tab draws, computed once: switching weeks redraws from it."""

    progress: CourseProgress
    forecast: DueForecast


@dataclass(frozen=True)
class LapseCard:
    id: int
    lecture: int
    question: str
    lapses: int
    reps: int


@dataclass(frozen=True)
class ExerciseLine:
    id: str
    title: str
    status: str
    attempts: int
    due: datetime | None


@dataclass(frozen=True)
class WeekReport:
    """What `studyapp report` writes for one week."""

    data: ProgressTabData
    stats: ReviewStats
    week: int
    lapses: tuple[LapseCard, ...]  # the collection's cards with the most lapses
    exercises: tuple[ExerciseLine, ...]
    generated_at: datetime
