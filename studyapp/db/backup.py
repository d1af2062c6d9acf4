"""Collection backups with SQLite's online backup API (consistent even while the app runs)."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

BACKUP_GLOB = "collection-*.sqlite3"
_STAMP = re.compile(r"collection-(\d{8}-\d{6}-\d{6})(?:-([\w-]+))?\.sqlite3$")


def backup_collection(source: Path, folder: Path, reason: str = "manual", keep: int = 30) -> Path:
    """Copy the collection into `folder` as collection-<UTC time>-<reason>.sqlite3, then prune
    `folder` to the newest `keep` backups."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"collection-{stamp}-{reason}.sqlite3"
    copy_database(source, target)
    prune_backups(folder, keep)
    return target


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of `source` (WAL content included) written to `target`, then fsynced."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        # A backup is a self-contained file: no -wal sidecar to lose in a copy.
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()


def list_backups(folder: Path) -> list[Path]:
    """Backups, newest first."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(BACKUP_GLOB) if _STAMP.search(p.name)]
    return sorted(found, key=lambda p: _STAMP.search(p.name).group(1), reverse=True)  # type: ignore[union-attr]


def prune_backups(folder: Path, keep: int) -> list[Path]:
    removed = list_backups(folder)[max(keep, 1) :]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed
