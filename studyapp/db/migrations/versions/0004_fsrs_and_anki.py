"""Personal FSRS parameters and Anki interoperability.

`deck_config.fsrs_params` holds a deck's fitted FSRS-6 parameters (NULL: the defaults);
`fsrs_fits` keeps every fit with the reviews it came from and its scores, applied or not
(`deck_id` NULL: fitted on the whole collection's reviews, for every deck);
`cards.anki_guid` is the Anki note GUID a card was imported from or exported as, so that
re-importing a package updates cards instead of duplicating them.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from studyapp.db.types import UtcEpochMs

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deck_config") as batch:
        batch.add_column(sa.Column("fsrs_params", sa.JSON, nullable=True))
    with op.batch_alter_table("cards") as batch:
        batch.add_column(sa.Column("anki_guid", sa.String(64), nullable=True))
    op.create_index("ix_cards_anki_guid", "cards", ["anki_guid"])
    op.create_table(
        "fsrs_fits",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "deck_id",
            sa.Integer,
            sa.ForeignKey("decks.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("fitted_at", UtcEpochMs, nullable=False),
        sa.Column("reviews", sa.Integer, nullable=False),
        sa.Column("items", sa.Integer, nullable=False),
        sa.Column("params", sa.JSON, nullable=False),
        sa.Column("params_before", sa.JSON, nullable=False),
        sa.Column("log_loss_before", sa.Float, nullable=False),
        sa.Column("log_loss_after", sa.Float, nullable=False),
        sa.Column("rmse_before", sa.Float, nullable=False),
        sa.Column("rmse_after", sa.Float, nullable=False),
        sa.Column("oos_log_loss", sa.Float),
        sa.Column("oos_rmse", sa.Float),
        sa.Column("applied", sa.Boolean, nullable=False),
    )
    op.create_index("ix_fsrs_fits_deck_id", "fsrs_fits", ["deck_id"])


def downgrade() -> None:
    op.drop_table("fsrs_fits")
    op.drop_index("ix_cards_anki_guid", "cards")
    with op.batch_alter_table("cards") as batch:
        batch.drop_column("anki_guid")
    with op.batch_alter_table("deck_config") as batch:
        batch.drop_column("fsrs_params")
