"""The collection schema (head revision). Migrations in `migrations/versions` must produce it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, cast

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from studyapp.db.types import UtcEpochMs
from studyapp.domain.settings import DECK as DECK_SETTINGS

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        list[Any]: JSON,
        datetime: UtcEpochMs,
    }


class Deck(Base):
    __tablename__ = "decks"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(Text, default="")
    source_path: Mapped[str | None] = mapped_column(Text)
    course_start: Mapped[date | None] = mapped_column(Date)
    weeks_planned: Mapped[int | None] = mapped_column(Integer)
    overview: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime]
    imported_at: Mapped[datetime | None]

    config: Mapped[DeckConfig] = relationship(back_populates="deck", cascade="all, delete-orphan")


def _default(key: str) -> Any:
    return DECK_SETTINGS[key].default


def _steps(key: str) -> Any:
    return lambda: list(DECK_SETTINGS[key].default)


class DeckConfig(Base):
    """Per-deck scheduling settings (revision 0002); columns are named as the registry's keys,
    and their defaults come from it."""

    __tablename__ = "deck_config"

    deck_id: Mapped[int] = mapped_column(
        ForeignKey("decks.id", ondelete="CASCADE"), primary_key=True
    )
    desired_retention: Mapped[float] = mapped_column(Float, default=_default("desired_retention"))
    learning_steps_min: Mapped[list[Any]] = mapped_column(default=_steps("learning_steps_min"))
    relearning_steps_min: Mapped[list[Any]] = mapped_column(default=_steps("relearning_steps_min"))
    new_per_day: Mapped[int] = mapped_column(Integer, default=_default("new_per_day"))
    max_reviews_per_day: Mapped[int] = mapped_column(
        Integer, default=_default("max_reviews_per_day")
    )
    max_interval_days: Mapped[int] = mapped_column(Integer, default=_default("max_interval_days"))

    deck: Mapped[Deck] = relationship(back_populates="config")


class Lecture(Base):
    __tablename__ = "lectures"
    __table_args__ = (UniqueConstraint("deck_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("decks.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(Text)
    keywords: Mapped[list[Any]] = mapped_column(default=list)


class Card(Base):
    """A flashcard with its FSRS memory state.

    `reps == 0` means new. `missing` is set by an import whose notes no longer hold the item: such
    a card is out of the queue but keeps its history, and comes back if the item returns.
    `suspended` is the learner's own choice and an import never changes it.
    """

    __tablename__ = "cards"
    __table_args__ = (
        Index("ix_cards_queue", "deck_id", "fsrs_state", "due"),
        Index("ix_cards_new_order", "deck_id", "sort_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("decks.id", ondelete="CASCADE"))
    lecture_id: Mapped[int] = mapped_column(ForeignKey("lectures.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text, default="")
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    missing: Mapped[bool] = mapped_column(Boolean, default=False)
    fsrs_state: Mapped[int] = mapped_column(Integer, default=1)
    step: Mapped[int | None] = mapped_column(Integer, default=0)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime]
    last_review: Mapped[datetime | None]
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ReviewLog(Base):
    """One answer. `before` holds the card's scheduling fields as they were, so undo is exact."""

    __tablename__ = "review_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"), index=True)
    reviewed_at: Mapped[datetime] = mapped_column(index=True)
    rating: Mapped[int] = mapped_column(Integer)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    state_before: Mapped[int] = mapped_column(Integer)
    state_after: Mapped[int] = mapped_column(Integer)
    was_new: Mapped[bool] = mapped_column(Boolean)
    due_after: Mapped[datetime]
    stability_after: Mapped[float | None] = mapped_column(Float)
    difficulty_after: Mapped[float | None] = mapped_column(Float)
    before: Mapped[dict[str, Any]] = mapped_column(JSON)


class RoadmapWeek(Base):
    __tablename__ = "roadmap_weeks"
    __table_args__ = (UniqueConstraint("deck_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("decks.id", ondelete="CASCADE"))
    number: Mapped[int]
    status: Mapped[str] = mapped_column(Text, default="")

    items: Mapped[list[RoadmapItem]] = relationship(
        cascade="all, delete-orphan", order_by="RoadmapItem.position"
    )


class RoadmapItem(Base):
    __tablename__ = "roadmap_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    week_id: Mapped[int] = mapped_column(ForeignKey("roadmap_weeks.id", ondelete="CASCADE"))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    done: Mapped[bool] = mapped_column(Boolean)


class DailyLogEntry(Base):
    __tablename__ = "daily_log_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("decks.id", ondelete="CASCADE"))
    position: Mapped[int]
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)

    items: Mapped[list[DailyLogItem]] = relationship(
        cascade="all, delete-orphan", order_by="DailyLogItem.position"
    )


class DailyLogItem(Base):
    __tablename__ = "daily_log_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("daily_log_entries.id", ondelete="CASCADE"))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    lectures: Mapped[list[Any]] = mapped_column(default=list)
    assignment: Mapped[int | None] = mapped_column(Integer)


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class Submission(Base):
    """One grading of a learner's exercise file (revision 0003): the code as graded, its hash,
    every check's result and the verdict."""

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[str] = mapped_column(String(64), index=True)
    submitted_at: Mapped[datetime] = mapped_column(index=True)
    code: Mapped[str] = mapped_column(Text)
    code_sha256: Mapped[str] = mapped_column(String(64))
    passed: Mapped[bool] = mapped_column(Boolean)
    verdict: Mapped[str] = mapped_column(String(32))
    results: Mapped[list[Any]] = mapped_column(default=list)
    duration_ms: Mapped[int] = mapped_column(Integer)


class ExerciseItem(Base):
    """A passed exercise as a scheduled item (revision 0003): FSRS memory as on a card, so it
    comes back to be re-implemented from a blank starter."""

    __tablename__ = "exercise_items"

    exercise_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    fsrs_state: Mapped[int] = mapped_column(Integer, default=1)
    step: Mapped[int | None] = mapped_column(Integer, default=0)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime]
    last_review: Mapped[datetime | None]
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)  # since its last review
    first_passed_at: Mapped[datetime | None]


class ExerciseReview(Base):
    """One scheduling event of an exercise: the rating its grading earned (revision 0003)."""

    __tablename__ = "exercise_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[str] = mapped_column(
        ForeignKey("exercise_items.exercise_id", ondelete="CASCADE"), index=True
    )
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    reviewed_at: Mapped[datetime] = mapped_column(index=True)
    rating: Mapped[int] = mapped_column(Integer)
    state_before: Mapped[int] = mapped_column(Integer)
    state_after: Mapped[int] = mapped_column(Integer)
    due_after: Mapped[datetime]


# Core handles for the hot paths (typed: mypy sees `__table__` as a generic FromClause).
cards_table = cast(Table, Card.__table__)
review_log_table = cast(Table, ReviewLog.__table__)
