"""Weekly progress against the roadmap, the review statistics and roadmap checks, on a
collection with a known review history in a zone with daylight saving (New York).

The course starts on Sunday 2026-03-01; the clocks go forward on 2026-03-08 at 02:00; a study
day starts at 04:00 local. "Today" is Wednesday 2026-03-25, day 4 of week 4.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from studyapp.cli import main
from studyapp.db.collection import Collection, open_collection
from studyapp.db.epoch import to_epoch_ms
from studyapp.domain.errors import RoadmapError, RoadmapItemNotFoundError, WeekNotFoundError
from studyapp.domain.notes import DailyLogEntry, LogItem, ParsedNotes, Roadmap, RoadmapItem
from studyapp.domain.notes import RoadmapWeek as NotesWeek
from studyapp.domain.progress import ItemSource
from studyapp.domain.scheduling import Memory, State
from studyapp.scheduler.fsrs_scheduler import retrievability
from studyapp.services.importing import import_notes
from studyapp.services.progress import course_progress, progress_tab_data, refresh_roadmap
from studyapp.services.review_stats import review_stats
from studyapp.services.roadmap import set_item_done
from studyapp.services.stats import collection_stats
from tests.studyapp.conftest import FakeClock, small_notes

NY = ZoneInfo("America/New_York")
START = date(2026, 3, 1)
TODAY = datetime(2026, 3, 25, 12, 0, tzinfo=NY)


def local(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=NY)


# (when, state before, rating, new card's first answer, ms); r0 falls on study day Feb 28.
REVIEWS = [
    (local(3, 1, 3), 2, 1, False, 1_000),  # r0 03:00: still Feb 28, before the course
    (local(3, 2, 10), 2, 3, False, 10_000),  # r1 week 1
    (local(3, 2, 11), 2, 1, False, 20_000),  # r2
    (local(3, 3, 3, 30), 1, 3, True, 5_000),  # r3 before the rollover: study day Mar 2
    (local(3, 8, 3, 30), 2, 4, False, 15_000),  # r4 EDT already, before 04:00: Mar 7, week 1
    (local(3, 8, 4, 30), 2, 2, False, 60_000),  # r5 after the rollover: Mar 8, week 2
    (local(3, 14, 23, 59), 3, 1, False, 30_000),  # r6 relearning: not in true retention
    (local(3, 15, 3, 59), 2, 1, False, 40_000),  # r7 study day Mar 14, week 2
    (local(3, 25, 9), 1, 3, True, 8_000),  # r8 today, week 4; week 3 has no reviews
]


def course_notes(*, first_done: bool = True, first_text: str = "강의 1강 수강") -> ParsedNotes:
    weeks = (
        NotesWeek(1, "완료", (RoadmapItem(first_text, first_done, 0),
                              RoadmapItem("Assignment 1 완료", False, 1))),
        NotesWeek(2, "진행중", (RoadmapItem("강의 2강 수강", False, 0),
                                RoadmapItem("과제 정리 및 강의 복습", False, 1))),
        NotesWeek(3, "", (RoadmapItem("Project 주제 선정", False, 0),)),
    )  # fmt: skip
    log = (
        DailyLogEntry(date(2026, 3, 5), date(2026, 3, 5),
                      (LogItem("Assignment1 완료", (), 1, 0, (1,)),), 0),
        DailyLogEntry(date(2026, 3, 10), date(2026, 3, 10),
                      (LogItem("Lecture 2 수강 시작", (2,), None, 0),), 1),  # only started
        DailyLogEntry(date(2026, 3, 27), date(2026, 3, 27),
                      (LogItem("Lecture 2 수강", (2,), None, 0),), 2),  # after today
    )  # fmt: skip
    return replace(
        small_notes(), title="Course - test", roadmap=Roadmap(START, 4, weeks), daily_log=log
    )


def seed(col: Collection) -> None:
    """The reviews, exercise gradings and quizzes above, written as the app writes them."""
    with col.connection() as conn:
        card = conn.execute("SELECT min(id) FROM cards").fetchone()[0]
        conn.executemany(
            "INSERT INTO review_log (card_id, reviewed_at, rating, duration_ms, state_before, "
            "state_after, was_new, due_after, stability_after, difficulty_after, before) "
            "VALUES (?, ?, ?, ?, ?, 2, ?, ?, 3.0, 5.0, '{}')",
            [(card, to_epoch_ms(at), rating, ms, state, new, to_epoch_ms(at) + 86_400_000)
             for at, state, rating, new, ms in REVIEWS],
        )  # fmt: skip
        gradings = [("relu", local(3, 4, 9), True), ("svm", local(3, 4, 10), False),
                    ("relu", local(3, 5, 9), True), ("affine", local(3, 12, 9), True)]  # fmt: skip
        for exercise, at, passed in gradings:
            conn.execute(
                "INSERT INTO submissions (exercise_id, submitted_at, code, code_sha256, passed, "
                "verdict, results, duration_ms) VALUES (?, ?, '', '', ?, 'passed', '[]', 1)",
                (exercise, to_epoch_ms(at), passed),
            )
        for exercise, due in (("relu", local(3, 10, 9)), ("affine", local(3, 16, 9))):
            conn.execute(
                "INSERT INTO exercise_items (exercise_id, fsrs_state, due, reps, lapses, "
                "failed_attempts) VALUES (?, 2, ?, 1, 0, 0)",
                (exercise, to_epoch_ms(due)),
            )
            conn.execute(
                "INSERT INTO exercise_reviews (exercise_id, submission_id, reviewed_at, rating, "
                "state_before, state_after, due_after) VALUES (?, 1, ?, 3, 1, 2, ?)",
                (exercise, to_epoch_ms(due - timedelta(days=6)), to_epoch_ms(due)),
            )
        quizzes = [(local(3, 3, 20), True, 10, 7), (local(3, 4, 20), False, 5, 0),
                   (local(3, 9, 20), True, 4, 4)]  # fmt: skip
        for at, finished, questions, correct in quizzes:
            conn.execute(
                "INSERT INTO quizzes (started_at, finished_at, scope, questions, correct) "
                "VALUES (?, ?, '{}', ?, ?)",
                (to_epoch_ms(at), to_epoch_ms(at) + 60_000 if finished else None, questions,
                 correct),
            )  # fmt: skip


def open_course(folder: Path, clock: FakeClock, tz: ZoneInfo | None = NY) -> Collection:
    return open_collection(folder, clock=clock, tz=tz or UTC)


@pytest.fixture
def today() -> FakeClock:
    return FakeClock(TODAY.astimezone(UTC))


@pytest.fixture
def course(tmp_path: Path, today: FakeClock) -> Iterator[Collection]:
    col = open_course(tmp_path / "data", today)
    import_notes(col, course_notes(), "Course")
    seed(col)
    yield col
    col.close()


def _activity(col: Collection) -> list[tuple[object, ...]]:
    return [
        (w.activity.reviews, w.activity.new_cards, w.activity.review_answers,
         w.activity.review_passed, w.activity.study_ms)
        for w in course_progress(col).weeks
    ]  # fmt: skip


def test_each_week_counts_its_study_days_across_rollover_and_daylight_saving(
    course: Collection,
) -> None:
    progress = course_progress(course)
    assert [(w.week, w.start, w.end) for w in progress.weeks] == [
        (k, START + timedelta(days=7 * (k - 1)), START + timedelta(days=7 * k - 1))
        for k in (1, 2, 3, 4)
    ]
    assert _activity(course) == [
        (4, 1, 3, 2, 50_000),  # r1 r2 r3 r4; r0 is before the course
        (3, 0, 2, 1, 130_000),  # r5 r6 r7
        (0, 0, 0, 0, 0),  # a week without reviews
        (1, 1, 0, 0, 8_000),
    ]
    week1, week2, week3, week4 = (w.activity for w in progress.weeks)
    assert week1.true_retention == pytest.approx(2 / 3)
    assert week2.true_retention == 0.5
    assert week3.true_retention is None and week4.true_retention is None
    assert (week1.study_minutes, week2.study_minutes, week4.study_minutes) == (0.8, 2.2, 0.1)
    daily = progress.daily
    assert daily.start == START and daily.end == date(2026, 3, 25)
    days = (START + timedelta(days=i) for i in range(daily.days))
    counts = dict(zip(days, daily.reviews, strict=True))
    assert counts[date(2026, 3, 2)] == 3 and counts[date(2026, 3, 3)] == 0  # r3 is Mar 2's
    assert counts[date(2026, 3, 7)] == 1 and counts[date(2026, 3, 8)] == 1


def test_exercises_and_quizzes_are_counted_in_their_weeks(course: Collection) -> None:
    weeks = [w.activity for w in course_progress(course).weeks]
    assert [a.exercises_passed for a in weeks] == [1, 1, 0, 0]  # relu twice counts once
    assert [a.exercises_due for a in weeks] == [0, 1, 1, 0]
    assert [(a.quizzes, a.quiz_questions, a.quiz_correct) for a in weeks] == [
        (1, 10, 7), (1, 4, 4), (0, 0, 0), (0, 0, 0)]  # fmt: skip
    assert weeks[0].quiz_score == 0.7 and weeks[2].quiz_score is None


def test_another_time_zone_moves_answers_to_other_study_days(
    course: Collection, today: FakeClock
) -> None:
    folder = course.folder
    course.close()
    with open_course(folder, today, tz=None) as col:  # UTC: 4 or 5 hours later than New York
        assert _activity(col) == [
            (4, 1, 3, 1, 36_000),  # r0 (Mar 1 08:00 UTC) joins; r4 leaves for Mar 8
            (3, 0, 2, 2, 105_000),  # r4 r5 r6
            (1, 0, 1, 0, 40_000),  # r7 is Mar 15's now
            (1, 1, 0, 0, 8_000),
        ]


def test_items_have_their_state_and_source(course: Collection) -> None:
    items = [(i.week, i.position, i.done, i.source) for w in course_progress(course).weeks
             for i in w.items]  # fmt: skip
    assert items == [
        (1, 1, True, ItemSource.NOTES),
        (1, 2, True, ItemSource.LOG),  # "Assignment1 완료" on Mar 5
        (2, 1, False, ItemSource.NOTES),  # lecture 2 only started; watched after today
        (2, 2, False, ItemSource.NOTES),
        (3, 1, False, ItemSource.NOTES),
    ]
    week1 = course_progress(course).weeks[0]
    assert week1.items[1].evidence == "2026-03-05: Assignment1 완료"
    assert (week1.planned, week1.done, week1.status) == (2, 2, "완료")


def test_today_is_behind_with_a_projected_finish_at_the_pace_so_far(course: Collection) -> None:
    today = course_progress(course).today
    assert (today.day, today.week, today.planned_items, today.done_items) == (
        date(2026, 3, 25), 4, 5, 2)  # fmt: skip
    assert today.expected_items == 5.0  # weeks 1-3 are over; week 4 plans nothing
    assert today.ahead_by_items == -3.0
    assert today.items_per_week == pytest.approx(2 * 7 / 25)
    assert today.projected_finish == START + timedelta(days=63 - 1)  # 5 items at 2 per 25 days
    assert today.planned_finish == date(2026, 3, 28)
    set_item_done(course, 3, "project", True)
    today = course_progress(course).today
    assert (today.done_items, today.ahead_by_items) == (3, -2.0)
    assert today.projected_finish == date(2026, 4, 11)  # ceil(5 * 25 / 3) = 42 days


def test_midweek_expectation_is_pro_rata(course: Collection, today: FakeClock) -> None:
    today.now = local(3, 11, 12).astimezone(UTC)  # day 4 of week 2
    pace = course_progress(course).today
    assert pace.expected_items == pytest.approx(2 + 2 * 4 / 7)
    assert pace.week == 2


def test_an_app_check_outlives_a_reimport_and_both_changes_are_recorded(
    course: Collection, today: FakeClock
) -> None:
    today.advance(hours=1)
    result = set_item_done(course, 3, "1", True)
    assert result.changed and result.changes.notes and result.item.source is ItemSource.APP
    today.advance(hours=1)
    import_notes(course, course_notes(), "Course")  # the notes still leave it unchecked
    item = course_progress(course).weeks[2].items[0]
    assert (item.done, item.source) == (True, ItemSource.APP)
    with course.connection() as conn:
        marks = conn.execute(
            "SELECT source, done FROM roadmap_marks WHERE week = 3 ORDER BY changed_at, id"
        ).fetchall()
    assert marks == [("notes", 0), ("app", 1)]


def test_a_box_changed_in_the_notes_later_wins_over_the_app(
    course: Collection, today: FakeClock
) -> None:
    def first() -> tuple[bool, ItemSource]:
        item = course_progress(course).weeks[0].items[0]
        return item.done, item.source

    today.advance(minutes=1)
    assert set_item_done(course, 1, "강의 1강", False).changed
    assert first() == (False, ItemSource.APP)
    today.advance(minutes=1)
    import_notes(course, course_notes(first_text="강의  1강   수강"), "Course")  # same, spaced
    assert first() == (False, ItemSource.APP)
    today.advance(minutes=1)
    import_notes(course, course_notes(first_done=False), "Course")
    today.advance(minutes=1)
    import_notes(course, course_notes(first_done=True), "Course")
    assert first() == (True, ItemSource.NOTES)
    with course.connection() as conn:
        marks = conn.execute(
            "SELECT source, done FROM roadmap_marks WHERE week = 1 AND text LIKE '강의%' "
            "ORDER BY changed_at, id"
        ).fetchall()
    assert marks == [("notes", 1), ("app", 0), ("notes", 0), ("notes", 1)]


def test_the_notes_state_is_recorded_before_the_first_app_change(course: Collection) -> None:
    # A collection imported before marks existed has none: the app's first change records
    # the notes' box first, so the next import does not take it for a new change.
    with course.connection() as conn:
        conn.execute("DELETE FROM roadmap_marks")
    set_item_done(course, 3, "Project", True)
    import_notes(course, course_notes(), "Course")
    assert course_progress(course).weeks[2].items[0].done


def test_unchecking_in_the_app_beats_the_daily_log(course: Collection) -> None:
    result = set_item_done(course, 1, "Assignment", False)
    assert result.changed and not result.item.done and result.item.source is ItemSource.APP


def test_checking_twice_changes_nothing(course: Collection) -> None:
    assert set_item_done(course, 3, "Project", True).changed
    again = set_item_done(course, 3, "Project", True)
    assert not again.changed and again.changes.empty


@pytest.mark.parametrize(
    ("week", "item", "error", "words"),
    [
        (9, "1", WeekNotFoundError, "has no roadmap week 9 (weeks: 1, 2, 3)"),
        (2, "3", RoadmapItemNotFoundError, "week 2 has 2 items, not 3"),
        (2, "없는 항목", RoadmapItemNotFoundError, "no item of week 2 contains"),
        (2, "강의", RoadmapItemNotFoundError, "'강의' matches 2 items of week 2; give its number"),
    ],
)
def test_a_bad_week_or_item_is_refused_in_one_line(
    course: Collection, week: int, item: str, error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=re.escape(words)) as caught:
        set_item_done(course, week, item, True)
    assert "\n" not in str(caught.value)


def test_an_exact_text_is_found_although_it_is_part_of_another(course: Collection) -> None:
    assert set_item_done(course, 2, "강의 2강 수강", True).item.position == 1


def test_a_week_outside_the_course_is_refused(course: Collection) -> None:
    with pytest.raises(WeekNotFoundError, match="weeks are 1 to 4"):
        course_progress(course).week(5)


def test_refreshing_the_roadmap_keeps_the_review_figures(course: Collection) -> None:
    data = progress_tab_data(course)
    set_item_done(course, 2, 2, True)
    fresh = refresh_roadmap(course, data)
    assert fresh.progress.weeks[1].items[1].source is ItemSource.APP
    assert fresh.progress.today.done_items == data.progress.today.done_items + 1
    assert [w.activity for w in fresh.progress.weeks] == [w.activity for w in data.progress.weeks]


def _memory(col: Collection, card: int, **values: object) -> None:
    columns = ", ".join(f"{k} = ?" for k in values)
    with col.connection() as conn:
        conn.execute(f"UPDATE cards SET {columns} WHERE id = ?", (*values.values(), card))


def _cards(col: Collection) -> list[int]:
    with col.connection() as conn:
        return [r[0] for r in conn.execute("SELECT id FROM cards ORDER BY id")]


def test_the_forecast_counts_cards_by_study_day(course: Collection) -> None:
    ids = _cards(course)  # six cards
    due = {  # study days from today: overdue counts today; 04:00 starts a day
        ids[0]: local(3, 20, 9), ids[1]: local(3, 26, 3, 59), ids[2]: local(3, 26, 4),
        ids[3]: local(4, 23, 12), ids[4]: local(4, 24, 4),  # day 29, then day 30: not shown
    }  # fmt: skip
    for card, at in due.items():
        _memory(course, card, reps=1, fsrs_state=2, due=to_epoch_ms(at))
    _memory(course, ids[5], reps=1, fsrs_state=2, due=to_epoch_ms(local(3, 26, 12)), suspended=1)
    forecast = review_stats(course).forecast
    assert forecast.start == date(2026, 3, 25) and len(forecast.counts) == 30
    assert forecast.counts[:3] == (2, 1, 0) and forecast.counts[29] == 1
    assert sum(forecast.counts) == 4


def test_memory_state_histograms_and_retrievability_as_fsrs_computes_it(
    course: Collection,
) -> None:
    ids = _cards(course)
    now = TODAY.astimezone(UTC)
    states = [(2.0, 1.5, 3), (10.0, 5.0, 12), (30.0, 9.5, 40), (0.5, 3.0, 1)]  # S, D, days ago
    for card, (s, d, ago) in zip(ids, states, strict=False):
        last = now - timedelta(days=ago, hours=5)
        due = to_epoch_ms(now + timedelta(days=s))
        _memory(course, card, reps=3, fsrs_state=2, stability=s, difficulty=d,
                last_review=to_epoch_ms(last), due=due)  # fmt: skip
    stats = review_stats(course)
    counts = stats.stability.counts  # bins from 0, 1, 2, 3, 5, 7, 10, 14, 21, 30 days
    assert {stats.stability.edges[i]: n for i, n in enumerate(counts) if n} == {
        0: 1, 2: 1, 10: 1, 30: 1}  # fmt: skip
    assert stats.difficulty.counts[0] == 1 and stats.difficulty.counts[-1] == 1
    expected = [
        retrievability(card, Memory(State.REVIEW, None, s, d, now, now - timedelta(days=a, hours=5),
                                    3), now, course_settings(course))
        for card, (s, d, a) in zip(ids, states, strict=False)
    ]  # fmt: skip
    assert stats.retrievability.mean == pytest.approx(sum(expected) / 4)
    assert sum(stats.retrievability.counts) == 4
    # an interval (last review to due) of 21 days or more is mature: 22 and 70 days here
    assert stats.card_states.young == 2 and stats.card_states.mature == 2
    assert stats.card_states.new == 2


def course_settings(col: Collection) -> object:
    from studyapp.db.decks import deck_settings

    with col.connection() as conn:
        return next(iter(deck_settings(conn, [1]).values()))


def test_a_fitted_decay_changes_retrievability(course: Collection) -> None:
    card = _cards(course)[0]
    now = TODAY.astimezone(UTC)
    _memory(course, card, reps=3, fsrs_state=2, stability=5.0, difficulty=5.0,
            last_review=to_epoch_ms(now - timedelta(days=20)), due=to_epoch_ms(now))  # fmt: skip
    default = review_stats(course).retrievability.mean
    params = [0.2] * 20 + [0.5]
    with course.connection() as conn:
        conn.execute("UPDATE deck_config SET fsrs_params = ?", (json.dumps(params),))
    fitted = review_stats(course).retrievability.mean
    factor = 0.9 ** (-1 / 0.5) - 1
    assert fitted == pytest.approx((1 + factor * 20 / 5.0) ** -0.5)
    assert default is not None and fitted != pytest.approx(default)


def test_buttons_hours_calendar_and_retention_over_time(course: Collection) -> None:
    stats = review_stats(course)
    assert stats.buttons.learning == (0, 0, 2, 0)
    assert stats.buttons.review == (3, 1, 1, 1)
    assert stats.buttons.relearning == (1, 0, 0, 0)
    hours = dict(enumerate(stats.hours.reviews))
    assert {h: n for h, n in hours.items() if n} == {3: 4, 4: 1, 9: 1, 10: 1, 11: 1, 23: 1}
    calendar = stats.calendar
    assert calendar.days == 365 and calendar.end == date(2026, 3, 25)
    assert calendar.reviews[calendar.index(date(2026, 2, 28))] == 1 and sum(calendar.reviews) == 9
    retention = stats.retention
    assert len(retention.starts) == 52 and retention.starts[-1] == date(2026, 3, 19)
    assert retention.review_answers[-4:] == (3, 2, 1, 0)  # Feb 26-Mar 4, Mar 5-11, 12-18, 19-25
    assert retention.review_passed[-4:] == (1, 2, 0, 0)
    assert retention.desired == 0.9


def test_stats_json_keeps_its_keys_and_gains_the_review_statistics(course: Collection) -> None:
    data = collection_stats(course).to_json()
    assert {"deck", "decks", "lectures", "cards", "roadmap", "reviews", "due_today"} <= set(data)
    assert set(data["review_stats"]) == {
        "today", "forecast", "calendar", "retention", "stability", "difficulty",
        "retrievability", "buttons", "hours", "card_states",
    }  # fmt: skip
    json.dumps(data)
    assert data["reviews"] == len(REVIEWS)


def test_the_review_scan_reads_only_the_covering_index(course: Collection) -> None:
    from studyapp.services.history import _SCAN, temp_ranges

    with course.connection() as conn, temp_ranges(conn, "history_buckets", [0, 1]):
        plan = " ".join(
            str(r[3]) for r in conn.execute("EXPLAIN QUERY PLAN " + _SCAN.format(where=""))
        )
    assert "COVERING INDEX ix_review_log_history" in plan and "TEMP B-TREE" not in plan


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_progress_check_and_uncheck_on_the_bundled_deck(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = ["--data-dir", str(tmp_path / "home")]
    code, out, _ = _cli(capsys, "progress", "--json", *home)
    data = json.loads(out)
    assert code == 0 and data["course_start"] == "2025-12-24" and data["weeks_planned"] == 6
    week5 = data["weeks"][4]
    assert {"week", "start", "end", "planned", "done", "items", "reviews", "new_cards",
            "true_retention", "study_minutes", "exercises_passed"} <= set(week5)  # fmt: skip
    lecture18 = week5["items"][1]
    assert (lecture18["text"], lecture18["done"], lecture18["source"]) == (
        "강의 18강 수강", True, "log")  # fmt: skip
    assert {"week", "ahead_by_items", "projected_finish"} <= set(data["today"])
    code, out, _ = _cli(capsys, "roadmap", "check", "5", "Project", *home)
    assert code == 0 and "week 5 item 4 checked in the app" in out
    code, out, _ = _cli(capsys, "progress", "--week", "5", "--json", *home)
    (week,) = json.loads(out)["weeks"]
    assert week["done"] == 4 and week["items"][3]["source"] == "app"
    code, out, _ = _cli(capsys, "roadmap", "uncheck", "5", "4", *home)
    assert code == 0 and "unchecked in the app" in out
    code, _, err = _cli(capsys, "roadmap", "check", "5", "9", *home)
    assert code == 1 and err.count("\n") == 1 and "week 5 has 4 items, not 9" in err
    code, _, err = _cli(capsys, "progress", "--week", "0", *home)
    assert code == 1 and "week 0 is not a week of deck 'CS231n'" in err
    code, out, _ = _cli(capsys, "progress", *home)
    assert code == 0 and "2. [x] 강의 18강 수강  (log: 2026-01-27" in out


def test_another_deck_answers_are_kept_apart(course: Collection) -> None:
    other = replace(course_notes(), title="Other - notes")
    import_notes(course, other, "Other")
    with course.connection() as conn:
        card = conn.execute("SELECT min(c.id) FROM cards c JOIN decks d ON d.id = c.deck_id "
                            "WHERE d.name = 'Other'").fetchone()[0]  # fmt: skip
        conn.execute(
            "INSERT INTO review_log (card_id, reviewed_at, rating, duration_ms, state_before, "
            "state_after, was_new, due_after, before) VALUES (?, ?, 1, 1000, 2, 3, 0, ?, '{}')",
            (card, to_epoch_ms(local(3, 2, 12)), to_epoch_ms(local(3, 3, 12))),
        )
    with pytest.raises(RoadmapError, match="decks 'Course', 'Other' have a roadmap; choose one"):
        course_progress(course)
    assert course_progress(course, "Course").weeks[0].activity.reviews == 4
    assert course_progress(course, "Other").weeks[0].activity.reviews == 1
    assert sum(review_stats(course, "Other").calendar.reviews) == 1
    assert sum(review_stats(course).calendar.reviews) == len(REVIEWS) + 1


def test_a_course_that_has_not_started(tmp_path: Path, today: FakeClock) -> None:
    with open_course(tmp_path / "early", today) as col:
        notes = course_notes()
        later = replace(notes.roadmap, start=date(2026, 5, 1), weeks_planned=None, weeks=())
        import_notes(col, replace(notes, roadmap=later), "Course")
        progress = course_progress(col)
    assert progress.weeks == () and progress.today.week == 0
    assert progress.today.projected_finish is None and progress.today.expected_items == 0
    with pytest.raises(WeekNotFoundError, match="has no weeks yet: the course starts on 2026-05"):
        progress.week(1)
