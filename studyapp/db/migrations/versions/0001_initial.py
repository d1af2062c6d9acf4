"""Initial collection schema: decks, lectures, cards, review log, roadmap, daily log, settings.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from studyapp.db.types import UtcEpochMs

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _fk(column: str, target: str) -> sa.Column[int]:
    return sa.Column(column, sa.Integer, sa.ForeignKey(target, ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "decks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("source_path", sa.Text),
        sa.Column("course_start", sa.Date),
        sa.Column("weeks_planned", sa.Integer),
        sa.Column("overview", sa.JSON, nullable=False),
        sa.Column("created_at", UtcEpochMs, nullable=False),
        sa.Column("imported_at", UtcEpochMs),
    )
    op.create_table(
        "lectures",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("deck_id", "decks.id"),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("keywords", sa.JSON, nullable=False),
        sa.UniqueConstraint("deck_id", "number"),
    )
    op.create_table(
        "cards",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("deck_id", "decks.id"),
        _fk("lecture_id", "lectures.id"),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("sort_order", sa.Integer, nullable=False),
        sa.Column("suspended", sa.Boolean, nullable=False),
        sa.Column("missing", sa.Boolean, nullable=False),
        sa.Column("fsrs_state", sa.Integer, nullable=False),
        sa.Column("step", sa.Integer),
        sa.Column("stability", sa.Float),
        sa.Column("difficulty", sa.Float),
        sa.Column("due", UtcEpochMs, nullable=False),
        sa.Column("last_review", UtcEpochMs),
        sa.Column("reps", sa.Integer, nullable=False),
        sa.Column("lapses", sa.Integer, nullable=False),
        sa.Column("created_at", UtcEpochMs, nullable=False),
        sa.Column("updated_at", UtcEpochMs, nullable=False),
    )
    op.create_index("ix_cards_queue", "cards", ["deck_id", "fsrs_state", "due"])
    op.create_index("ix_cards_new_order", "cards", ["deck_id", "sort_order"])
    op.create_table(
        "review_log",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("card_id", "cards.id"),
        sa.Column("reviewed_at", UtcEpochMs, nullable=False),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("duration_ms", sa.Integer),
        sa.Column("state_before", sa.Integer, nullable=False),
        sa.Column("state_after", sa.Integer, nullable=False),
        sa.Column("was_new", sa.Boolean, nullable=False),
        sa.Column("due_after", UtcEpochMs, nullable=False),
        sa.Column("stability_after", sa.Float),
        sa.Column("difficulty_after", sa.Float),
        sa.Column("before", sa.JSON, nullable=False),
    )
    op.create_index("ix_review_log_card_id", "review_log", ["card_id"])
    op.create_index("ix_review_log_reviewed_at", "review_log", ["reviewed_at"])
    op.create_table(
        "roadmap_weeks",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("deck_id", "decks.id"),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.UniqueConstraint("deck_id", "number"),
    )
    op.create_table(
        "roadmap_items",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("week_id", "roadmap_weeks.id"),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("done", sa.Boolean, nullable=False),
    )
    op.create_table(
        "daily_log_entries",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("deck_id", "decks.id"),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date, nullable=False),
    )
    op.create_table(
        "daily_log_items",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("entry_id", "daily_log_entries.id"),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("lectures", sa.JSON, nullable=False),
        sa.Column("assignment", sa.Integer),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "settings",
        "daily_log_items",
        "daily_log_entries",
        "roadmap_items",
        "roadmap_weeks",
        "review_log",
        "cards",
        "lectures",
        "decks",
    ):
        op.drop_table(table)
