"""Regression tests for faults found by trying the app as a new learner (command line side):
options before the command, settings and notes numbers out of range, terminal control codes,
file permissions, a missing collection with backups, a missing bundled deck."""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from engine import bundle
from studyapp import paths
from studyapp.cli import collection_cmds, main
from studyapp.cli.main import build_parser
from studyapp.db.backup import list_backups
from studyapp.domain.errors import BundledContentMissingError, NotesFormatError
from studyapp.gui.app import QUIT_AFTER_ENV
from tests.studyapp.conftest import REAL_NOTES
from tests.studyapp.helpers.run import cli, run_cli


@pytest.fixture
def default_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the app would put the collection without --data-dir: must stay untouched."""
    home = tmp_path / "default-home"
    monkeypatch.setenv(paths.HOME_ENV, str(home))
    return home


# -- 1. --data-dir and --debug before the command --------------------------------------------

COMMAND_ARGS: dict[str | None, list[str]] = {
    "import": [str(REAL_NOTES)],
    "due": [],
    "review": [],
    "stats": ["--json"],
    "cards": ["--json"],
    "settings": ["--json"],
    "backup": [],
    "backups": [],
    "restore": ["BACKUP"],
    "exercises": ["--json"],
    "exercise": ["show", "affine"],
    "grade": ["affine", str(Path(__file__).parent / "grading_data/affine/correct_reshape.py")],
    "optimize": ["--evaluate", "--json"],
    "simulate": ["--days", "30", "--json"],
    "export": ["--csv", "--out", "-"],
    "progress": ["--json"],
    "roadmap": ["check", "1", "1"],
    "report": ["--week", "1", "--out", "TMP/week1.md"],
    "gui": [],  # the app opens offscreen and quits once it is up (STUDYAPP_GUI_QUIT_AFTER_MS)
    "train-models": [
        "--only",
        "mlp2",
        "--steps",
        "1",
        "--device",
        "cpu",
        "--out-dir",
        "TMP/assets",
    ],
    None: [],
}
# Commands that never open the collection: they only must not touch the default folder.
NO_COLLECTION = {"backups", "train-models"}


def test_every_command_is_covered_below() -> None:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert set(sub.choices) == {c for c in COMMAND_ARGS if c is not None}  # type: ignore[arg-type]


@pytest.mark.parametrize("position", ["before", "after"])
@pytest.mark.parametrize("command", list(COMMAND_ARGS), ids=str)
def test_data_dir_before_or_after_any_command_is_used(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    default_home: Path,
    command: str | None,
    position: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = tmp_path / "chosen"
    backup = None
    if command == "restore":
        assert cli(capsys, "backup", "--data-dir", str(data))[0] == 0
        backup = str(list_backups(data / "backups")[0])
    if command == "gui":
        monkeypatch.setenv(QUIT_AFTER_ENV, "300")
    extra = [
        backup if a == "BACKUP" else a.replace("TMP", str(tmp_path)) for a in COMMAND_ARGS[command]
    ]
    head = [command] if command else []
    option = ["--data-dir", str(data)]
    args = option + head + extra if position == "before" else head + extra + option
    code, _, err = cli(capsys, *args)
    if command == "train-models" and importlib.util.find_spec("torch") is None:
        assert code == 2 and "needs PyTorch" in err  # the test extra alone has no torch
    else:
        assert code == 0, err
    if command not in NO_COLLECTION:
        assert (data / "collection.sqlite3").exists()
    assert not default_home.exists(), f"{args} used the default collection folder"


@pytest.mark.parametrize("position", ["before", "after"])
def test_debug_before_or_after_the_command_shows_the_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, default_home: Path, position: str
) -> None:
    missing = str(tmp_path / "missing.md")
    args = (
        ["--debug", "import", missing] if position == "before" else ["import", missing, "--debug"]
    )
    with pytest.raises(NotesFormatError):
        main(args)
    code, _, err = cli(capsys, "import", missing)
    assert code == 1 and err.count("\n") == 1 and "missing.md" in err


# -- 4. numbers out of range ---------------------------------------------------------------

BAD_SETTINGS = [
    ("--learning-steps", "nan"),
    ("--learning-steps", "inf"),
    ("--relearning-steps", "1e400"),
    ("--learning-steps", "-1"),
    ("--learning-steps", " ".join(["1m"] * 21)),
    ("--new-per-day", "99999999999999999999"),
    ("--new-per-day", "1.5"),
    ("--max-reviews-per-day", "-1"),
    ("--max-interval", "99999999999"),
    ("--max-interval", "0"),
    ("--desired-retention", "nan"),
    ("--desired-retention", "inf"),
    ("--desired-retention", "0.5"),
    ("--rollover-hour", "24"),
    ("--backups-keep", "0"),
]


@pytest.mark.parametrize(("flag", "value"), BAD_SETTINGS)
def test_out_of_range_settings_change_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, flag: str, value: str
) -> None:
    data = str(tmp_path / "d")
    _, before, _ = cli(capsys, "settings", "--json", "--data-dir", data)
    code, out, err = cli(capsys, "settings", flag, value, "--data-dir", data)
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert "must be" in err
    code, after, _ = cli(capsys, "settings", "--json", "--data-dir", data)
    assert code == 0 and json.loads(after) == json.loads(before)
    assert "Infinity" not in after and "NaN" not in after
    code, out, err = cli(capsys, "review", "--data-dir", data, stdin="\n3\nq\n")
    assert code == 0 and "1 answers saved" in out, err


def _notes_with(tmp_path: Path, old: str, new: str) -> Path:
    text = REAL_NOTES.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "edited.md"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "what"),
    [
        ("### Lecture 2:", "### Lecture 99999999999999999999:", "lecture number"),
        ("### 2주차 (완료)", "### 99999999999999999999주차 (완료)", "week number"),
        ("### 2주차 (완료)", "### 521주차 (완료)", "week number"),
        ("1. Lecture 1~9 수강", "1. Lecture 1~99999999999 수강", "lecture number"),
        ("Assignment2 - Batch", "Assignment99999999999999 - Batch", "assignment number"),
        ("##### 1. K-NN의 공간 문제", "##### 99999999999. K-NN의 공간 문제", "question number"),
        # CommonMark list markers have at most 9 digits
        ("1. **이미지 분류의 문제점**", "999999999. **이미지 분류의 문제점**", "item number"),
        ("6주 완성", "99999999999999주 완성", "number of weeks"),
    ],
)
def test_out_of_range_numbers_in_notes_are_refused_before_any_backup(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, old: str, new: str, what: str
) -> None:
    data = tmp_path / "d"
    assert cli(capsys, "due", "--data-dir", str(data))[0] == 0
    with sqlite3.connect(data / "collection.sqlite3") as conn:
        before = conn.execute("SELECT count(*), max(updated_at) FROM cards").fetchone()
    backups = list_backups(data / "backups")
    notes = _notes_with(tmp_path, old, new)
    code, out, err = cli(capsys, "import", str(notes), "--data-dir", str(data))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert what in err and "out of range" in err and "line " in err and "edited.md" in err
    assert list_backups(data / "backups") == backups
    with sqlite3.connect(data / "collection.sqlite3") as conn:
        assert conn.execute("SELECT count(*), max(updated_at) FROM cards").fetchone() == before


# -- 6. terminal control codes in notes -------------------------------------------------------

HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x9b31m"


def test_control_codes_in_notes_are_escaped_on_the_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = str(tmp_path / "d")
    notes = tmp_path / "hostile.md"
    notes.write_text(
        f"# Hostile - notes\n\n### Lecture 1: Intro{HOSTILE}\n\n#### 배운 점\n"
        f"1. **Title {HOSTILE}**\n   - body {HOSTILE}\n",
        encoding="utf-8",
    )
    code, out, err = cli(capsys, "import", str(notes), "--data-dir", data)
    assert code == 0, err
    code, out, err = cli(capsys, "review", "--deck", "Hostile", "--data-dir", data, stdin="\nq\n")
    assert code == 0, err
    code, listed, _ = cli(capsys, "cards", "--deck", "Hostile", "--data-dir", data)
    for text in (out, listed):
        assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
        assert "\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m" in text


# -- 7. private files -----------------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_collection_lock_and_backups_are_private(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "new" / "data"
    assert cli(capsys, "backup", "--data-dir", str(data))[0] == 0
    backups = list_backups(data / "backups")
    assert cli(capsys, "restore", str(backups[0]), "--data-dir", str(data))[0] == 0
    assert _mode(data) == 0o700 and _mode(data / "backups") == 0o700
    files = [p for p in data.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"collection.sqlite3", "collection.sqlite3.lock"}
    for path in files:
        assert _mode(path) == 0o600, path
    # SQLite gives its WAL sidecars the collection's own mode
    assert cli(capsys, "due", "--data-dir", str(data))[0] == 0
    for path in data.glob("collection.sqlite3*"):
        assert _mode(path) == 0o600, path


# -- 2 (part). a missing collection is not silently replaced -----------------------------------


def test_missing_collection_with_backups_is_reported_not_recreated(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "d"
    assert cli(capsys, "backup", "--data-dir", str(data))[0] == 0
    newest = list_backups(data / "backups")[0]
    for path in data.glob("collection.sqlite3*"):
        path.unlink()
    for command in (["stats"], ["due"], ["review"], ["import", str(REAL_NOTES)]):
        code, out, err = cli(capsys, *command, "--data-dir", str(data))
        assert code == 1 and out == "" and err.count("\n") == 1, (command, err)
        assert "missing" in err and str(newest) in err
        assert not (data / "collection.sqlite3").exists()


# -- 10 (part). a missing bundled deck is an error ------------------------------------------


def test_missing_bundled_deck_is_an_error_and_creates_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "install"
    (empty / "decks").mkdir(parents=True)
    monkeypatch.setattr(bundle, "bundle_dirs", lambda kind: [empty / kind])
    with pytest.raises(BundledContentMissingError, match="reinstall"):
        paths.bundled_notes()
    data = tmp_path / "d"
    code, _, err = cli(capsys, "stats", "--data-dir", str(data))
    assert code == 1 and "cs231n_notes.md is missing" in err
    assert not (data / "collection.sqlite3").exists()
    monkeypatch.setattr(bundle, "bundle_dirs", lambda kind: [tmp_path / "nowhere" / kind])
    with pytest.raises(BundledContentMissingError, match="decks/ folder is missing"):
        paths.bundled("decks/cs231n")


def test_a_subprocess_sees_the_same_one_line_errors(tmp_path: Path) -> None:
    assert run_cli("due", "--data-dir", str(tmp_path / "d")).returncode == 0
    result = run_cli("settings", "--new-per-day", "1e9", "--data-dir", str(tmp_path / "d"))
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "new_per_day must be a whole number from 0 to 9999" in result.stderr
    result = run_cli("--no-such-option")
    assert result.returncode == 2 and result.stderr.count("\n") == 1


def test_output_cut_short_by_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`studyapp cards | head -1`: the reader leaves early; no error line, the pipe status."""
    data = str(tmp_path / "d")
    assert run_cli("due", "--data-dir", data).returncode == 0
    read, write = os.pipe()
    child = subprocess.Popen(
        [sys.executable, "-m", "studyapp", "cards", "--data-dir", data],
        stdout=write,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    os.close(write)
    os.close(read)  # before the child's first line: every write meets a closed pipe
    _, err = child.communicate(timeout=120)
    assert err.decode() == "" and child.returncode == 141


def test_a_broken_pipe_that_is_not_stdout_is_still_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def talks_to_a_dead_child(args: object) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(collection_cmds, "cmd_stats", talks_to_a_dead_child)
    code, _, err = cli(capsys, "stats", "--data-dir", str(tmp_path / "d"))
    assert code == 1 and err == "studyapp: error: [Errno 32] Broken pipe\n"
