"""Finding decks and their scheduling settings, on a raw connection (also usable inside an ORM
session through `raw(session)`)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from studyapp.db.sqlite import load_json
from studyapp.domain import settings as registry
from studyapp.domain.errors import DeckNotFoundError
from studyapp.domain.scheduling import DeckSettings
from studyapp.domain.settings import Kind

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_DECK_KEYS = tuple(registry.DECK)  # deck_config's columns are named as the registry's keys
_PARAMS = "fsrs_params"  # the fitted FSRS parameters (not a registry setting); NULL: defaults
_COLUMNS = (*_DECK_KEYS, _PARAMS)


def raw(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under an ORM session (inside its transaction)."""
    driver = session.connection().connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver


def deck_ids(conn: sqlite3.Connection, name: str | None = None) -> dict[int, str]:
    """{id: name} of the named deck, or of every deck when `name` is None."""
    if name is None:
        return dict(conn.execute("SELECT id, name FROM decks ORDER BY name"))
    found = dict(conn.execute("SELECT id, name FROM decks WHERE name = ?", (name,)))
    if not found:
        known = ", ".join(n for (n,) in conn.execute("SELECT name FROM decks ORDER BY name"))
        raise DeckNotFoundError(f"no deck named {name!r} (decks: {known or 'none'})")
    return found


def deck_settings(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, DeckSettings]:
    wanted = list(ids)
    marks = ", ".join("?" * len(wanted))
    rows = conn.execute(
        f"SELECT deck_id, {', '.join(_COLUMNS)} FROM deck_config WHERE deck_id IN ({marks})",
        wanted,
    )
    found = {row[0]: _settings(row[1:]) for row in rows}
    return {i: found.get(i, DeckSettings()) for i in wanted}


def _settings(values: tuple[Any, ...]) -> DeckSettings:
    kwargs: dict[str, Any] = {}
    for key, value in zip(_DECK_KEYS, values[:-1], strict=True):
        kwargs[key] = load_json(value) if registry.DECK[key].kind is Kind.STEPS else value
    params = load_json(values[-1]) if values[-1] is not None else None
    return DeckSettings(**kwargs, parameters=tuple(params) if params is not None else None)


def save_deck_settings(conn: sqlite3.Connection, deck_id: int, settings: DeckSettings) -> None:
    values = [
        json.dumps(list(v)) if registry.DECK[k].kind is Kind.STEPS else v
        for k, v in settings.values().items()
    ]
    params = json.dumps(list(settings.parameters)) if settings.parameters is not None else None
    conn.execute(
        f"INSERT INTO deck_config (deck_id, {', '.join(_COLUMNS)}) "
        f"VALUES ({', '.join('?' * (len(_COLUMNS) + 1))}) ON CONFLICT (deck_id) DO UPDATE SET "
        + ", ".join(f"{k} = excluded.{k}" for k in _COLUMNS),
        [deck_id, *values, params],
    )
