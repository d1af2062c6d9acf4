"""Today's due counts per deck, without building a study session (and without importing the
scheduler): what `studyapp due`, the home screen and `stats` show."""

from __future__ import annotations

from studyapp.db import exercises as exercise_store
from studyapp.db import queue
from studyapp.db.collection import Collection
from studyapp.db.decks import deck_ids, deck_settings
from studyapp.domain.studyday import day_bounds
from studyapp.domain.views import DeckCounts, QueueCounts


def due_counts(col: Collection, deck: str | None = None) -> list[DeckCounts]:
    """Today's learning / review / new counts per deck, without building a session: the same
    queries and limits a session uses, so the numbers agree."""
    now = col.clock()
    start, end = day_bounds(now, int(col.setting("rollover_hour")), col.tz)
    conn = col.connect()
    try:
        names = deck_ids(conn, deck)
        settings = deck_settings(conn, names)
        out = []
        for deck_id, name in names.items():
            day = queue.Day(start, end)
            learning, reviews, new = queue.available(conn, deck_id, day)
            left = queue.limits(settings[deck_id], queue.done_today(conn, deck_id, day))
            counts = QueueCounts(learning, min(reviews, left.reviews), min(new, left.new))
            out.append(DeckCounts(deck_id, name, counts))
        return out
    finally:
        conn.close()


def exercises_due(col: Collection) -> int:
    """Passed exercises that come back to be re-implemented by the end of today."""
    end = day_bounds(col.clock(), int(col.setting("rollover_hour")), col.tz)[1]
    with col.connection() as conn:
        return exercise_store.due_count(conn, end)
