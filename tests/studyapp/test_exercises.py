"""Exercises as a learner uses them: workspace, grading with stored submissions, statuses, and
passed exercises coming back on FSRS (Good / Hard / Again), through the service and the CLI."""

from __future__ import annotations

import io
import json
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from studyapp.cli import main
from studyapp.db.collection import Collection
from studyapp.domain.grading import ExerciseStatus
from studyapp.domain.scheduling import Rating
from studyapp.services import exercises
from studyapp.services.due import exercises_due
from tests.studyapp.conftest import FakeClock

DATA = Path(__file__).resolve().parent / "grading_data" / "affine"
GOOD = (DATA / "correct_reshape.py").read_text(encoding="utf-8")
WRONG = (DATA / "wrong_db_wrong_axis.py").read_text(encoding="utf-8")
GOOD_AGAIN = GOOD.replace("db = dout.sum(axis=0)", "db = np.sum(dout, axis=0)")


def _status(col: Collection) -> ExerciseStatus:
    return next(r for r in exercises.list_exercises(col) if r.id == "affine").status


def _grade(col: Collection, code: str):  # type: ignore[no-untyped-def]
    exercises.workspace(col, "affine").write_text(code, encoding="utf-8")
    return exercises.grade_exercise(col, "affine")


def _reviews(col: Collection) -> list[int]:
    with col.connection() as conn:
        return [r[0] for r in conn.execute("SELECT rating FROM exercise_reviews ORDER BY id")]


def test_the_workspace_starts_as_the_starter_and_is_private(col: Collection) -> None:
    path = exercises.workspace(col, "affine")
    assert path == col.folder / "workspace" / "affine.py"
    assert "raise NotImplementedError" in path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    report = exercises.grade_exercise(col, "affine")
    forward = next(c for c in report.checks if c.name == "forward")
    assert "raised NotImplementedError" in forward.message
    assert _status(col) is ExerciseStatus.FAILING


def test_statuses_and_the_first_pass_after_failures_is_hard(col: Collection) -> None:
    assert _status(col) is ExerciseStatus.NOT_STARTED
    failed = _grade(col, WRONG)
    assert not failed.passed and failed.submission_id is not None
    passed = _grade(col, GOOD)
    assert passed.passed and _status(col) is ExerciseStatus.PASSED
    assert _reviews(col) == [Rating.HARD]
    with col.connection() as conn:
        rows = conn.execute(
            "SELECT passed, verdict, code, length(code_sha256), results FROM submissions "
            "ORDER BY id"
        ).fetchall()
    assert [(r[0], r[1]) for r in rows] == [(0, "failed"), (1, "passed")]
    assert rows[1][2] == GOOD and rows[1][3] == 64
    assert {c["name"] for c in json.loads(rows[1][4])} >= {"loads", "forward", "backward"}


def test_a_passed_exercise_comes_back_and_must_be_rewritten(
    col: Collection, clock: FakeClock
) -> None:
    first = _grade(col, GOOD)
    assert first.passed and _reviews(col) == [Rating.GOOD]
    assert exercises_due(col) == 0
    _grade(col, GOOD)  # re-grading early schedules nothing
    assert _reviews(col) == [Rating.GOOD]
    clock.advance(days=30)
    assert _status(col) is ExerciseStatus.DUE and exercises_due(col) == 1
    same = _grade(col, GOOD)
    assert same.passed and "passed before" in same.hints[-1]
    assert _reviews(col) == [Rating.GOOD]  # the old solution does not count
    path = exercises.reset(col, "affine")
    assert "NotImplementedError" in path.read_text(encoding="utf-8")
    assert list((path.parent / "history").glob("affine-*.py"))  # the old file is kept
    assert _grade(col, GOOD_AGAIN).passed
    assert _reviews(col) == [Rating.GOOD, Rating.GOOD]
    assert _status(col) is ExerciseStatus.PASSED


def test_failing_a_due_exercise_is_again_then_a_pass_is_hard(
    col: Collection, clock: FakeClock
) -> None:
    _grade(col, GOOD)
    clock.advance(days=30)
    _grade(col, WRONG)
    _grade(col, WRONG)
    assert _reviews(col) == [Rating.GOOD, Rating.AGAIN]
    with col.connection() as conn:
        lapses, failed = conn.execute(
            "SELECT lapses, failed_attempts FROM exercise_items"
        ).fetchone()
    assert (lapses, failed) == (1, 1)  # the second failure came before it was due again
    clock.advance(days=3)
    assert _grade(col, GOOD_AGAIN).passed
    assert _reviews(col) == [Rating.GOOD, Rating.AGAIN, Rating.HARD]


def test_hostile_code_leaves_only_its_submission(col: Collection) -> None:
    with col.connection() as conn:
        before = {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("cards", "review_log", "submissions", "settings")
        }
    hostile = GOOD.replace("out = x.reshape", "np.lib._datasource.os._exit(0)\n    out = x.reshape")
    report = _grade(col, hostile)
    assert not report.passed and report.checks[0].name == "loads"
    with col.connection() as conn:
        after = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in before}
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert after == {**before, "submissions": before["submissions"] + 1}


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    old = sys.stdin
    sys.stdin = io.StringIO("")
    try:
        code = main(list(args))
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = str(tmp_path / "d")
    code, out, _ = _cli(capsys, "exercises", "--json", "--data-dir", data)
    listed = json.loads(out)
    assert code == 0 and {"id", "lecture", "title", "functions", "status"} <= set(listed[0])
    assert next(e for e in listed if e["id"] == "affine")["status"] == "not started"
    code, out, _ = _cli(capsys, "exercise", "show", "affine", "--data-dir", data)
    assert code == 0 and "affine_forward" in out and "hint 1:" in out
    code, out, _ = _cli(capsys, "exercise", "show", "affine", "--lang", "ko", "--data-dir", data)
    assert "계층" in out
    wrong = tmp_path / "wrong.py"
    wrong.write_text(WRONG, encoding="utf-8")
    code, out, _ = _cli(capsys, "grade", "affine", str(wrong), "--json", "--data-dir", data)
    report = json.loads(out)
    assert code == 1 and report["passed"] is False and report["exercise"] == "affine"
    assert {"name", "passed", "message"} <= set(report["checks"][0]) and report["duration_s"] > 0
    backward = next(c for c in report["checks"] if c["name"] == "backward")
    assert "wrong axis" in backward["message"]
    good = tmp_path / "good.py"
    good.write_text(GOOD, encoding="utf-8")
    code, out, _ = _cli(capsys, "grade", "affine", str(good), "--data-dir", data)
    assert code == 0 and "affine: PASSED" in out
    code, _, err = _cli(capsys, "grade", "no_such_exercise", "--data-dir", data)
    assert code == 2 and "no exercise 'no_such_exercise'" in err
    code, _, err = _cli(capsys, "grade", "affine", str(tmp_path / "missing.py"), "--data-dir", data)
    assert code == 2 and "no such file" in err
    code, out, _ = _cli(capsys, "exercise", "history", "affine", "--data-dir", data)
    assert code == 0 and out.count("\n") == 2
    code, out, _ = _cli(capsys, "exercise", "reset", "affine", "--data-dir", data)
    assert code == 0 and "Reset" in out
    with sqlite3.connect(tmp_path / "d" / "collection.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM submissions").fetchone() == (2,)


def test_the_newest_grading_is_kept_as_it_was_reported(col: Collection) -> None:
    assert exercises.last_report(col, "affine") is None
    graded = _grade(col, WRONG)
    stored = exercises.last_report(col, "affine")
    assert stored is not None and stored.submission_id == graded.submission_id
    assert (stored.passed, stored.verdict) == (graded.passed, graded.verdict)
    assert [(c.name, c.passed, c.message, c.details, c.skipped) for c in stored.checks] == [
        (c.name, c.passed, c.message, c.details, c.skipped) for c in graded.checks
    ]
    assert stored.hints  # a failure shows the hints again
