"""What a week's report holds: the progress tab's data, the deck's statistics, the cards with
the most lapses and the exercises (heavy: two scans of the review log)."""

from __future__ import annotations

from studyapp.db.collection import Collection
from studyapp.domain.progress import ExerciseLine, LapseCard, WeekReport
from studyapp.services.history import reading
from studyapp.services.progress import progress_tab_data
from studyapp.services.review_stats import review_stats

LAPSE_CARDS = 10


def week_report(col: Collection, week: int, deck: str | None = None) -> WeekReport:
    """The report of `week` (WeekNotFoundError when the course has no such week)."""
    data = progress_tab_data(col, deck)
    data.progress.week(week)
    name = data.progress.deck
    stats = review_stats(col, name)
    with reading(col) as conn:
        rows = conn.execute(
            "SELECT c.id, l.number, c.question, c.lapses, c.reps FROM cards c "
            "JOIN lectures l ON l.id = c.lecture_id JOIN decks d ON d.id = c.deck_id "
            "WHERE d.name = ? AND NOT c.missing AND c.lapses > 0 "
            "ORDER BY c.lapses DESC, c.reps DESC, c.id LIMIT ?",
            (name, LAPSE_CARDS),
        ).fetchall()
    lapses = tuple(LapseCard(*row) for row in rows)
    return WeekReport(data, stats, week, lapses, _exercises(col), col.clock())


def _exercises(col: Collection) -> tuple[ExerciseLine, ...]:
    from studyapp.services.exercises import list_exercises

    return tuple(
        ExerciseLine(row.id, row.title, row.status.value, row.attempts, row.due)
        for row in list_exercises(col)
    )
