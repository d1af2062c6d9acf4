"""Today's due counts per deck, without building a study session (and without importing the
scheduler): what `studyapp due`, the home screen and `stats` show."""

from __future__ import annotations

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
            learning, reviews, new = queue.available(conn, deck_id, end)
            left = queue.limits(settings[deck_id], queue.done_today(conn, deck_id, start))
            counts = QueueCounts(learning, min(reviews, left.reviews), min(new, left.new))
            out.append(DeckCounts(deck_id, name, counts))
        return out
    finally:
        conn.close()
