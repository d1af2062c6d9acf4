"""Replacing the collection with a backup, without ever destroying what was there."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from studyapp import paths
from studyapp.db import migrate
from studyapp.db.backup import backup_collection, copy_database
from studyapp.db.collection import CollectionError, acquire_lock
from studyapp.db.sqlite import enable_wal, integrity_problems

SIDE_FILES = ("-wal", "-shm")


def check_backup(source: Path) -> str:
    """The schema revision of a backup file, or CollectionError saying why it cannot be used."""
    if not source.is_file():
        raise CollectionError(f"{source}: no such backup file")
    try:
        problems = integrity_problems(source)
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        raise CollectionError(f"{source} is not a usable studyapp collection ({err})") from None
    if problems:
        raise CollectionError(f"{source} is damaged itself ({'; '.join(problems[:3])})")
    if revision is None or revision[0] not in migrate.known_revisions():
        raise CollectionError(f"{source} was written by a newer or unknown studyapp version")
    return str(revision[0])


def restore_collection(folder: Path, source: Path) -> Path | None:
    """Put `source` in place of the collection in `folder`.

    The current collection is kept: a healthy one is backed up first, a damaged one is moved
    aside as collection.sqlite3.damaged-<time>. Returns where the old collection went.
    """
    check_backup(source)
    path = paths.collection_path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lock = acquire_lock(path)
    try:
        kept = _set_aside(folder, path)
        staging = path.with_name(path.name + ".restoring")
        copy_database(source, staging)
        os.replace(staging, path)
        enable_wal(path)
        return kept
    finally:
        lock.release()


def _set_aside(folder: Path, path: Path) -> Path | None:
    if not path.exists():
        return None
    try:
        healthy = not integrity_problems(path)
    except sqlite3.DatabaseError:
        healthy = False
    if healthy:
        kept = backup_collection(path, paths.backups_dir(folder), "before-restore")
        for suffix in ("", *SIDE_FILES):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return kept
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", *SIDE_FILES):
        side = Path(str(path) + suffix)
        if side.exists():
            os.replace(side, Path(str(kept) + suffix))
    return kept
