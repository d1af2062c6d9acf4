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
    # The deck's fitted FSRS-6 parameters (revision 0004); NULL means the defaults.
    fsrs_params: Mapped[list[Any] | None] = mapped_column(JSON)

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
    # The Anki note GUID the card was imported from or exported as (revision 0004).
    anki_guid: Mapped[str | None] = mapped_column(String(64), index=True)
    # Revision 0005: flag 0 or 1-4 (red, orange, green, blue); out of the queue until
    # `buried_until`; tags such as "leech".
    flag: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    buried_until: Mapped[datetime | None]
    tags: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")


class ReviewLog(Base):
    """One answer. `before` holds the card's scheduling fields as they were, so undo is exact."""

    __tablename__ = "review_log"
    # Revision 0006: covers what the weekly and daily statistics read (studyapp.services.history)
    __table_args__ = (
        Index(
            "ix_review_log_history",
            "reviewed_at",
            "state_before",
            "rating",
            "was_new",
            "duration_ms",
            "card_id",
        ),
    )

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


class RoadmapMark(Base):
    """One change of a roadmap item's check box (revision 0006), from the notes (recorded by the
    import that brought it) or from the app. Keyed by deck, week and the item's normalised text,
    because an import replaces the roadmap rows; the newest mark of an item is its state."""

    __tablename__ = "roadmap_marks"
    __table_args__ = (Index("ix_roadmap_marks_item", "deck_id", "week", "item_key", "changed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("decks.id", ondelete="CASCADE"))
    week: Mapped[int]
    item_key: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    done: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(16))  # "notes" or "app"
    changed_at: Mapped[datetime]


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


class FsrsFit(Base):
    """One fit of FSRS parameters to a review log (revision 0004), kept whether or not it was
    applied. `deck_id` NULL: the whole collection's reviews, applied to every deck. The scores
    are on the same training items before and after; `oos_*` out of sample."""

    __tablename__ = "fsrs_fits"

    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[int | None] = mapped_column(
        ForeignKey("decks.id", ondelete="CASCADE"), index=True
    )
    fitted_at: Mapped[datetime]
    reviews: Mapped[int] = mapped_column(Integer)
    items: Mapped[int] = mapped_column(Integer)
    params: Mapped[list[Any]] = mapped_column(JSON)
    params_before: Mapped[list[Any]] = mapped_column(JSON)
    log_loss_before: Mapped[float] = mapped_column(Float)
    log_loss_after: Mapped[float] = mapped_column(Float)
    rmse_before: Mapped[float] = mapped_column(Float)
    rmse_after: Mapped[float] = mapped_column(Float)
    oos_log_loss: Mapped[float | None] = mapped_column(Float)
    oos_rmse: Mapped[float | None] = mapped_column(Float)
    applied: Mapped[bool] = mapped_column(Boolean, default=False)


class CardEdit(Base):
    """One change of a card's text (revision 0005): edited in the app, or changed by a
    re-import of the notes. Nothing a learner wrote is lost."""

    __tablename__ = "card_edits"

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"), index=True)
    edited_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(16))  # "app" or "import"
    question_before: Mapped[str] = mapped_column(Text)
    answer_before: Mapped[str] = mapped_column(Text)
    question_after: Mapped[str] = mapped_column(Text)
    answer_after: Mapped[str] = mapped_column(Text)


class Quiz(Base):
    """A multiple-choice quiz (revision 0005): its scope (lectures or a week) and its score."""

    __tablename__ = "quizzes"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(index=True)
    finished_at: Mapped[datetime | None]
    scope: Mapped[dict[str, Any]] = mapped_column(default=dict)
    questions: Mapped[int] = mapped_column(Integer)
    correct: Mapped[int] = mapped_column(Integer, default=0)


class QuizAnswer(Base):
    __tablename__ = "quiz_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"), index=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    answered_at: Mapped[datetime]
    options: Mapped[list[Any]] = mapped_column(default=list)  # card ids, in the order shown
    chosen: Mapped[int] = mapped_column(Integer)  # index into options
    correct: Mapped[bool] = mapped_column(Boolean)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    relearn: Mapped[bool] = mapped_column(Boolean, default=False)  # sent back to relearning


# Core handles for the hot paths (typed: mypy sees `__table__` as a generic FromClause).
cards_table = cast(Table, Card.__table__)
card_edits_table = cast(Table, CardEdit.__table__)
review_log_table = cast(Table, ReviewLog.__table__)
