"""Replacing the collection with a backup, crash-safe at every step.

1. The backup is checked as a collection: healthy, a known revision, and exactly the tables
   and columns that revision has (not merely a version row).
2. It is copied to a staging file beside the collection, switched to WAL and fsynced.
3. The current collection is kept: a healthy one is backed up (the file being restored is
   never pruned) and checkpointed so its WAL is empty; a damaged one is copied aside as
   collection.sqlite3.damaged-<time> and its WAL emptied.
4. One atomic rename puts the staging file over the collection, and the folder is fsynced.

A kill at any point leaves either the old collection or the new one complete in place, with
every backup still there; a staging file left by a kill is removed by the next restore.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from studyapp import paths
from studyapp.db import revisions
from studyapp.db.backup import backup_collection, copy_database
from studyapp.db.collection import _stored_keep, acquire_lock
from studyapp.db.sqlite import connect, integrity_problems, is_damage
from studyapp.domain.errors import CollectionError
from studyapp.fileutil import create_private, fsync_file, private_dir, replace_durably

STAGING_SUFFIX = ".restoring"


@dataclass(frozen=True)
class RestoreReport:
    source: Path
    revision: str
    kept: Path | None  # where the previous collection went (a backup or a .damaged copy)


def _reached(step: str) -> None:
    """Called after each step; the kill tests replace it to stop the process there."""


def check_backup(source: Path) -> str:
    """The schema revision of a backup file, or CollectionError saying why it cannot be used."""
    if not source.is_file():
        raise CollectionError(f"{source}: no such backup file")
    try:
        problems = integrity_problems(source)
        with closing(connect(source, readonly=True)) as conn:
            revision = revisions.current_revision(conn)
            found = revisions.columns(conn)
    except sqlite3.DatabaseError as err:
        what = "not a usable studyapp collection" if is_damage(err) else "cannot be read"
        raise CollectionError(f"{source} is {what} ({err})") from None
    if problems:
        raise CollectionError(f"{source} is damaged itself ({'; '.join(problems[:3])})")
    if revision is None:
        raise CollectionError(f"{source} is not a studyapp collection (no schema version)")
    if revision not in revisions.known_revisions():
        raise CollectionError(f"{source} was written by a newer or unknown studyapp version")
    from studyapp.db.migrate import schema_at

    expected = schema_at(revision)
    wrong = sorted(t for t, cols in expected.items() if frozenset(found.get(t, ())) != cols)
    if wrong:
        raise CollectionError(
            f"{source} is not a complete studyapp collection: its tables do not match "
            f"schema {revision} ({', '.join(wrong)})"
        )
    return revision


def restore_collection(folder: Path, source: Path) -> RestoreReport:
    """Put the backup `source` in place of the collection in `folder` (see the module doc)."""
    live = paths.collection_path(folder)
    _refuse_self(source, live)
    revision = check_backup(source)
    private_dir(folder)
    lock = acquire_lock(live)
    try:
        staging = live.with_name(live.name + STAGING_SUFFIX)
        _stage(source, staging)
        _reached("staged")
        kept = _keep_old(folder, live, source) if live.exists() else None
        _reached("kept")
        replace_durably(staging, live)
        _reached("replaced")
        Path(f"{live}-shm").unlink(missing_ok=True)  # rebuilt from the (empty) WAL on open
        return RestoreReport(source, revision, kept)
    finally:
        lock.release()


def _refuse_self(source: Path, live: Path) -> None:
    target = source.resolve()
    own = {live.resolve(), *(Path(f"{live}{s}").resolve() for s in ("-wal", "-shm"))}
    own.add(live.with_name(live.name + STAGING_SUFFIX).resolve())
    same = target in own or (live.exists() and source.exists() and os.path.samefile(source, live))
    if same:
        raise CollectionError(
            f"{source} is the collection itself; restore a file from the backups folder "
            "(studyapp backups lists them)"
        )


def _stage(source: Path, staging: Path) -> None:
    staging.unlink(missing_ok=True)
    copy_database(source, staging)
    with closing(sqlite3.connect(staging)) as conn:
        conn.execute("PRAGMA journal_mode=WAL")  # as a collection is created
    fsync_file(staging)


def _keep_old(folder: Path, live: Path, source: Path) -> Path:
    try:
        healthy = not integrity_problems(live)
    except sqlite3.DatabaseError:
        healthy = False
    if not healthy:
        return _copy_damaged_aside(live)
    with closing(connect(live)) as conn:
        keep = _stored_keep(conn)
    kept = backup_collection(live, paths.backups_dir(folder), "before-restore", keep, [source])
    with closing(connect(live)) as conn:
        # Everything is in the main file now and the WAL is empty: a stale WAL next to the
        # restored file would otherwise be replayed into it.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return kept


def _copy_damaged_aside(live: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    kept = live.with_name(f"{live.name}.damaged-{stamp}")
    for suffix in ("", "-wal"):
        side = Path(f"{live}{suffix}")
        if side.exists():
            copy = Path(f"{kept}{suffix}")
            create_private(copy)
            shutil.copyfile(side, copy)
            fsync_file(copy)
    wal = Path(f"{live}-wal")
    if wal.exists():
        os.truncate(wal, 0)  # its frames are in the copy; they must not meet the new file
    return kept
