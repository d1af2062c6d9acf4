"""Opening a collection safely: one writer (a file lock), integrity checked, schema migrated."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from studyapp import paths
from studyapp.db import migrate
from studyapp.db.backup import backup_collection, list_backups
from studyapp.db.models import Setting
from studyapp.db.sqlite import enable_wal, integrity_problems, make_engine

DEFAULT_SETTINGS: dict[str, Any] = {"rollover_hour": 4, "backups_keep": 30}


class CollectionError(Exception):
    """A problem with the collection file, explained for the learner in one message."""


class CollectionLockedError(CollectionError):
    pass


class CollectionCorruptError(CollectionError):
    pass


class CollectionTooNewError(CollectionError):
    pass


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Collection:
    folder: Path
    engine: Engine
    readonly: bool
    created: bool = False
    clock: Callable[[], datetime] = utc_now
    _lock: FileLock | None = None
    _sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def path(self) -> Path:
        return paths.collection_path(self.folder)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for one user action; `with col.session() as s, s.begin(): ...`."""
        with self._sessions() as s:
            yield s

    def setting(self, key: str) -> Any:
        with self.session() as s:
            row = s.get(Setting, key)
            return row.value if row is not None else DEFAULT_SETTINGS.get(key)

    def set_setting(self, key: str, value: Any) -> None:
        with self.session() as s, s.begin():
            s.merge(Setting(key=key, value=value))

    def backup(self, reason: str = "manual") -> Path:
        keep = int(self.setting("backups_keep"))
        return backup_collection(self.path, paths.backups_dir(self.folder), reason, keep)

    def close(self) -> None:
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
) -> Collection:
    """Open (or create) the collection in `folder`.

    A writer holds `collection.sqlite3.lock` for as long as the collection is open; a second
    writer gets CollectionLockedError. `readonly=True` never writes and needs no lock; it is
    how a second process can still look at a collection that another has open.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = paths.collection_path(folder)
    if readonly:
        _check_openable(path, folder)
        engine = make_engine(path, readonly=True)
        try:
            _check_revision(engine, path, allow_upgrade=False)
        except BaseException:
            engine.dispose()
            raise
        return Collection(folder, engine, True, clock=clock)

    lock = acquire_lock(path)
    try:
        col = _open_for_writing(folder, path, clock)
    except BaseException:
        lock.release()
        raise
    col._lock = lock
    return col


def acquire_lock(path: Path) -> FileLock:
    lock = FileLock(str(path) + ".lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise CollectionLockedError(
            f"{path} is already open in another studyapp process; close that one first."
        ) from None
    return lock


def _open_for_writing(folder: Path, path: Path, clock: Callable[[], datetime]) -> Collection:
    created = not path.exists() or path.stat().st_size == 0
    if created:
        path.unlink(missing_ok=True)
        enable_wal(path)
    else:
        _check_openable(path, folder)
    engine = make_engine(path)
    try:
        _check_revision(engine, path, allow_upgrade=True, folder=folder)
    except BaseException:
        engine.dispose()
        raise
    col = Collection(folder, engine, False, created=created, clock=clock)
    _daily_backup(col)
    return col


def _check_openable(path: Path, folder: Path) -> None:
    if not path.exists():
        raise CollectionError(
            f"No collection at {path} yet; run any studyapp command to create it."
        )
    try:
        problems = integrity_problems(path)
    except sqlite3.DatabaseError as err:
        problems = [str(err)]
    if problems:
        raise CollectionCorruptError(
            f"{path} is damaged ({'; '.join(problems[:3])}). It was left untouched. "
            + _restore_hint(folder)
        )


def _restore_hint(folder: Path) -> str:
    backups = list_backups(paths.backups_dir(folder))
    if backups:
        return f"Restore a backup with: studyapp restore {backups[0]}"
    return "Restore a backup with: studyapp restore FILE"


def _check_revision(
    engine: Engine, path: Path, *, allow_upgrade: bool, folder: Path | None = None
) -> None:
    current = migrate.current_revision(engine)
    head = migrate.head_revision()
    if current == head:
        return
    if current is not None and current not in migrate.known_revisions():
        raise CollectionTooNewError(
            f"{path} was written by a newer studyapp (schema {current}); upgrade the app."
        )
    if current is None and _has_tables(engine):
        raise CollectionError(f"{path} is a SQLite file but not a studyapp collection.")
    if not allow_upgrade:
        raise CollectionError(f"{path} needs a schema upgrade; open it for writing first.")
    if current is not None and folder is not None:
        # settings may not be readable before the upgrade: keep the default number of backups
        keep = DEFAULT_SETTINGS["backups_keep"]
        backup_collection(path, paths.backups_dir(folder), f"before-{head}", keep)
    migrate.upgrade(engine)
    problems = integrity_problems(path)
    if problems:
        raise CollectionCorruptError(f"{path}: upgrade left problems: {problems[:3]}")


def _has_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one() > 0)


def _daily_backup(col: Collection) -> None:
    today = col.clock().astimezone().date().isoformat()
    if col.setting("last_daily_backup") == today:
        return
    if not col.created:  # a brand-new collection has nothing to back up yet
        col.backup("daily")
    col.set_setting("last_daily_backup", today)
