"""Roadmap checks that survive a re-import, and an index for the progress statistics.

`roadmap_marks` records every change of a roadmap item's check box, from the notes (at the
import that brought it) or from the app, keyed by deck, week number and the item's normalised
text: an import replaces the `roadmap_items` rows, so their ids cannot hold a check. The
newest mark of an item is its state. `ix_review_log_history` covers the columns the weekly and
daily statistics read, so they scan the index in time order and never the wide rows.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

from studyapp.db.types import UtcEpochMs

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

HISTORY_COLUMNS = ["reviewed_at", "state_before", "rating", "was_new", "duration_ms", "card_id"]


def upgrade() -> None:
    op.create_table(
        "roadmap_marks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "deck_id",
            sa.Integer,
            sa.ForeignKey("decks.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("week", sa.Integer, nullable=False),
        sa.Column("item_key", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("done", sa.Boolean, nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("changed_at", UtcEpochMs, nullable=False),
    )
    op.create_index(
        "ix_roadmap_marks_item", "roadmap_marks", ["deck_id", "week", "item_key", "changed_at"]
    )
    op.create_index("ix_review_log_history", "review_log", HISTORY_COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_review_log_history", "review_log")
    op.drop_table("roadmap_marks")
