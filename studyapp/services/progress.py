"""Progress against the roadmap, week by week, and where the learner stands today.

Week k covers the study days course start + 7(k-1) to + 7k - 1 (rollover hour and time zone of
the collection). Each week has its roadmap items with their state and source (notes, app, daily
log: studyapp.services.roadmap) and what was studied in it: answers, new cards, true retention,
study time (one scan of the review log: studyapp.services.history), exercises passed and due
again, quiz scores. Today's standing counts each week's items pro rata of its days begun and
projects the finish at the pace since the course started.

`progress_tab_data` is what the GUI's progress tab calls, once, on a worker thread (it scans
the review log); switching weeks redraws from its result, and after a check in the app
`refresh_roadmap` re-reads only the roadmap.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import replace
from datetime import date, timedelta

import numpy as np

from studyapp.db.collection import Collection
from studyapp.db.epoch import to_epoch_ms
from studyapp.domain.progress import (
    CourseProgress,
    Pace,
    ProgressTabData,
    WeekActivity,
    WeekProgress,
    week_start,
)
from studyapp.domain.studyday import day_start
from studyapp.services.evidence import log_lines
from studyapp.services.history import Activity, activity, reading, temp_ranges
from studyapp.services.review_stats import Scope, forecast, scope
from studyapp.services.roadmap import (
    Course,
    RoadmapWeekRow,
    course,
    item_states,
    roadmap_rows,
)


def course_progress(col: Collection, deck: str | None = None) -> CourseProgress:
    """The roadmap deck's weeks and today's standing (heavy: scans the review log)."""
    return progress_tab_data(col, deck).progress


def progress_tab_data(col: Collection, deck: str | None = None) -> ProgressTabData:
    """Everything the progress tab shows: the course's weeks and the due forecast (heavy: it
    scans the review log; call it on a worker thread)."""
    with reading(col) as conn:
        plan = course(conn, deck)
        where = scope(col, conn, plan.name)
        first = min(plan.start, where.today)
        found = activity(conn, first, where.today, where.rollover_hour, where.tz, where.where)
        return ProgressTabData(_progress(conn, plan, where, found), forecast(conn, where))


def refresh_roadmap(col: Collection, data: ProgressTabData) -> ProgressTabData:
    """`data` with the roadmap items and today's standing read again (cheap: after an item
    is checked or unchecked); the review figures are kept."""
    old = data.progress
    with reading(col) as conn:
        plan = course(conn, old.deck)
        states = item_states(conn, plan.deck_id, old.today.day)
        rows = roadmap_rows(conn, plan.deck_id)
    weeks = tuple(
        replace(w, items=states.get(w.week, ()), status=_status(rows, w.week)) for w in old.weeks
    )
    today = pace(plan, weeks, old.today.day)
    return replace(data, progress=replace(old, weeks=weeks, today=today))


def _progress(conn: sqlite3.Connection, plan: Course, where: Scope,
              found: Activity) -> CourseProgress:  # fmt: skip
    today = where.today
    states = item_states(conn, plan.deck_id, today)
    rows = roadmap_rows(conn, plan.deck_id)
    current = (today - plan.start).days // 7 + 1 if today >= plan.start else 0
    count = max(plan.weeks_planned or 0, max(states, default=0), current)
    bounds = [
        to_epoch_ms(day_start(week_start(plan.start, k), where.rollover_hour, where.tz))
        for k in range(1, count + 2)
    ]
    activities = _week_activity(conn, plan.start, count, found, bounds, where)
    weeks = tuple(
        WeekProgress(
            week=k,
            start=week_start(plan.start, k),
            end=week_start(plan.start, k + 1) - timedelta(days=1),
            status=_status(rows, k),
            items=states.get(k, ()),
            activity=activities[k - 1],
        )
        for k in range(1, count + 1)
    )
    since = max(plan.start, found.first)
    daily = found.daily(since, today) if plan.start <= today else found.daily(today, today)
    return CourseProgress(
        deck=plan.name,
        course_start=plan.start,
        weeks_planned=plan.weeks_planned,
        desired_retention=plan.desired_retention,
        weeks=weeks,
        today=pace(plan, weeks, today),
        timeline=tuple(log_lines(conn, plan.deck_id)),
        daily=daily,
    )


def _status(rows: dict[int, RoadmapWeekRow], week: int) -> str:
    return rows[week].status if week in rows else ""


def _week_activity(conn: sqlite3.Connection, start: date, count: int, found: Activity,
                   bounds: list[int], where: Scope) -> list[WeekActivity]:  # fmt: skip
    per_day = found.per_day()
    offsets = np.arange(found.days) + (found.first - start).days  # days since the course start
    inside = (offsets >= 0) & (offsets < 7 * count)
    sums = np.zeros((count, per_day.shape[1]), dtype=np.int64)
    np.add.at(sums, offsets[inside] // 7, per_day[inside])
    extras = _week_extras(conn, bounds, where)
    out = []
    for k in range(count):
        reviews, answers, passed, new, ms = (int(v) for v in sums[k])
        passed_ex, due_ex, quizzes, questions, correct = extras.get(k, (0, 0, 0, 0, 0))
        out.append(WeekActivity(reviews, new, answers, passed, ms, passed_ex, due_ex, quizzes,
                                questions, correct))  # fmt: skip
    return out


def _week_extras(conn: sqlite3.Connection, bounds: list[int],
                 where: Scope) -> dict[int, tuple[int, int, int, int, int]]:  # fmt: skip
    """Per week index: exercises passed and due again, finished quizzes, questions, correct."""
    quiz_decks = ""
    if where.where:  # quizzes have no deck: those with an answer on one of the decks' cards
        ids = ", ".join(str(i) for i in where.ids)
        quiz_decks = (
            "AND EXISTS (SELECT 1 FROM quiz_answers a JOIN cards c ON c.id = a.card_id "
            f"WHERE a.quiz_id = q.id AND c.deck_id IN ({ids}))"
        )
    out: dict[int, list[int]] = {}
    with temp_ranges(conn, "progress_weeks", bounds) as weeks:
        queries = (
            (0, f"SELECT b.k, count(DISTINCT s.exercise_id) FROM {weeks} b JOIN submissions s "
                "ON s.submitted_at >= b.lo AND s.submitted_at < b.hi WHERE s.passed GROUP BY b.k"),
            (1, f"SELECT b.k, count(*) FROM {weeks} b JOIN exercise_reviews e "
                "ON e.due_after >= b.lo AND e.due_after < b.hi GROUP BY b.k"),
            (2, f"SELECT b.k, count(*), total(q.questions), total(q.correct) FROM {weeks} b "
                "JOIN quizzes q ON q.started_at >= b.lo AND q.started_at < b.hi "
                f"WHERE q.finished_at IS NOT NULL {quiz_decks} GROUP BY b.k"),
        )  # fmt: skip
        for column, sql in queries:
            for k, *values in conn.execute(sql):
                out.setdefault(k, [0] * 5)[column : column + len(values)] = map(int, values)
    return {k: (v[0], v[1], v[2], v[3], v[4]) for k, v in out.items()}


def pace(plan: Course, weeks: tuple[WeekProgress, ...], today: date) -> Pace:
    """Items done against items due by today, and the finish at the pace so far."""
    elapsed = max((today - plan.start).days + 1, 0)  # study days begun, today included
    planned = sum(w.planned for w in weeks)
    done = sum(w.done for w in weeks)
    expected = sum(w.planned * min(max((today - w.start).days + 1, 0), 7) / 7 for w in weeks)
    projected = None
    if done and planned and elapsed:
        projected = plan.start + timedelta(days=math.ceil(planned * elapsed / done) - 1)
    written = max((w.week for w in weeks if w.items), default=0)
    last_week = plan.weeks_planned or written
    return Pace(
        day=today,
        week=(today - plan.start).days // 7 + 1 if today >= plan.start else 0,
        planned_items=planned,
        done_items=done,
        expected_items=expected,
        ahead_by_items=done - expected,
        items_per_week=done * 7 / elapsed if elapsed else 0.0,
        projected_finish=projected,
        planned_finish=week_start(plan.start, last_week + 1) - timedelta(days=1)
        if last_week
        else None,
    )
