"""Roadmap items checked in the notes, in the app, or shown done by the daily log.

An import replaces the roadmap rows, so a check made in the app is kept in `roadmap_marks`,
keyed by deck, week and the item's normalised text, with its source and time. Each import
records a notes mark for every item whose check box differs from the last one the notes had,
at the time of that import; the app records its own. An item's newest mark is its state:
re-importing notes that did not change that box keeps the app's check, editing the box in the
notes and importing again overrides it, and both changes stay recorded.

Not checked, an item can still be done by the daily log's word: "강의 18강 수강" is done once
the log has a day on which lecture 18 was watched (not just started). An item unchecked in the
app stays unchecked: the learner's word beats the inference.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime

from studyapp.db.collection import Collection
from studyapp.db.decks import deck_ids, deck_settings
from studyapp.db.epoch import from_epoch_ms, to_epoch_ms
from studyapp.domain.changes import NOTHING, Changes
from studyapp.domain.errors import RoadmapError, RoadmapItemNotFoundError, WeekNotFoundError
from studyapp.domain.notes import Roadmap
from studyapp.domain.progress import ItemSource, RoadmapItemState
from studyapp.services.evidence import LogLine, evidence, log_lines

MARK_CHANGES = Changes(notes=True)

_INSERT = (
    "INSERT INTO roadmap_marks (deck_id, week, item_key, text, done, source, changed_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_LATEST = """
SELECT week, item_key, done, source, changed_at FROM (
    SELECT *, row_number() OVER (
        PARTITION BY week, item_key ORDER BY changed_at DESC, id DESC) AS newest
    FROM roadmap_marks WHERE deck_id = ? {source}
) WHERE newest = 1
"""


def item_key(text: str) -> str:
    """The item's text as it is matched across imports: NFC, case and spacing ignored."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _keys(texts: list[str]) -> list[str]:
    # The same text twice in one week: the second is "text #2", so each keeps its own marks.
    seen: dict[str, int] = {}
    keys = []
    for text in texts:
        key = item_key(text)
        seen[key] = seen.get(key, 0) + 1
        keys.append(key if seen[key] == 1 else f"{key} #{seen[key]}")
    return keys


@dataclass(frozen=True)
class _Mark:
    done: bool
    source: ItemSource
    at: datetime | None  # None: the notes' box, never recorded


def _latest(conn: sqlite3.Connection, deck_id: int, notes_only: bool = False) -> dict[
    tuple[int, str], _Mark
]:  # fmt: skip
    source = "AND source = 'notes'" if notes_only else ""
    rows = conn.execute(_LATEST.format(source=source), (deck_id,))
    return {(w, k): _Mark(bool(d), ItemSource(s), from_epoch_ms(t)) for w, k, d, s, t in rows}


def record_notes_marks(
    conn: sqlite3.Connection, deck_id: int, roadmap: Roadmap, now: datetime
) -> int:
    """Record the notes' check boxes that changed since the notes were last imported (the
    import calls this inside its transaction). Returns how many were recorded."""
    last = _latest(conn, deck_id, notes_only=True)
    rows = []
    for week in roadmap.weeks:
        for item, key in zip(week.items, _keys([i.text for i in week.items]), strict=True):
            previous = last.get((week.number, key))
            if previous is None or previous.done != item.done:
                rows.append((deck_id, week.number, key, item.text, item.done, "notes", now))
    conn.executemany(_INSERT, [(*r[:6], to_epoch_ms(r[6])) for r in rows])
    return len(rows)


@dataclass(frozen=True)
class RoadmapWeekRow:
    number: int
    status: str
    items: tuple[tuple[str, bool], ...]  # (text, checked in the notes), in note order


def roadmap_rows(conn: sqlite3.Connection, deck_id: int) -> dict[int, RoadmapWeekRow]:
    weeks = dict(
        conn.execute(
            "SELECT number, status FROM roadmap_weeks WHERE deck_id = ? ORDER BY number",
            (deck_id,),
        ).fetchall()
    )
    items: dict[int, list[tuple[str, bool]]] = {number: [] for number in weeks}
    for number, text, done in conn.execute(
        "SELECT w.number, i.text, i.done FROM roadmap_items i "
        "JOIN roadmap_weeks w ON w.id = i.week_id WHERE w.deck_id = ? "
        "ORDER BY w.number, i.position",
        (deck_id,),
    ):
        items[number].append((text, bool(done)))
    return {n: RoadmapWeekRow(n, weeks[n] or "", tuple(items[n])) for n in weeks}


def item_states(
    conn: sqlite3.Connection, deck_id: int, today: date
) -> dict[int, tuple[RoadmapItemState, ...]]:
    """Every roadmap item's state by week: the newest mark, else the notes' box; an item not
    done by either is done when the daily log (up to today) shows it."""
    marks = _latest(conn, deck_id)
    log = [line for line in log_lines(conn, deck_id) if line.end <= today]
    out: dict[int, tuple[RoadmapItemState, ...]] = {}
    for number, week in roadmap_rows(conn, deck_id).items():
        keys = _keys([text for text, _ in week.items])
        out[number] = tuple(
            _state(number, position, text, checked, marks.get((number, key)), log)
            for position, ((text, checked), key) in enumerate(zip(week.items, keys, strict=True), 1)
        )
    return out


def _state(week: int, position: int, text: str, checked: bool, mark: _Mark | None,
           log: list[LogLine]) -> RoadmapItemState:  # fmt: skip
    if mark is None:
        mark = _Mark(checked, ItemSource.NOTES, None)
    state = RoadmapItemState(week, position, text, mark.done, mark.source, mark.at)
    if mark.done or mark.source is ItemSource.APP:
        return state
    shown = evidence(text, log)
    if shown is None:
        return state
    return replace(state, done=True, source=ItemSource.LOG, changed_at=None, evidence=shown)


def roadmap_deck(conn: sqlite3.Connection, name: str | None) -> tuple[int, str]:
    """The deck whose roadmap is meant: the named one, else the only deck that has one."""
    if name is not None:
        return next(iter(deck_ids(conn, name).items()))
    found = conn.execute(
        "SELECT d.id, d.name FROM decks d WHERE d.course_start IS NOT NULL OR EXISTS "
        "(SELECT 1 FROM roadmap_weeks w WHERE w.deck_id = d.id) ORDER BY d.name"
    ).fetchall()
    if not found:
        raise RoadmapError("no deck has a roadmap yet: import notes with a '## Roadmap' section")
    if len(found) > 1:
        names = ", ".join(repr(n) for _, n in found)
        raise RoadmapError(f"decks {names} have a roadmap; choose one with --deck")
    return int(found[0][0]), str(found[0][1])


@dataclass(frozen=True)
class MarkResult:
    """What checking or unchecking an item did; `changed` is False when it already was so."""

    deck: str
    item: RoadmapItemState  # the item's state afterwards
    changed: bool
    changes: Changes


def set_item_done(
    col: Collection, week: int, item: str | int, done: bool, deck: str | None = None
) -> MarkResult:
    """Check (`done=True`) or uncheck a roadmap item in the app. `item` is its 1-based
    position in the week or a unique part of its text."""
    now = col.clock()
    with col.connection() as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            deck_id, name = roadmap_deck(conn, deck)
            rows = roadmap_rows(conn, deck_id)
            position = find_item(rows, week, item, name)
            text, checked = rows[week].items[position - 1]
            key = _keys([t for t, _ in rows[week].items])[position - 1]
            before = item_states(conn, deck_id, col.study_day(now))[week][position - 1]
            # A state the log inferred is made explicit either way.
            changed = before.done != done or before.source is ItemSource.LOG
            if changed and (week, key) not in _latest(conn, deck_id):
                # the notes' own state first, so the next import compares against it
                at = _imported_at(conn, deck_id, now)
                conn.execute(_INSERT, (deck_id, week, key, text, checked, "notes", at))
            if changed:
                conn.execute(_INSERT, (deck_id, week, key, text, done, "app", to_epoch_ms(now)))
            state = item_states(conn, deck_id, col.study_day(now))[week][position - 1]
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return MarkResult(name, state, changed, MARK_CHANGES if changed else NOTHING)


def _imported_at(conn: sqlite3.Connection, deck_id: int, now: datetime) -> int:
    row = conn.execute("SELECT imported_at FROM decks WHERE id = ?", (deck_id,)).fetchone()
    now_ms = to_epoch_ms(now)
    return min(int(row[0]), now_ms) if row and row[0] is not None else now_ms


def find_item(rows: dict[int, RoadmapWeekRow], week: int, item: str | int, deck: str) -> int:
    """The 1-based position of `item` (a position, or a unique part of its text) in `week`."""
    if week not in rows:
        listed = ", ".join(str(n) for n in rows) or "none"
        raise WeekNotFoundError(f"deck {deck!r} has no roadmap week {week} (weeks: {listed})")
    texts = [text for text, _ in rows[week].items]
    listing = "; ".join(f"{i}. {' '.join(t.split())}" for i, t in enumerate(texts, 1))
    wanted = str(item).strip()
    if wanted.isdigit():
        if 1 <= int(wanted) <= len(texts):
            return int(wanted)
        raise RoadmapItemNotFoundError(
            f"week {week} has {len(texts)} items, not {wanted}: {listing or 'none'}"
        )
    needle = item_key(wanted)
    hits = [i for i, text in enumerate(texts, 1) if needle and needle in item_key(text)]
    exact = [i for i in hits if item_key(texts[i - 1]) == needle]
    if len(hits) == 1 or len(exact) == 1:
        return (exact or hits)[0]
    if not hits:
        raise RoadmapItemNotFoundError(f"no item of week {week} contains {wanted!r}: {listing}")
    raise RoadmapItemNotFoundError(
        f"{wanted!r} matches {len(hits)} items of week {week}; give its number: {listing}"
    )


@dataclass(frozen=True)
class Course:
    deck_id: int
    name: str
    start: date
    weeks_planned: int | None
    desired_retention: float


def course(conn: sqlite3.Connection, deck: str | None) -> Course:
    deck_id, name = roadmap_deck(conn, deck)
    start, planned = conn.execute(
        "SELECT course_start, weeks_planned FROM decks WHERE id = ?", (deck_id,)
    ).fetchone()
    if start is None:
        raise RoadmapError(
            f"deck {name!r} has no course start: its notes' overview needs a line such as "
            "'- **수강 기간**: 2025년 12월 24일 ~' or '- **Period**: 2025-12-24 ~'"
        )
    desired = deck_settings(conn, [deck_id])[deck_id].desired_retention
    return Course(deck_id, name, date.fromisoformat(start), planned, desired)
