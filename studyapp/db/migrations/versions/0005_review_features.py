"""Reviewing as in Anki: flags, burying, tags (leeches), the history of card edits, quizzes.

`cards.flag` 0 (none) or 1-4 (red, orange, green, blue); `cards.buried_until` keeps a card out
of the queue until that moment (the next study day); `cards.tags` a JSON list ("leech");
`card_edits` every change of a card's text, from the app or from a re-import, so nothing a
learner wrote is lost; `quizzes` and `quiz_answers` the multiple-choice quizzes.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from studyapp.db.types import UtcEpochMs

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _fk(column: str, target: str) -> sa.Column[int]:
    return sa.Column(column, sa.Integer, sa.ForeignKey(target, ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    with op.batch_alter_table("cards") as batch:
        batch.add_column(sa.Column("flag", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("buried_until", UtcEpochMs, nullable=True))
        batch.add_column(sa.Column("tags", sa.JSON, nullable=False, server_default="[]"))
    op.create_table(
        "card_edits",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("card_id", "cards.id"),
        sa.Column("edited_at", UtcEpochMs, nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("question_before", sa.Text, nullable=False),
        sa.Column("answer_before", sa.Text, nullable=False),
        sa.Column("question_after", sa.Text, nullable=False),
        sa.Column("answer_after", sa.Text, nullable=False),
    )
    op.create_index("ix_card_edits_card_id", "card_edits", ["card_id"])
    op.create_table(
        "quizzes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started_at", UtcEpochMs, nullable=False),
        sa.Column("finished_at", UtcEpochMs),
        sa.Column("scope", sa.JSON, nullable=False),
        sa.Column("questions", sa.Integer, nullable=False),
        sa.Column("correct", sa.Integer, nullable=False),
    )
    op.create_index("ix_quizzes_started_at", "quizzes", ["started_at"])
    op.create_table(
        "quiz_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("quiz_id", "quizzes.id"),
        _fk("card_id", "cards.id"),
        sa.Column("answered_at", UtcEpochMs, nullable=False),
        sa.Column("options", sa.JSON, nullable=False),
        sa.Column("chosen", sa.Integer, nullable=False),
        sa.Column("correct", sa.Boolean, nullable=False),
        sa.Column("duration_ms", sa.Integer),
        sa.Column("relearn", sa.Boolean, nullable=False),
    )
    op.create_index("ix_quiz_answers_quiz_id", "quiz_answers", ["quiz_id"])


def downgrade() -> None:
    op.drop_table("quiz_answers")
    op.drop_table("quizzes")
    op.drop_table("card_edits")
    with op.batch_alter_table("cards") as batch:
        for column in ("tags", "buried_until", "flag"):
            batch.drop_column(column)
