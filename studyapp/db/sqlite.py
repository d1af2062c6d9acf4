"""SQLite set-up, in one place: pragmas on every connection, WAL on the file, and what SQLite's
errors mean for the learner (damaged, read-only, busy).

Raw `sqlite3` connections serve start-up and the review hot path; SQLAlchemy (imported only
when first needed, it costs ~0.3 s) gets its connections from the same `connect`.
"""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studyapp.fileutil import create_private

if TYPE_CHECKING:
    from sqlalchemy import Engine

BUSY_TIMEOUT_MS = 5000

# SQLite's error names that mean the bytes of the file are bad; anything else (permissions, a
# read-only folder, a busy lock, a missing file) is not damage.
DAMAGE_ERRORS = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_CORRUPT_INDEX"})
READONLY_ERRORS = frozenset(
    {
        "SQLITE_READONLY",
        "SQLITE_READONLY_DIRECTORY",
        "SQLITE_READONLY_DBMOVED",
        "SQLITE_READONLY_CANTINIT",
        "SQLITE_READONLY_CANTLOCK",
        "SQLITE_READONLY_RECOVERY",
        "SQLITE_CANTOPEN",
        "SQLITE_PERM",
        "SQLITE_AUTH",
    }
)


def error_name(err: BaseException) -> str:
    name = getattr(err, "sqlite_errorname", None)
    if name:
        return str(name)
    text = str(err).lower()  # errors raised by the sqlite3 module itself carry no code
    if "not a database" in text or "malformed" in text:
        return "SQLITE_NOTADB"
    if "readonly" in text or "read-only" in text:
        return "SQLITE_READONLY"
    return "SQLITE_ERROR"


def is_damage(err: BaseException) -> bool:
    return error_name(err).startswith(tuple(DAMAGE_ERRORS))


def is_readonly(err: BaseException) -> bool:
    return error_name(err) in READONLY_ERRORS or error_name(err).startswith("SQLITE_READONLY")


def _sqlite_has_pow() -> bool:
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("SELECT pow(2, 2)")
        return True
    except sqlite3.OperationalError:  # built without SQLITE_ENABLE_MATH_FUNCTIONS
        return False
    finally:
        probe.close()


_HAS_POW = _sqlite_has_pow()


def load_json(value: Any) -> Any:
    """A JSON column's value: SQLite's NUMERIC affinity for a JSON column turns '6' into 6."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def uri(path: Path, *, readonly: bool = False, immutable: bool = False) -> str:
    """A file: URI (percent-encoded, so folder names with '?' or '#' work)."""
    query = "?mode=ro" if readonly else ""
    if immutable:
        query += "&immutable=1"
    return path.resolve().as_uri() + query


def configure(conn: sqlite3.Connection) -> None:
    conn.isolation_level = None  # we issue BEGIN ourselves: pysqlite's deferred BEGIN is opaque
    # NORMAL in WAL mode: a commit survives the app being killed; only a power cut can lose
    # the last few commits. FULL would fsync every answer and triple review latency.
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    if not _HAS_POW:  # retrievability in SQL (browse, search) needs pow()
        conn.create_function("pow", 2, math.pow, deterministic=True)


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A configured connection. Read-only in a read-only folder, where SQLite cannot create the
    WAL index, falls back to `immutable` when no un-checkpointed WAL content exists."""
    try:
        conn = sqlite3.connect(uri(path, readonly=readonly), uri=True, check_same_thread=False)
        configure(conn)
        return conn
    except sqlite3.OperationalError as err:
        wal = Path(str(path) + "-wal")
        has_wal = wal.exists() and wal.stat().st_size > 0
        if not readonly or not is_readonly(err) or has_wal or not path.exists():
            raise
    conn = sqlite3.connect(uri(path, readonly=True, immutable=True), uri=True)
    configure(conn)
    return conn


def make_engine(path: Path, *, readonly: bool = False) -> Engine:
    """A SQLAlchemy engine over `connect` (same pragmas); imported lazily."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    # Pooled connections are reused across sessions (opening one costs more than an answer);
    # a session never shares its connection with another thread while it holds it.
    engine = create_engine(
        "sqlite+pysqlite:///",
        creator=lambda: connect(path, readonly=readonly),
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
    )
    event.listen(engine, "begin", _begin)
    return engine


def _begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def create_wal_file(path: Path) -> None:
    """A new, empty collection file, private (0600), in WAL mode (a property of the file)."""
    create_private(path)
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
    finally:
        conn.close()


def integrity_problems(path: Path) -> list[str]:
    """Rows of `integrity_check` and `foreign_key_check` that are not ok (empty when healthy).
    Raises sqlite3.DatabaseError when the file cannot be read at all; `is_damage` tells whether
    that is damage or a permission problem."""
    conn = connect(path, readonly=True)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        problems = [] if rows == ["ok"] else rows
        problems += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check")]
        return problems
    finally:
        conn.close()
