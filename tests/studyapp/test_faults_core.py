"""Regression tests for faults found in testing (core side): half-written backups, daylight
saving, answer buttons that disagree with the answer, and a suite that needs every extra."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studyapp.db.backup import PARTIAL_GLOB, backup_collection, list_backups
from studyapp.db.collection import Collection, open_collection
from studyapp.domain.scheduling import DeckSettings, Memory, Rating, State
from studyapp.domain.studyday import local_zone
from studyapp.scheduler.fsrs_scheduler import fuzzed_days, next_states
from studyapp.services.due import due_counts
from studyapp.services.importing import import_notes
from studyapp.services.settings import change_settings
from studyapp.services.study import StudySession
from tests.studyapp.conftest import FakeClock, small_notes

HERE = Path(__file__).resolve().parent

# -- 5. a backup killed half-way ---------------------------------------------------------------

KILL_BEFORE_RENAME = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from studyapp import fileutil
    from studyapp.db.backup import backup_collection

    fileutil.replace_durably = lambda src, dst: os.kill(os.getpid(), signal.SIGKILL)
    backup_collection(Path(sys.argv[1]), Path(sys.argv[2]), "killed", 3)
    """
)


def test_a_backup_killed_half_way_leaves_no_backup_behind(col: Collection) -> None:
    folder = col.folder / "backups"
    made = [col.backup(f"n{i}") for i in range(3)]
    proc = subprocess.run(
        [sys.executable, "-c", KILL_BEFORE_RENAME, str(col.path), str(folder)], timeout=60
    )
    assert proc.returncode == -signal.SIGKILL
    partial = list(folder.glob(PARTIAL_GLOB))
    assert len(partial) == 1, "the kill should have left the temporary file"
    assert list_backups(folder) == made[::-1]  # not listed, and it did not push one out
    col.set_setting("backups_keep", 3)
    newest = col.backup("after")
    assert list(folder.glob(PARTIAL_GLOB)) == []  # the next backup clears it away
    assert list_backups(folder) == [newest, made[2], made[1]]


def test_backup_is_written_under_a_temporary_name_first(col: Collection, tmp_path: Path) -> None:
    seen: list[str] = []
    import studyapp.fileutil as fileutil

    real = fileutil.replace_durably

    def spy(src: Path, dst: Path) -> None:
        seen.append(src.name)
        assert src.exists() and not dst.exists()
        real(src, dst)

    fileutil.replace_durably = spy
    try:
        target = backup_collection(col.path, tmp_path / "b", "spy", 5)
    finally:
        fileutil.replace_durably = real
    assert seen and seen[0].startswith(".") and seen[0] != target.name


# -- 8. daylight saving -------------------------------------------------------------------


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_local_zone_has_its_daylight_saving_rules(new_york: None) -> None:
    zone = local_zone()
    winter = datetime(2026, 1, 10, 12, tzinfo=UTC).astimezone(zone).utcoffset()
    summer = datetime(2026, 7, 10, 12, tzinfo=UTC).astimezone(zone).utcoffset()
    assert (winter, summer) == (timedelta(hours=-5), timedelta(hours=-4))


def test_the_study_day_starts_at_the_rollover_hour_in_summer_time(
    new_york: None, tmp_path: Path
) -> None:
    # The collection takes the local zone (no tz passed): in July the day starts at 04:00 EDT,
    # which is 08:00 UTC, whatever offset the machine's clock has today.
    clock = FakeClock(datetime(2026, 7, 10, 7, 30, tzinfo=UTC))  # 03:30 EDT: still July 9
    with open_collection(tmp_path / "d", clock=clock) as col:
        import_notes(col, small_notes(), "Test")
        change_settings(col, "Test", {"new_per_day": 1})
        with StudySession(col, "Test") as session:
            assert session.next_card() is not None
            session.answer(Rating.EASY)
        clock.now = datetime(2026, 7, 10, 7, 59, tzinfo=UTC)  # 03:59 EDT
        assert due_counts(col, "Test")[0].counts.new == 0
        clock.now = datetime(2026, 7, 10, 8, 0, tzinfo=UTC)  # 04:00 EDT: a new study day
        assert due_counts(col, "Test")[0].counts.new == 1
        assert col.study_day().isoformat() == "2026-07-10"


def test_the_daily_backup_follows_the_study_day(new_york: None, tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 1, 11, 4, 0, tzinfo=UTC))  # Jan 10, 23:00 EST
    folder = tmp_path / "d"
    open_collection(folder, clock=clock).close()  # created: no backup yet
    clock.now = datetime(2026, 1, 11, 5, 0, tzinfo=UTC)  # Jan 11 00:00 EST: same study day
    open_collection(folder, clock=clock).close()
    assert list_backups(folder / "backups") == []
    clock.now = datetime(2026, 1, 11, 9, 30, tzinfo=UTC)  # 04:30 EST: a new study day
    open_collection(folder, clock=clock).close()
    open_collection(folder, clock=clock).close()
    assert [b.name.endswith("-daily.sqlite3") for b in list_backups(folder / "backups")] == [True]


# -- 9. the buttons show what the answer schedules -------------------------------------------


def _make_reviews(col: Collection, clock: FakeClock) -> None:
    with col.connection() as conn:
        due = int(clock.now.timestamp() * 1000)
        conn.execute(
            "UPDATE cards SET fsrs_state = 2, step = NULL, stability = 40.0 + id, "
            "difficulty = 5.0, due = ?, last_review = ?, reps = 3",
            (due, due - 45 * 86_400_000),
        )


@pytest.mark.parametrize("rating", list(Rating))
def test_the_interval_on_each_button_is_the_one_committed(
    col: Collection, clock: FakeClock, rating: Rating
) -> None:
    import_notes(col, small_notes(), "Test")
    _make_reviews(col, clock)
    with StudySession(col, "Test") as session:
        answered = 0
        while (card := session.next_card()) is not None and card.state == State.REVIEW:
            shown = session.intervals()
            clock.advance(seconds=7)  # the learner thinks before answering
            result = session.answer(rating)
            assert result.interval == shown[rating]
            assert result.due - clock.now == shown[rating]
            answered += 1
        assert answered == 6


def test_fuzz_is_deterministic_per_card_and_review_count() -> None:
    settings = DeckSettings()
    now = datetime(2026, 3, 1, tzinfo=UTC)
    memory = Memory(State.REVIEW, None, 30.0, 5.0, now, now - timedelta(days=30), 4, 0)
    first = next_states(7, memory, now, settings)
    assert next_states(7, memory, now, settings) == first
    spread = {next_states(card, memory, now, settings)[Rating.GOOD].interval for card in range(40)}
    assert len(spread) > 3  # fuzz still spreads cards due on the same day
    days = [fuzzed_days(50, 36500, seed) for seed in range(200)]
    # fsrs's range for 50 days is 46..54, drawn as round(random * 9 + 46): 55 can come up
    assert min(days) >= 46 and max(days) <= 55 and len(set(days)) > 5
    assert fuzzed_days(2, 36500, 1) == 2 and fuzzed_days(400, 300, 1) <= 300


# -- 11. the test extra alone runs the suite -----------------------------------------------


def test_the_suite_runs_without_torch_and_anki(tmp_path: Path) -> None:
    repo = HERE.parents[1]
    proc = subprocess.run(
        [
            sys.executable,
            str(HERE / "helpers" / "blocked_pytest.py"),
            "-q",
            "-p",
            "no:cacheprovider",
            "-rs",
            "tests/engine/test_conv.py",
            "tests/bench/test_review_latency_smoke.py::test_both_sides",
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "PyTorch is not installed" in proc.stdout
    assert "could not import 'anki'" in proc.stdout
