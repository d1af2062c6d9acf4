"""Moving a card's scheduling fields between table rows, `Memory` records and JSON."""

from __future__ import annotations

from typing import Any

from studyapp.db.types import from_epoch_ms, to_epoch_ms
from studyapp.scheduler.fsrs_scheduler import Memory


def memory_from_row(row: Any) -> Memory:
    return Memory(
        state=row.fsrs_state,
        step=row.step,
        stability=row.stability,
        difficulty=row.difficulty,
        due=row.due,
        last_review=row.last_review,
        reps=row.reps,
        lapses=row.lapses,
    )


def memory_values(memory: Memory) -> dict[str, Any]:
    """Bind parameters for the card-update statement."""
    return {
        "state": memory.state,
        "step": memory.step,
        "stability": memory.stability,
        "difficulty": memory.difficulty,
        "due": memory.due,
        "last_review": memory.last_review,
        "reps": memory.reps,
        "lapses": memory.lapses,
    }


def memory_to_json(memory: Memory) -> dict[str, Any]:
    values = memory_values(memory)
    for key in ("due", "last_review"):
        values[key] = to_epoch_ms(values[key]) if values[key] is not None else None
    return values


def memory_from_json(data: dict[str, Any]) -> Memory:
    values = dict(data)
    for key in ("due", "last_review"):
        values[key] = from_epoch_ms(values[key]) if values[key] is not None else None
    return Memory(**values)
