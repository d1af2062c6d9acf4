"""Graded exercises: submissions, and passed exercises as scheduled items with their reviews.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from studyapp.db.types import UtcEpochMs

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("exercise_id", sa.String(64), nullable=False),
        sa.Column("submitted_at", UtcEpochMs, nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("code_sha256", sa.String(64), nullable=False),
        sa.Column("passed", sa.Boolean, nullable=False),
        sa.Column("verdict", sa.String(32), nullable=False),
        sa.Column("results", sa.JSON, nullable=False),
        sa.Column("duration_ms", sa.Integer, nullable=False),
    )
    op.create_index("ix_submissions_exercise_id", "submissions", ["exercise_id"])
    op.create_index("ix_submissions_submitted_at", "submissions", ["submitted_at"])
    op.create_table(
        "exercise_items",
        sa.Column("exercise_id", sa.String(64), primary_key=True),
        sa.Column("fsrs_state", sa.Integer, nullable=False),
        sa.Column("step", sa.Integer),
        sa.Column("stability", sa.Float),
        sa.Column("difficulty", sa.Float),
        sa.Column("due", UtcEpochMs, nullable=False),
        sa.Column("last_review", UtcEpochMs),
        sa.Column("reps", sa.Integer, nullable=False),
        sa.Column("lapses", sa.Integer, nullable=False),
        sa.Column("failed_attempts", sa.Integer, nullable=False),
        sa.Column("first_passed_at", UtcEpochMs),
    )
    op.create_table(
        "exercise_reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "exercise_id",
            sa.String(64),
            sa.ForeignKey("exercise_items.exercise_id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "submission_id",
            sa.Integer,
            sa.ForeignKey("submissions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("reviewed_at", UtcEpochMs, nullable=False),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("state_before", sa.Integer, nullable=False),
        sa.Column("state_after", sa.Integer, nullable=False),
        sa.Column("due_after", UtcEpochMs, nullable=False),
    )
    op.create_index("ix_exercise_reviews_exercise_id", "exercise_reviews", ["exercise_id"])
    op.create_index("ix_exercise_reviews_reviewed_at", "exercise_reviews", ["reviewed_at"])


def downgrade() -> None:
    for table in ("exercise_reviews", "exercise_items", "submissions"):
        op.drop_table(table)
