"""The command line, run as a learner would: real collection folders, real subprocesses."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.studyapp.conftest import REAL_NOTES
from tests.studyapp.helpers.run import cli


def run_cli(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "studyapp", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "does" / "not" / "exist" / "yet"


def test_first_run_creates_collection_with_bundled_deck(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    code, out, err = cli(capsys, "stats", "--json", "--data-dir", str(home))
    assert code == 0, err
    assert (home / "collection.sqlite3").exists()
    assert "bundled deck" in err
    stats = json.loads(out)
    assert stats["lectures"] == 14
    assert stats["cards"]["qa"] >= 37 and stats["cards"]["learned"] >= 87
    assert stats["cards"]["total"] == stats["cards"]["qa"] + stats["cards"]["learned"]
    assert stats["cards"]["suspended"] == 0
    assert stats["roadmap"]["start"] == "2025-12-24"
    assert stats["roadmap"]["weeks_planned"] == 6 and stats["roadmap"]["weeks_written"] == 5
    assert stats["roadmap"]["items_done"] <= stats["roadmap"]["items"]
    assert stats["daily_log_entries"] == 20
    assert stats["reviews"] == 0 and stats["due_today"] == 20  # 20 new cards a day by default


def test_review_through_a_pipe_saves_every_rating(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    # reveal+Good, rate Easy directly, reveal+Again, undo, Hard; input ends without q
    code, out, _ = cli(capsys, "review", "--data-dir", str(home), stdin="\n3\n4\n\n1\nu\n2\n")
    assert code == 0
    assert out.count("→ ") == 4 and "Undone" in out and "3 answers saved" in out
    assert "1 Again (" in out and "4 Easy (" in out  # intervals shown on reveal
    code, out, _ = cli(capsys, "stats", "--json", "--data-dir", str(home))
    assert json.loads(out)["reviews"] == 3
    code, out, _ = cli(capsys, "cards", "--json", "--data-dir", str(home))
    cards = json.loads(out)
    assert sum(c["reviews"] for c in cards) == 3
    assert {"id", "deck", "lecture", "kind", "question", "answer", "suspended", "reviews"} <= set(
        cards[0]
    )


def test_cards_search_and_lecture_filter(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, _ = cli(capsys, "cards", "--json", "--lecture", "2", "--data-dir", str(home))
    assert code == 0
    lecture2 = json.loads(out)
    assert {c["lecture"] for c in lecture2} == {2}
    assert sum(c["kind"] == "qa" for c in lecture2) == 4
    _, out, _ = cli(capsys, "cards", "--json", "--search", "Kaiming", "--data-dir", str(home))
    found = json.loads(out)
    assert found and all("kaiming" in (c["question"] + c["answer"]).lower() for c in found)


def test_reimport_of_edited_notes_reports_changes(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    cli(capsys, "review", "--data-dir", str(home), stdin="3\n3\n3\n")
    _, out, _ = cli(capsys, "cards", "--json", "--data-dir", str(home))
    before = {c["question"]: c for c in json.loads(out)}
    text = REAL_NOTES.read_text(encoding="utf-8")
    edited = text.replace(
        "(예로부터 Vision의 진화는 Intelligence의 진화를 이끌었다)", "(시각의 진화)"
    )
    edited = edited.replace(
        "2. **전반적인 Computer Vision의 발전과 AI의 발전 과정 및 간단한 Overview**\n", ""
    )
    notes = tmp_path / "edited.md"
    notes.write_text(edited, encoding="utf-8")
    code, out, err = cli(capsys, "import", str(notes), "--deck", "CS231n", "--data-dir", str(home))
    assert code == 0, err
    assert "0 added, 1 updated, 1 suspended" in out and "Backup taken" in out
    _, out, _ = cli(capsys, "cards", "--json", "--data-dir", str(home))
    after = {c["question"]: c for c in json.loads(out)}
    assert after.keys() == before.keys()
    assert {q: c["id"] for q, c in after.items()} == {q: c["id"] for q, c in before.items()}
    assert sum(c["suspended"] for c in after.values()) == 1
    assert sum(c["reviews"] for c in after.values()) == 3


def test_errors_are_one_line_without_traceback(home: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("")
    result = run_cli("import", str(empty), "--data-dir", str(home))
    assert result.returncode == 1
    assert result.stderr.startswith("studyapp: error:") and "empty.md" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not home.exists()  # refused before anything was created
    result = run_cli("stats", "--deck", "nope", "--data-dir", str(home))
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith("studyapp: error: no deck named 'nope'")
    result = run_cli("import", str(tmp_path / "missing.md"), "--data-dir", str(home), "--debug")
    assert result.returncode != 0 and "Traceback" in result.stderr


def test_corrupt_collection_points_to_restore_and_restore_works(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    cli(capsys, "review", "--data-dir", str(home), stdin="3\n")
    code, out, _ = cli(capsys, "backup", "--data-dir", str(home))
    backup = Path(out.strip())
    assert code == 0 and backup.exists()
    db = home / "collection.sqlite3"
    for side in ("-wal", "-shm"):
        Path(str(db) + side).unlink(missing_ok=True)
    db.write_bytes(b"\x00garbage" * 1000)
    result = run_cli("due", "--data-dir", str(home))
    assert result.returncode == 1 and "studyapp restore" in result.stderr
    assert db.read_bytes() == b"\x00garbage" * 1000  # never overwritten
    code, out, err = cli(capsys, "restore", str(backup), "--data-dir", str(home))
    assert code == 0, err
    assert "kept at" in out
    assert list(home.glob("collection.sqlite3.damaged-*"))  # the damaged file was kept
    _, out, _ = cli(capsys, "stats", "--json", "--data-dir", str(home))
    assert json.loads(out)["reviews"] == 1


def test_environment_variable_chooses_the_folder(tmp_path: Path) -> None:
    result = run_cli("due", env={"STUDYAPP_HOME": str(tmp_path / "envhome")})
    assert result.returncode == 0, result.stderr
    assert "CS231n" in result.stdout
    assert (tmp_path / "envhome" / "collection.sqlite3").exists()


def test_console_script_is_installed() -> None:
    exe = shutil.which("studyapp", path=str(Path(sys.executable).parent))
    assert exe is not None
    result = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "review" in result.stdout


def test_settings_change_per_deck_and_refuse_bad_values(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    code, out, _ = cli(
        capsys,
        "settings",
        "--deck",
        "CS231n",
        "--new-per-day",
        "5",
        "--learning-steps",
        "2m 20m",
        "--rollover-hour",
        "6",
        "--json",
        "--data-dir",
        str(home),
    )
    assert code == 0
    shown = json.loads(out)
    assert shown["collection"]["rollover_hour"] == 6
    assert shown["decks"]["CS231n"]["new_per_day"] == 5
    assert shown["decks"]["CS231n"]["learning_steps_min"] == [2.0, 20.0]
    _, out, _ = cli(capsys, "stats", "--json", "--data-dir", str(home))
    assert json.loads(out)["due"]["new"] == 5
    code, _, err = cli(capsys, "settings", "--desired-retention", "1.5", "--data-dir", str(home))
    assert code == 1 and "desired_retention must be" in err
    _, out, _ = cli(capsys, "settings", "--json", "--data-dir", str(home))
    assert json.loads(out)["decks"]["CS231n"]["desired_retention"] == 0.9


def test_second_process_gets_already_open_while_a_review_runs(home: Path) -> None:
    run_cli("due", "--data-dir", str(home))
    review = subprocess.Popen(
        [sys.executable, "-u", "-m", "studyapp", "review", "--data-dir", str(home)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert review.stdout is not None
        review.stdout.readline()  # the session is up and holds the collection
        writer = run_cli("import", str(REAL_NOTES), "--data-dir", str(home))
        assert writer.returncode == 1 and "already open" in writer.stderr
        reader = run_cli("stats", "--json", "--data-dir", str(home))  # reading still works
        assert reader.returncode == 0 and json.loads(reader.stdout)["cards"]["qa"] >= 37
    finally:
        review.communicate(b"q\n", timeout=60)
    assert run_cli("import", str(REAL_NOTES), "--data-dir", str(home)).returncode == 0


def test_import_reports_what_the_parser_skipped(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    notes = tmp_path / "mine.md"
    notes.write_text(
        "## Daily Log\n### 언젠가\n1. 뭔가 함\n\n### Lecture 1: Intro\n#### What I learned\n"
        "1. **Point**\n   - detail\n",
        encoding="utf-8",
    )
    code, out, err = cli(capsys, "import", str(notes), "--deck", "Mine", "--data-dir", str(home))
    assert code == 0 and "1 added" in out
    assert "warning:" in err and "line 2" in err and "언젠가" in err
