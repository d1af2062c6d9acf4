"""Restore: it never destroys the backup it restores, refuses the collection itself and files
that are not complete collections, honours backups_keep, and survives SIGKILL at every step."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from studyapp.db import revisions
from studyapp.db.backup import list_backups
from studyapp.db.collection import Collection, open_collection
from studyapp.db.restore import check_backup, restore_collection
from studyapp.domain.errors import CollectionError
from tests.studyapp.helpers.run import run_cli


def _mark(col: Collection, value: str) -> None:
    """A row only a test writes, to tell collections apart."""
    with col.connection() as conn:
        conn.execute(
            "INSERT INTO settings VALUES ('test_marker', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (f'"{value}"',),
        )


def _marker(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT value FROM settings WHERE key = 'test_marker'").fetchone()
    return str(row[0]).strip('"') if row else ""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    with open_collection(folder) as col:
        _mark(col, "live")
    return folder


def test_restoring_the_oldest_of_a_full_backups_folder_keeps_it(data: Path) -> None:
    with open_collection(data) as col:
        _mark(col, "oldest")
        oldest = col.backup("n0")
        _mark(col, "live")
        for i in range(1, 30):
            col.backup(f"n{i}")
    assert len(list_backups(data / "backups")) == 30
    result = run_cli("restore", str(oldest), "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    assert oldest.exists(), "the backup being restored was pruned"
    assert _marker(data / "collection.sqlite3") == "oldest"
    backups = list_backups(data / "backups")
    assert len(backups) == 30 and oldest in backups
    assert any("before-restore" in b.name for b in backups)
    with open_collection(data) as col:  # and the restored collection opens and works
        assert col.setting("rollover_hour") == 4


@pytest.mark.parametrize("spelling", ["absolute", "dotted", "symlink", "hardlink", "wal"])
def test_restoring_the_collection_onto_itself_is_refused(
    data: Path, tmp_path: Path, spelling: str
) -> None:
    live = data / "collection.sqlite3"
    before = live.read_bytes()
    source = {
        "absolute": live,
        "dotted": data / ".." / data.name / "." / "collection.sqlite3",
        "symlink": tmp_path / "link.sqlite3",
        "hardlink": tmp_path / "hard.sqlite3",
        "wal": Path(f"{live}-wal"),
    }[spelling]
    if spelling == "symlink":
        source.symlink_to(live)
    elif spelling == "hardlink":
        os.link(live, source)
    elif spelling == "wal":
        source.write_bytes(b"")
    with pytest.raises(CollectionError, match="is the collection itself"):
        restore_collection(data, source)
    if spelling == "wal":
        source.unlink()  # the test's stand-in sidecar, not SQLite's
    assert live.read_bytes() == before and _marker(live) == "live"


def test_restore_prunes_with_the_collections_backups_keep(data: Path) -> None:
    with open_collection(data) as col:
        col.set_setting("backups_keep", 5)
        made = [col.backup(f"n{i}") for i in range(8)]
    kept = list_backups(data / "backups")
    assert len(kept) == 5
    restore_collection(data, kept[-1])  # the oldest left
    after = list_backups(data / "backups")
    assert len(after) == 5 and kept[-1] in after and made[0] not in after


def test_a_file_holding_only_a_version_row_is_not_a_backup(data: Path, tmp_path: Path) -> None:
    fake = tmp_path / "fake.sqlite3"
    with sqlite3.connect(fake) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        conn.execute("INSERT INTO alembic_version VALUES (?)", (revisions.head_revision(),))
    with pytest.raises(CollectionError, match="not a complete studyapp collection"):
        check_backup(fake)
    with pytest.raises(CollectionError):
        restore_collection(data, fake)
    assert _marker(data / "collection.sqlite3") == "live"
    # opened in place of a collection, it is refused the same way
    other = tmp_path / "other"
    other.mkdir()
    (other / "collection.sqlite3").write_bytes(fake.read_bytes())
    with pytest.raises(CollectionError, match="not a complete studyapp collection"):
        open_collection(other)


def test_a_backup_with_a_missing_column_is_refused(data: Path, tmp_path: Path) -> None:
    with open_collection(data) as col:
        good = col.backup("good")
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(good.read_bytes())
    with sqlite3.connect(broken) as conn:
        conn.execute("ALTER TABLE cards DROP COLUMN lapses")
    with pytest.raises(CollectionError, match=r"do not match schema .* \(cards\)"):
        check_backup(broken)
    assert check_backup(good) == revisions.head_revision()


def test_a_damaged_collection_is_kept_aside_before_a_restore(data: Path) -> None:
    with open_collection(data) as col:
        _mark(col, "backup")
        good = col.backup("good")
    live = data / "collection.sqlite3"
    live.write_bytes(b"garbage" * 1000)
    report = restore_collection(data, good)
    assert report.kept is not None and report.kept.name.startswith("collection.sqlite3.damaged-")
    assert report.kept.read_bytes() == b"garbage" * 1000
    assert _marker(live) == "backup"


# -- SIGKILL at every step --------------------------------------------------------------------

DRIVER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from studyapp import fileutil
    from studyapp.db import restore

    folder, source, target = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    calls = {"n": 0}

    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    def reached(step: str) -> None:
        if step == target:
            die()

    real_replace = fileutil.replace_durably

    def replace(src, dst):
        calls["n"] += 1
        if target == f"rename-{calls['n']}":
            die()
        real_replace(src, dst)

    restore._reached = reached
    restore.replace_durably = replace  # the final rename
    fileutil.replace_durably = replace  # the renames of atomic_path (staging copy, backup)
    restore.restore_collection(folder, source)
    print("finished")
    """
)
KILL_POINTS = ["rename-1", "rename-2", "rename-3", "staged", "kept", "replaced", "none"]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("point", KILL_POINTS)
def test_sigkill_during_restore_leaves_a_complete_collection(data: Path, point: str) -> None:
    with open_collection(data) as col:
        _mark(col, "new")
        source = col.backup("chosen")
        _mark(col, "old")
        for i in range(3):
            col.backup(f"n{i}")
    backups_before = set(list_backups(data / "backups"))
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, str(data), str(source), point],
        capture_output=True,
        text=True,
        timeout=120,
    )
    killed = proc.returncode == -signal.SIGKILL
    assert killed == (point != "none"), (point, proc.returncode, proc.stderr[-500:])
    live = data / "collection.sqlite3"
    assert live.exists(), f"no collection after a kill at {point}"
    assert _marker(live) in {"old", "new"}
    assert backups_before <= set(list_backups(data / "backups")), "a backup went missing"
    with open_collection(data) as col, col.connection() as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert revisions.current_revision(conn) == revisions.head_revision()
    if point in {"replaced", "none"}:
        assert _marker(live) == "new"
    if point in {"staged", "rename-1"}:
        assert _marker(live) == "old"
    # a second restore after the kill always finishes the job
    restore_collection(data, source)
    assert _marker(live) == "new" and source.exists()
