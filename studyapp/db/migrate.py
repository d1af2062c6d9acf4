"""Alembic, configured in code: the migration scripts ship inside the package. Imported only
when a file needs upgrading or a backup's schema is checked."""

from __future__ import annotations

import sqlite3
import tempfile
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from studyapp.db import revisions
from studyapp.db.sqlite import make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def alembic_head() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def upgrade(engine: Engine, target: str = "head") -> None:
    with engine.begin() as conn:
        command.upgrade(_config(conn), target)


@cache
def schema_at(revision: str) -> dict[str, frozenset[str]]:
    """{table: columns} that a collection at `revision` has: the migrations run once on a
    scratch file (cached per process)."""
    with tempfile.TemporaryDirectory(prefix="studyapp-schema-") as tmp:
        path = Path(tmp) / "schema.sqlite3"
        engine = make_engine(path)
        try:
            upgrade(engine, revision)
        finally:
            engine.dispose()
        conn = sqlite3.connect(path)
        try:
            return {t: frozenset(c) for t, c in revisions.columns(conn).items()}
        finally:
            conn.close()
