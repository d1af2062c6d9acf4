"""Finding decks and their scheduling settings."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from studyapp.db.models import Deck, DeckConfig
from studyapp.scheduler.fsrs_scheduler import DeckSettings


class DeckNotFoundError(LookupError):
    pass


def deck_ids(session: Session, name: str | None) -> dict[int, str]:
    """{id: name} of the named deck, or of every deck when `name` is None."""
    stmt = select(Deck.id, Deck.name).order_by(Deck.name)
    if name is not None:
        stmt = stmt.where(Deck.name == name)
    found = {row.id: row.name for row in session.execute(stmt)}
    if name is not None and not found:
        known = ", ".join(session.scalars(select(Deck.name).order_by(Deck.name))) or "none"
        raise DeckNotFoundError(f"no deck named {name!r} (decks: {known})")
    return found


def deck_settings(session: Session, ids: list[int] | dict[int, str]) -> dict[int, DeckSettings]:
    rows = session.scalars(select(DeckConfig).where(DeckConfig.deck_id.in_(list(ids))))
    settings = {row.deck_id: settings_from_row(row) for row in rows}
    return {i: settings.get(i, DeckSettings()) for i in ids}


def settings_from_row(row: DeckConfig) -> DeckSettings:
    return DeckSettings(
        desired_retention=row.desired_retention,
        learning_steps_min=tuple(float(m) for m in row.learning_steps_min),
        relearning_steps_min=tuple(float(m) for m in row.relearning_steps_min),
        new_per_day=row.new_per_day,
        max_reviews_per_day=row.max_reviews_per_day,
        max_interval_days=row.max_interval_days,
    )


def update_deck_settings(session: Session, deck_id: int, settings: DeckSettings) -> None:
    row = session.get(DeckConfig, deck_id) or DeckConfig(deck_id=deck_id)
    row.desired_retention = settings.desired_retention
    row.learning_steps_min = list(settings.learning_steps_min)
    row.relearning_steps_min = list(settings.relearning_steps_min)
    row.new_per_day = settings.new_per_day
    row.max_reviews_per_day = settings.max_reviews_per_day
    row.max_interval_days = settings.max_interval_days
    session.add(row)
