"""A read-only collection or folder: reported as read-only (never "damaged"), reading commands
still work, and no backups pile up. The CLI runs in a subprocess that honours file permissions
even as root (it drops the capabilities that bypass them)."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from studyapp.db.backup import list_backups
from tests.studyapp.conftest import REAL_NOTES
from tests.studyapp.helpers.run import make_readonly, make_writable, run_cli

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


@pytest.fixture(params=["file", "folder"])
def readonly_data(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    data = tmp_path / "data"
    assert run_cli("review", "--data-dir", str(data), stdin="3\n3\n").returncode == 0
    assert run_cli("backup", "--data-dir", str(data)).returncode == 0
    with sqlite3.connect(data / "collection.sqlite3") as conn:  # pretend it is a new day
        conn.execute("UPDATE settings SET value = '\"2000-01-01\"' WHERE key = 'last_daily_backup'")
    make_readonly(data, folder_too=request.param == "folder")
    yield data
    make_writable(data)


def _ro(*args: str, data: Path, stdin: str = "") -> tuple[int, str, str]:
    result = run_cli(*args, "--data-dir", str(data), stdin=stdin, honour_permissions=True)
    return result.returncode, result.stdout, result.stderr


def test_writing_commands_say_read_only(readonly_data: Path) -> None:
    backups = list_backups(readonly_data / "backups")
    for command, stdin in (
        (["import", str(REAL_NOTES)], ""),
        (["review"], "3\n"),
        (["backup"], ""),
        (["settings", "--new-per-day", "5"], ""),
    ):
        code, out, err = _ro(*command, data=readonly_data, stdin=stdin)
        assert code == 1 and err.count("\n") == 1 and "saved" not in out, (command, err)
        assert "read-only" in err and "damaged" not in err and "Traceback" not in err
        assert "restore" not in err  # following a restore hint would fail too
    assert list_backups(readonly_data / "backups") == backups


def test_reading_commands_still_work_on_a_new_day(readonly_data: Path) -> None:
    backups = list_backups(readonly_data / "backups")
    code, out, err = _ro("stats", "--json", data=readonly_data)
    assert code == 0, err
    assert json.loads(out)["reviews"] == 2
    for command in (["due"], ["cards"], ["settings"], ["backups"]):
        code, out, err = _ro(*command, data=readonly_data)
        assert code == 0 and "damaged" not in err, (command, err)
    assert list_backups(readonly_data / "backups") == backups, "a read-only day took backups"


def test_a_readonly_folder_without_a_collection_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        code, _, err = _ro("stats", data=folder)
        assert code == 1 and "read-only" in err and "damaged" not in err
        code, _, err = _ro("stats", data=folder / "inside")
        assert code == 1 and "read-only" in err
    finally:
        folder.chmod(0o700)
