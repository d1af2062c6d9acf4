"""Opening a collection safely: one writer (a file lock), integrity checked, schema migrated.

Opening at head (the everyday case) uses plain sqlite3: SQLAlchemy and alembic are imported
only when a service needs them or a file needs upgrading, so `studyapp due` starts fast.
Refusals are CollectionError subclasses with one-line messages: damaged (only for a file that
fails its integrity check), read-only, missing (when backups exist), too new, locked.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from filelock import FileLock, Timeout

from studyapp import paths
from studyapp.db import revisions
from studyapp.db.backup import backup_collection, list_backups
from studyapp.db.sqlite import (
    connect,
    create_wal_file,
    integrity_problems,
    is_damage,
    is_readonly,
    load_json,
    make_engine,
)
from studyapp.domain import settings as registry
from studyapp.domain.errors import (
    CollectionCorruptError,
    CollectionError,
    CollectionLockedError,
    CollectionMissingError,
    CollectionReadOnlyError,
    CollectionTooNewError,
)
from studyapp.domain.studyday import local_zone, study_day, utc_now
from studyapp.fileutil import PRIVATE_FILE, private_dir

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

INTERNAL_SETTINGS = frozenset({"last_daily_backup"})

__all__ = [
    "Collection",
    "CollectionCorruptError",
    "CollectionError",
    "CollectionLockedError",
    "CollectionMissingError",
    "CollectionReadOnlyError",
    "CollectionTooNewError",
    "open_collection",
]


@dataclass
class Collection:
    """An open collection. `clock` and `tz` are the one place the app takes the time from."""

    folder: Path
    readonly: bool
    created: bool = False
    clock: Callable[[], datetime] = utc_now
    tz: tzinfo = field(default_factory=local_zone)
    _lock: FileLock | None = None

    @property
    def path(self) -> Path:
        return paths.collection_path(self.folder)

    def connect(self) -> sqlite3.Connection:
        """A new raw connection (pragmas set); the caller closes it."""
        return connect(self.path, readonly=self.readonly)

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """A raw connection for one action, closed afterwards (sqlite3's own `with` does not
        close it)."""
        conn = self.connect()
        try:
            yield conn
        finally:
            conn.close()

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.path, readonly=self.readonly)

    @cached_property
    def _sessions(self) -> sessionmaker[Session]:
        from sqlalchemy.orm import sessionmaker

        return sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for one user action; `with col.session() as s, s.begin(): ...`."""
        with self._sessions() as s:
            yield s

    def setting(self, key: str) -> Any:
        """A collection setting (registry default when unset) or an internal marker (None)."""
        with self.connection() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row is not None:
            return load_json(row[0])
        spec = registry.COLLECTION.get(key)
        if spec is None and key not in INTERNAL_SETTINGS:
            raise KeyError(f"unknown collection setting {key!r}")
        return spec.default if spec is not None else None

    def set_setting(self, key: str, value: Any) -> None:
        spec = registry.COLLECTION.get(key)
        if spec is not None:
            value = spec.validate(value)
        elif key not in INTERNAL_SETTINGS:
            raise KeyError(f"unknown collection setting {key!r}")
        with self.connection() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )

    def study_day(self, now: datetime | None = None) -> date:
        return study_day(now or self.clock(), int(self.setting("rollover_hour")), self.tz)

    def backup(self, reason: str = "manual") -> Path:
        keep = int(self.setting("backups_keep"))
        return backup_collection(self.path, paths.backups_dir(self.folder), reason, keep)

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Collection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_collection(
    folder: Path,
    *,
    readonly: bool = False,
    clock: Callable[[], datetime] = utc_now,
    tz: tzinfo | None = None,
) -> Collection:
    """Open (or create) the collection in `folder`.

    A writer holds `collection.sqlite3.lock` for as long as the collection is open; a second
    writer gets CollectionLockedError. `readonly=True` never writes and needs no lock; it is
    how a second process, or a read-only folder, can still be looked at.
    """
    zone = tz if tz is not None else local_zone()
    path = paths.collection_path(folder)
    if readonly:
        _require_existing(path, folder)
        _check_healthy(path, folder)
        with closing(connect(path, readonly=True)) as conn:
            _check_revision(conn, path, folder, allow_upgrade=False)
        return Collection(folder, True, clock=clock, tz=zone)

    _require_writable(folder, path)
    lock = acquire_lock(path)
    try:
        col = _open_for_writing(folder, path, clock, zone)
    except BaseException:
        lock.release()
        raise
    col._lock = lock
    return col


def acquire_lock(path: Path) -> FileLock:
    lock = FileLock(str(path) + ".lock", timeout=0, mode=PRIVATE_FILE)
    try:
        lock.acquire()
    except Timeout:
        raise CollectionLockedError(
            f"{path} is already open in another studyapp process; close that one first."
        ) from None
    except PermissionError as err:
        raise _readonly(path.parent, f"cannot create its lock file ({err.strerror})") from None
    return lock


def restore_hint(folder: Path) -> str:
    backups = list_backups(paths.backups_dir(folder))
    if backups:
        return f"Restore a backup with: studyapp restore {backups[0]}"
    return "Restore a backup with: studyapp restore FILE"


def _readonly(where: Path, why: str) -> CollectionReadOnlyError:
    return CollectionReadOnlyError(
        f"{where} is read-only ({why}): nothing can be saved there. Reading commands (due, "
        "stats, cards) still work; make it writable, or copy the folder and use --data-dir."
    )


def _require_writable(folder: Path, path: Path) -> None:
    try:
        private_dir(folder)
    except OSError as err:
        raise _readonly(folder, f"cannot create the folder: {err.strerror}") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _readonly(folder, "the folder cannot be written")
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if file.exists() and not os.access(file, os.W_OK):
            raise _readonly(file, "the file cannot be written")


def _require_existing(path: Path, folder: Path) -> None:
    if path.exists() and path.stat().st_size > 0:
        return
    _require_no_backups(path, folder)
    raise CollectionError(f"No collection at {path} yet; run any studyapp command to create it.")


def _open_for_writing(
    folder: Path, path: Path, clock: Callable[[], datetime], tz: tzinfo
) -> Collection:
    created = not path.exists() or path.stat().st_size == 0
    if created:
        _require_no_backups(path, folder)
        _create(path)
    else:
        _check_healthy(path, folder)
        with closing(connect(path)) as conn:
            _check_revision(conn, path, folder, allow_upgrade=True)
    col = Collection(folder, False, created=created, clock=clock, tz=tz)
    _daily_backup(col)
    return col


def _require_no_backups(path: Path, folder: Path) -> None:
    """A missing collection is never silently replaced by a fresh one when backups exist."""
    backups = list_backups(paths.backups_dir(folder))
    if backups:
        raise CollectionMissingError(
            f"The collection {path} is missing, but {len(backups)} backups of it exist; nothing "
            f"was created. Restore the newest with: studyapp restore {backups[0]}"
        )


def _create(path: Path) -> None:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    for suffix in ("-wal", "-shm"):  # sidecars of a file that is gone are kept aside, unused
        side = Path(f"{path}{suffix}")
        if side.exists():
            side.rename(side.with_name(f"{side.name}.orphan-{stamp}"))
    path.unlink(missing_ok=True)
    create_wal_file(path)
    _upgrade(path)


def _check_healthy(path: Path, folder: Path) -> None:
    try:
        problems = integrity_problems(path)
    except sqlite3.DatabaseError as err:
        if is_readonly(err):
            raise _readonly(path, f"SQLite cannot open it: {err}") from None
        if not is_damage(err):
            raise CollectionError(f"{path} cannot be opened ({err}).") from None
        problems = [str(err)]
    if problems:
        raise CollectionCorruptError(
            f"{path} is damaged ({'; '.join(problems[:3])}). It was left untouched. "
            + restore_hint(folder)
        )


def _check_revision(
    conn: sqlite3.Connection, path: Path, folder: Path, *, allow_upgrade: bool
) -> None:
    current = revisions.current_revision(conn)
    known = revisions.known_revisions()
    if current == known[-1]:
        missing = revisions.HEAD_TABLES - revisions.table_names(conn)
        if missing:
            raise CollectionError(
                f"{path} is not a complete studyapp collection (missing tables: "
                f"{', '.join(sorted(missing))}). {restore_hint(folder)}"
            )
        return
    if current is not None and current not in known:
        raise CollectionTooNewError(
            f"{path} was written by a newer studyapp (schema {current}); upgrade the app."
        )
    if current is None:
        raise CollectionError(f"{path} is a SQLite file but not a studyapp collection.")
    if not allow_upgrade:
        raise CollectionError(f"{path} needs a schema upgrade; open it for writing first.")
    keep = _stored_keep(conn)
    taken = backup_collection(path, paths.backups_dir(folder), f"before-{known[-1]}", keep)
    _upgrade(path, current, taken)


def _stored_keep(conn: sqlite3.Connection) -> int:
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = 'backups_keep'").fetchone()
        return int(registry.COLLECTION["backups_keep"].validate(load_json(row[0])))
    except (sqlite3.Error, TypeError, ValueError):
        return int(registry.COLLECTION["backups_keep"].default)


def _upgrade(path: Path, current: str | None = None, backup: Path | None = None) -> None:
    from studyapp.db import migrate

    if current is not None:
        with closing(sqlite3.connect(path)) as conn:
            found = revisions.columns(conn)
        expected = migrate.schema_at(current)
        broken = [t for t, cols in expected.items() if not cols <= found.get(t, set())]
        if broken:
            raise CollectionError(
                f"{path} says schema {current} but its tables do not match it "
                f"({', '.join(sorted(broken))}); it was left untouched."
            )
    engine = make_engine(path)
    try:
        migrate.upgrade(engine)
    except Exception as err:
        saved = f" A backup was taken first: {backup}." if backup else ""
        raise CollectionError(
            f"upgrading {path} failed ({str(err).splitlines()[0]}); it was rolled back.{saved}"
        ) from err
    finally:
        engine.dispose()
    problems = integrity_problems(path)
    if problems:
        raise CollectionCorruptError(f"{path}: upgrade left problems: {problems[:3]}")


def _daily_backup(col: Collection) -> None:
    """The first open of each study day backs up (not the day a collection is created)."""
    today = col.study_day().isoformat()
    if col.setting("last_daily_backup") == today:
        return
    if not col.created:
        col.backup("daily")
    col.set_setting("last_daily_backup", today)
