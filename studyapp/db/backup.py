"""Collection backups with SQLite's online backup API (consistent even while the app runs).

A backup is written under a temporary name that `list_backups` never shows, fsynced, and only
then renamed to collection-<UTC time>-<reason>.sqlite3: a backup killed half-way leaves no file
that looks complete. Files are private (0600) in a private folder.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from studyapp.db.sqlite import connect
from studyapp.fileutil import atomic_path, private_dir

BACKUP_GLOB = "collection-*.sqlite3"
PARTIAL_GLOB = ".collection-*.sqlite3.tmp-*"
_STAMP = re.compile(r"^collection-(\d{8}-\d{6}-\d{6})(?:-([\w-]+))?\.sqlite3$")


def backup_collection(
    source: Path,
    folder: Path,
    reason: str = "manual",
    keep: int = 30,
    protect: Iterable[Path] = (),
) -> Path:
    """Copy the collection into `folder` as collection-<UTC time>-<reason>.sqlite3, then prune
    `folder` to the newest `keep` backups; files in `protect` are never pruned."""
    private_dir(folder)
    for stale in folder.glob(PARTIAL_GLOB):  # left by a backup that was killed
        stale.unlink(missing_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"collection-{stamp}-{reason}.sqlite3"
    copy_database(source, target)
    prune_backups(folder, keep, protect)
    return target


def copy_database(source: Path, target: Path) -> None:
    """A consistent, self-contained copy of `source` (WAL content included, journal_mode
    DELETE so no sidecar file is needed) at `target`, written atomically."""
    with atomic_path(target) as temp:
        src = connect(source, readonly=True)
        dst = sqlite3.connect(temp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
            src.close()


def list_backups(folder: Path) -> list[Path]:
    """Complete backups, newest first."""
    if not folder.is_dir():
        return []
    found = {p: m.group(1) for p in folder.glob(BACKUP_GLOB) if (m := _STAMP.match(p.name))}
    return sorted(found, key=found.__getitem__, reverse=True)


def prune_backups(folder: Path, keep: int, protect: Iterable[Path] = ()) -> list[Path]:
    """Remove all but the newest `keep` backups. Protected files are never removed and count
    toward `keep`, so the folder still holds `keep` backups."""
    backups = list_backups(folder)
    protected = {p.resolve() for p in protect} & {p.resolve() for p in backups}
    budget = max(keep, 1) - len(protected)
    unprotected = [p for p in backups if p.resolve() not in protected]
    removed = unprotected[max(budget, 0) :]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed
