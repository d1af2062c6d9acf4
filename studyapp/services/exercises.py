"""Graded exercises as a learner uses them: the catalog with each exercise's status, the
workspace copy of a solution, grading (in the sandbox) with every submission stored, and passed
exercises coming back on FSRS to be re-implemented from a blank starter.

Scheduling: a first-try pass rates Good, a pass after failed attempts Hard, and a failure of a
due exercise (one that had passed) Again. Only gradings of a due exercise are reviews;
re-grading a passed solution early is stored but schedules nothing, and a due exercise must be
re-implemented: the exact solution that passed before does not count again.
"""

from __future__ import annotations

import difflib
import hashlib
import shutil
import threading
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studyapp import paths
from studyapp.db import exercises as store
from studyapp.db.collection import Collection
from studyapp.domain.changes import Changes
from studyapp.domain.errors import UsageError
from studyapp.domain.grading import CheckResult, ExerciseStatus, GradeReport, RunVerdict
from studyapp.domain.scheduling import DeckSettings, Memory, Rating
from studyapp.domain.studyday import day_bounds
from studyapp.fileutil import private_dir, write_atomic
from studyapp.grading.catalog import CatalogError, Exercise, find_exercise, load_catalog
from studyapp.jobs import Job, Progress, run
from studyapp.scheduler.fsrs_scheduler import next_states

if TYPE_CHECKING:
    from studyapp.grading.sandbox import Limits

# Exercises graduate at once (no minute-long learning steps): a pass is a review.
EXERCISE_SETTINGS = DeckSettings(learning_steps_min=(), relearning_steps_min=())
EXERCISE_CHANGES = Changes(exercises=True, study_queues=True)


@dataclass(frozen=True)
class ExerciseRow:
    id: str
    lecture: int
    group: str
    title: str
    title_ko: str
    functions: tuple[str, ...]
    status: ExerciseStatus
    attempts: int
    due: datetime | None  # when a passed exercise comes back

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "lecture": self.lecture,
            "group": self.group,
            "title": self.title,
            "title_ko": self.title_ko,
            "functions": list(self.functions),
            "status": self.status.value,
            "attempts": self.attempts,
            "due": self.due.isoformat() if self.due else None,
        }


@dataclass(frozen=True)
class ExerciseDetail:
    exercise: Exercise
    statement: str
    hints: tuple[str, ...]
    workspace: Path
    row: ExerciseRow


@dataclass(frozen=True)
class SubmissionView:
    id: int
    submitted_at: datetime
    passed: bool
    verdict: str
    duration_ms: int


def exercise(exercise_id: str) -> Exercise:
    try:
        return find_exercise(exercise_id)
    except CatalogError as err:
        raise UsageError(str(err)) from None


def _due_before(col: Collection) -> datetime:
    return day_bounds(col.clock(), int(col.setting("rollover_hour")), col.tz)[1]


def list_exercises(col: Collection) -> list[ExerciseRow]:
    """The catalog by lecture, each with its best status."""
    with col.connection() as conn:
        summaries, items = store.summaries(conn), store.items(conn)
    end = _due_before(col)
    return [_row(e, summaries.get(e.id), items.get(e.id), end) for e in load_catalog()]


def _row(ex: Exercise, summary: store.Summary | None, item: store.Item | None,
         end: datetime) -> ExerciseRow:  # fmt: skip
    due = item.memory.due if item else None
    if summary is None:
        status = ExerciseStatus.NOT_STARTED
    elif item is not None and due is not None and due < end:
        status = ExerciseStatus.DUE
    elif item is not None or summary.ever_passed:
        status = ExerciseStatus.PASSED
    else:
        status = ExerciseStatus.FAILING
    attempts = summary.attempts if summary else 0
    return ExerciseRow(ex.id, ex.lecture, ex.group, ex.title, ex.title_ko, ex.function_names,
                       status, attempts, due)  # fmt: skip


def workspace(col: Collection, exercise_id: str) -> Path:
    """The learner's copy of the exercise, created from the starter on first use."""
    ex = exercise(exercise_id)
    folder = private_dir(paths.workspace_dir(col.folder))
    path = folder / f"{ex.id}.py"
    if not path.exists():
        write_atomic(path, ex.starter.read_bytes())
    return path


def show(col: Collection, exercise_id: str, language: str = "en") -> ExerciseDetail:
    ex = exercise(exercise_id)
    row = next(r for r in list_exercises(col) if r.id == ex.id)
    hints = ex.hints_ko if language == "ko" else ex.hints
    return ExerciseDetail(ex, ex.statement(language), hints, workspace(col, ex.id), row)


def reset(col: Collection, exercise_id: str) -> Path:
    """Put the blank starter back; the file it replaces is kept in workspace/history/."""
    path = workspace(col, exercise_id)
    ex = exercise(exercise_id)
    if path.read_bytes() != ex.starter.read_bytes():
        history = private_dir(path.parent / "history")
        stamp = col.clock().strftime("%Y%m%d-%H%M%S")
        shutil.copy2(path, history / f"{ex.id}-{stamp}.py")
    write_atomic(path, ex.starter.read_bytes())
    return path


def grade_exercise_job(
    col: Collection,
    exercise_id: str,
    source: Path | None = None,
    *,
    limits: Limits | None = None,
    cancel: threading.Event | None = None,
) -> Job[GradeReport]:
    """Grade the learner's file (the workspace copy by default) and store the submission; a
    pass (or a due exercise's failure) schedules the exercise. A cancelled grading stores
    nothing."""
    # The grader (NumPy, the checks) is imported only to grade: listing exercises stays light.
    from studyapp.grading.grader import grade_job
    from studyapp.grading.sandbox import Limits

    ex = exercise(exercise_id)
    path = source if source is not None else workspace(col, ex.id)
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    code = path.read_bytes().decode("utf-8", errors="replace")
    report = yield from grade_job(ex, path, limits or Limits(), cancel=cancel)
    if report.verdict is RunVerdict.CANCELLED:
        return report
    yield Progress(1, 1, "saving the result")
    submission_id, note = _record(col, ex, code, report)
    hints = report.hints + ((note,) if note else ())
    return replace(report, submission_id=submission_id, hints=hints)


def grade_exercise(col: Collection, exercise_id: str, source: Path | None = None,
                   limits: Limits | None = None) -> GradeReport:  # fmt: skip
    return run(grade_exercise_job(col, exercise_id, source, limits=limits))


def _record(col: Collection, ex: Exercise, code: str, report: GradeReport) -> tuple[int, str]:
    now = col.clock()
    sha = hashlib.sha256(code.encode("utf-8")).hexdigest()
    results = [c.to_json() for c in report.checks]
    note = ""
    with col.connection() as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            item = store.fetch_item(conn, ex.id)
            failed_so_far = store.failed_attempts(conn, ex.id)
            passed_before = {s.code_sha256 for s in store.submissions(conn, ex.id) if s.passed}
            new = store.NewSubmission(ex.id, now, code, sha, report.passed, report.verdict.value,
                                      results, round(report.duration_s * 1000))  # fmt: skip
            submission = store.insert_submission(conn, new)
            if item is None:
                if report.passed:
                    rating = Rating.GOOD if failed_so_far == 0 else Rating.HARD
                    _review(conn, ex.id, submission, Memory(), rating, now, first=now)
            elif item.memory.due is not None and item.memory.due < _due_before(col):
                note = _review_due(conn, item, submission, report, sha in passed_before, now)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return submission, note


def _review_due(conn: Any, item: store.Item, submission: int, report: GradeReport,
                same_as_before: bool, now: datetime) -> str:  # fmt: skip
    if report.passed and same_as_before:
        return ("This is the solution that passed before. To review the exercise, reset it to "
                "the blank starter (studyapp exercise reset) and write it again.")  # fmt: skip
    if report.passed:
        rating = Rating.GOOD if item.failed_attempts == 0 else Rating.HARD
        _review(conn, item.exercise_id, submission, item.memory, rating, now, item.first_passed_at)
        return ""
    if item.failed_attempts == 0:  # the first failure of a due exercise: it is forgotten
        _review(conn, item.exercise_id, submission, item.memory, Rating.AGAIN, now,
                item.first_passed_at, failed=1)  # fmt: skip
    else:
        store.save_item(conn, replace(item, failed_attempts=item.failed_attempts + 1))
    return ""


def _review(conn: Any, exercise_id: str, submission: int, before: Memory, rating: Rating,
            now: datetime, first: datetime | None, failed: int = 0) -> None:  # fmt: skip
    state = next_states(_item_key(exercise_id), before, now, EXERCISE_SETTINGS)[rating]
    after = replace(state.memory, due=now + state.interval, last_review=now)
    store.save_item(conn, store.Item(exercise_id, after, failed, first))
    store.insert_review(conn, exercise_id, submission, now, rating, before, after)


def _item_key(exercise_id: str) -> int:
    """A stable integer for the scheduler's deterministic fuzz."""
    return int(hashlib.sha256(exercise_id.encode()).hexdigest()[:8], 16)


def last_report(col: Collection, exercise_id: str) -> GradeReport | None:
    """The newest grading as it was stored (what the code printed is not kept), or None."""
    ex = exercise(exercise_id)
    with col.connection() as conn:
        found = store.last_submission(conn, ex.id)
    if found is None:
        return None
    submission, passed, verdict, results, duration_ms = found
    checks = tuple(CheckResult.from_json(r) for r in results)
    return GradeReport(ex.id, passed, RunVerdict(verdict), checks, duration_ms / 1000,
                       submission_id=submission, hints=() if passed else ex.hints)  # fmt: skip


def history(col: Collection, exercise_id: str) -> list[SubmissionView]:
    with col.connection() as conn:
        rows = store.submissions(conn, exercise(exercise_id).id)
    return [SubmissionView(r.id, r.submitted_at, r.passed, r.verdict, r.duration_ms) for r in rows]


def submission_diff(col: Collection, older: int, newer: int) -> str:
    """A unified diff between two submissions' code."""
    with col.connection() as conn:
        a, b = store.submission_code(conn, older), store.submission_code(conn, newer)
    return "".join(
        difflib.unified_diff(a.splitlines(True), b.splitlines(True), f"#{older}", f"#{newer}")
    )
