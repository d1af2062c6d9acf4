"""Reading and changing scheduling and collection settings, through the settings registry.

Every value is validated before anything is written, and all changes go in one transaction:
one bad value changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from studyapp.db.collection import Collection
from studyapp.db.decks import deck_ids, deck_settings, save_deck_settings
from studyapp.domain import settings as registry
from studyapp.domain.changes import Changes
from studyapp.domain.errors import InvalidSettingError


@dataclass(frozen=True)
class SettingsView:
    collection: dict[str, Any]  # registry key -> value
    decks: dict[str, dict[str, Any]]  # deck name -> registry key -> value

    def to_json(self) -> dict[str, Any]:
        def plain(values: dict[str, Any]) -> dict[str, Any]:
            return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}

        return {
            "collection": plain(self.collection),
            "decks": {name: plain(values) for name, values in self.decks.items()},
        }


@dataclass(frozen=True)
class SettingChange:
    scope: str  # "collection" or the deck's name
    key: str
    old: Any
    new: Any


@dataclass(frozen=True)
class SettingsReport:
    changed: tuple[SettingChange, ...]
    changes: Changes


def show_settings(col: Collection, deck: str | None = None) -> SettingsView:
    with col.connection() as conn:
        names = deck_ids(conn, deck)
        per_deck = deck_settings(conn, names)
    decks = {name: per_deck[deck_id].values() for deck_id, name in names.items()}
    return SettingsView({k: col.setting(k) for k in registry.COLLECTION}, decks)


def _validated(values: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in values.items():
        spec = registry.ALL.get(key)
        if spec is None:
            raise InvalidSettingError(f"unknown setting {key!r}")
        out[key] = spec.parse(value) if isinstance(value, str) else spec.validate(value)
    return out


def change_settings(col: Collection, deck: str | None, values: Mapping[str, Any]) -> SettingsReport:
    """Set registry keys (deck keys apply to `deck`, or every deck when None). Text values are
    parsed as typed by a learner; all are validated first."""
    wanted = _validated(values)
    deck_values = {k: v for k, v in wanted.items() if k in registry.DECK}
    changed: list[SettingChange] = []
    with col.connection() as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            names = deck_ids(conn, deck)
            for deck_id, current in deck_settings(conn, names).items():
                new = replace(current, **deck_values)
                changed += _diff(names[deck_id], current.values(), new.values())
                save_deck_settings(conn, deck_id, new)
            for key in wanted.keys() - deck_values.keys():
                old = col.setting(key)
                changed += _diff("collection", {key: old}, {key: wanted[key]})
                conn.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, json.dumps(wanted[key])),
                )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return SettingsReport(
        tuple(changed),
        Changes(
            deck_config=bool(deck_values),
            settings=len(wanted) > len(deck_values),
            study_queues=bool(changed),
        ),
    )


def _diff(scope: str, old: dict[str, Any], new: dict[str, Any]) -> list[SettingChange]:
    return [SettingChange(scope, k, old[k], new[k]) for k in new if old.get(k) != new[k]]
