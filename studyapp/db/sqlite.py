"""SQLite engine setup, in one place: pragmas on every connection, WAL on the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

BUSY_TIMEOUT_MS = 5000


def make_engine(path: Path, *, readonly: bool = False) -> Engine:
    """An engine for the collection file. `readonly` opens it with `mode=ro` (no writes at all)."""
    uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
    # Pooled connections are reused across sessions (opening one costs more than an answer);
    # a session never shares its connection with another thread while it holds it.
    engine = create_engine(
        "sqlite+pysqlite:///",
        creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
    )
    event.listen(engine, "connect", _on_connect)
    # pysqlite's own transaction handling defers BEGIN; take it over so BEGIN is explicit.
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    return engine


def _on_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    # NORMAL in WAL mode: a commit survives the app being killed; only a power cut can lose
    # the last few commits. FULL would fsync every answer and triple review latency.
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()


def enable_wal(path: Path) -> None:
    """WAL is a property of the file: set it once, when the collection is created."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
    conn.close()


def integrity_problems(path: Path) -> list[str]:
    """Rows of `integrity_check` and `foreign_key_check` that are not ok (empty when healthy)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        problems = [] if rows == ["ok"] else rows
        problems += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check")]
        return problems
    finally:
        conn.close()
