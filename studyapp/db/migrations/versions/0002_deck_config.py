"""Per-deck scheduling settings; existing decks get the defaults.

Before this revision every deck shared the collection-wide defaults.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deck_config",
        sa.Column(
            "deck_id",
            sa.Integer,
            sa.ForeignKey("decks.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("desired_retention", sa.Float, nullable=False),
        sa.Column("learning_steps_min", sa.JSON, nullable=False),
        sa.Column("relearning_steps_min", sa.JSON, nullable=False),
        sa.Column("new_per_day", sa.Integer, nullable=False),
        sa.Column("max_reviews_per_day", sa.Integer, nullable=False),
        sa.Column("max_interval_days", sa.Integer, nullable=False),
    )
    op.execute(
        "INSERT INTO deck_config (deck_id, desired_retention, learning_steps_min,"
        " relearning_steps_min, new_per_day, max_reviews_per_day, max_interval_days)"
        " SELECT id, 0.9, '[1, 10]', '[10]', 20, 200, 36500 FROM decks"
    )


def downgrade() -> None:
    op.drop_table("deck_config")
