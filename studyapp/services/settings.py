"""Reading and changing scheduling and collection settings."""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from studyapp.db.collection import Collection
from studyapp.scheduler.fsrs_scheduler import DeckSettings, InvalidSettingError
from studyapp.services.decks import deck_ids, deck_settings, update_deck_settings

COLLECTION_KEYS = {"rollover_hour": (0, 23), "backups_keep": (1, 10_000)}


def show_settings(col: Collection, deck: str | None = None) -> dict[str, Any]:
    """{"collection": {...}, "decks": {name: {...}}} for one deck or all."""
    with col.session() as s:
        names = deck_ids(s, deck)
        per_deck = deck_settings(s, names)
    decks = {}
    for deck_id, name in names.items():
        values = asdict(per_deck[deck_id])
        values.pop("fuzz")
        decks[name] = values
    return {"collection": {k: col.setting(k) for k in COLLECTION_KEYS}, "decks": decks}


def change_settings(
    col: Collection,
    deck: str | None,
    deck_changes: dict[str, Any],
    collection_changes: dict[str, int],
) -> None:
    """Apply changes; DeckSettings validates them, so a bad value changes nothing."""
    for key, value in collection_changes.items():
        low, high = COLLECTION_KEYS[key]
        if not low <= value <= high:
            raise InvalidSettingError(f"{key} must be between {low} and {high}")
    with col.session() as s, s.begin():
        names = deck_ids(s, deck)
        current = deck_settings(s, names)
        for deck_id in names:
            update_deck_settings(s, deck_id, replace(current[deck_id], **deck_changes))
    for key, value in collection_changes.items():
        col.set_setting(key, value)


def parse_steps(text: str) -> tuple[float, ...]:
    """ "1,10" or "1m 10m" -> (1.0, 10.0) minutes; "1h" and "1d" are understood too."""
    units = {"m": 1.0, "h": 60.0, "d": 1440.0}
    steps = []
    for part in text.replace(",", " ").split():
        unit = units.get(part[-1].lower())
        number = part[:-1] if unit is not None else part
        try:
            steps.append(float(number) * (unit or 1.0))
        except ValueError:
            raise InvalidSettingError(
                f"cannot read step {part!r}; use minutes like 1,10 or 1m 10m 1h"
            ) from None
    return tuple(steps)


__all__ = ["DeckSettings", "change_settings", "parse_steps", "show_settings"]
