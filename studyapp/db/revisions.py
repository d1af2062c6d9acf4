"""Schema revisions without alembic: read from the migration scripts' file names, so opening a
collection at head (the everyday case) never imports alembic (~0.15 s)."""

from __future__ import annotations

import re
import sqlite3
from functools import cache
from pathlib import Path

VERSIONS = Path(__file__).resolve().parent / "migrations" / "versions"
_SCRIPT = re.compile(r"^(\d{4})_\w+\.py$")

# The tables of the head revision. The models are the source of truth; a test checks this
# mirror against them (importing the models here would cost SQLAlchemy's import at start-up).
HEAD_TABLES = frozenset(
    {
        "alembic_version",
        "card_edits",
        "cards",
        "daily_log_entries",
        "daily_log_items",
        "deck_config",
        "decks",
        "exercise_items",
        "exercise_reviews",
        "fsrs_fits",
        "lectures",
        "quiz_answers",
        "quizzes",
        "review_log",
        "roadmap_items",
        "roadmap_marks",
        "roadmap_weeks",
        "settings",
        "submissions",
    }
)


@cache
def known_revisions() -> tuple[str, ...]:
    """Every revision this app knows, oldest first (the history is linear)."""
    found = sorted(m.group(1) for p in VERSIONS.iterdir() if (m := _SCRIPT.match(p.name)))
    if not found:
        raise RuntimeError(f"no migration scripts in {VERSIONS}: the installation is broken")
    return tuple(found)


def head_revision() -> str:
    return known_revisions()[-1]


def current_revision(conn: sqlite3.Connection) -> str | None:
    """The file's revision, or None when it has no alembic_version table or row."""
    if "alembic_version" not in table_names(conn):
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return str(row[0]) if row else None


def table_names(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return {r[0] for r in rows}


def columns(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """{table: column names} of every table of the file."""
    return {
        table: {r[1] for r in conn.execute(f"PRAGMA table_info('{table}')")}
        for table in table_names(conn)
    }
