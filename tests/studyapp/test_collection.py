"""Opening collections: creation, locking, corruption, version checks, daily backups."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from studyapp.db import revisions
from studyapp.db.backup import list_backups, prune_backups
from studyapp.db.collection import (
    CollectionCorruptError,
    CollectionError,
    CollectionLockedError,
    CollectionTooNewError,
    open_collection,
)
from tests.studyapp.conftest import FakeClock


def test_new_collection_is_wal_with_foreign_keys_at_head(tmp_path: Path, clock: FakeClock) -> None:
    with open_collection(tmp_path, clock=clock) as col:
        assert col.created
        with col.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        with col.connection() as conn:
            assert revisions.current_revision(conn) == revisions.head_revision()
    with open_collection(tmp_path, clock=clock) as again:
        assert not again.created


def test_second_writer_gets_already_open_error_but_reader_works(tmp_path: Path) -> None:
    with open_collection(tmp_path):
        with pytest.raises(CollectionLockedError, match="already open"):
            open_collection(tmp_path)
        with open_collection(tmp_path, readonly=True) as reader:
            assert reader.readonly
            with reader.engine.connect() as conn, pytest.raises(Exception, match="readonly"):
                conn.exec_driver_sql("INSERT INTO settings VALUES ('x', '1')")
    open_collection(tmp_path).close()  # released on close


def test_garbage_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "collection.sqlite3"
    path.write_bytes(b"this is not a database at all\x00\x01" * 100)
    before = path.read_bytes()
    with pytest.raises(CollectionCorruptError, match="studyapp restore"):
        open_collection(tmp_path)
    assert path.read_bytes() == before


def test_damaged_pages_are_detected(tmp_path: Path) -> None:
    with open_collection(tmp_path) as col, col.engine.begin() as conn:
        for i in range(3000):
            conn.exec_driver_sql(f"INSERT INTO settings VALUES ('k{i}', '\"{'x' * 200}\"')")
    path = tmp_path / "collection.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 3 : page * 3 + 200] = b"\xff" * 200  # scribble over a b-tree page
    path.write_bytes(bytes(data))
    with pytest.raises(CollectionCorruptError, match="damaged"):
        open_collection(tmp_path)
    assert path.read_bytes() == bytes(data)


def test_collection_from_newer_app_is_refused(tmp_path: Path) -> None:
    open_collection(tmp_path).close()
    with sqlite3.connect(tmp_path / "collection.sqlite3") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(CollectionTooNewError, match="newer studyapp"):
        open_collection(tmp_path)


def test_foreign_sqlite_file_is_not_taken_over(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "collection.sqlite3") as conn:
        conn.execute("CREATE TABLE photos (id INTEGER)")
    with pytest.raises(CollectionError, match="not a studyapp collection"):
        open_collection(tmp_path)


def test_backup_on_first_open_of_each_day_only(tmp_path: Path, clock: FakeClock) -> None:
    open_collection(tmp_path, clock=clock).close()  # creation day: nothing to back up yet
    assert list_backups(tmp_path / "backups") == []
    clock.advance(days=1)
    open_collection(tmp_path, clock=clock).close()
    open_collection(tmp_path, clock=clock).close()
    backups = list_backups(tmp_path / "backups")
    assert len(backups) == 1 and "daily" in backups[0].name
    with sqlite3.connect(backups[0]) as conn:  # a backup is a complete, healthy collection
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)


def test_backups_are_pruned_to_the_newest(tmp_path: Path) -> None:
    with open_collection(tmp_path) as col:
        col.set_setting("backups_keep", 3)
        made = [col.backup(f"n{i}") for i in range(5)]
    kept = list_backups(tmp_path / "backups")
    assert kept == made[::-1][:3]
    assert prune_backups(tmp_path / "backups", 1) == kept[1:]
