"""The review log added up by study day and by local hour, in one indexed scan.

SQLite knows nothing of the collection's time zone, and a GROUP BY over an expression of the
time sorts every row (1.7 s at a million rows). So the buckets are made here: every local hour
of the window, with its bounds in UTC from the zone's own rules (a daylight-saving day has 23
or 25 of them), goes in order into a temporary table, and one join against the covering index
`ix_review_log_history` counts each bucket's answers, streaming, with no sort and without
reading the wide rows. NumPy then adds the buckets up by study day and by hour of the day.

A study day starts at the rollover hour on the wall clock, which is always the start of a local
hour, so no bucket straddles two study days.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from studyapp.db.collection import Collection
from studyapp.domain.reviewstats import DailySeries, HourCounts
from studyapp.domain.scheduling import Rating, State
from studyapp.domain.studyday import day_start

HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS
EPOCH = date(1970, 1, 1)
Ints = npt.NDArray[np.int64]

# Per bucket: answers, review-state answers, of those not Again, new cards' first answers, ms.
_SCAN = f"""
SELECT b.k, count(*),
       count(*) FILTER (WHERE r.state_before = {int(State.REVIEW)}),
       count(*) FILTER (WHERE r.state_before = {int(State.REVIEW)} AND r.rating > {int(Rating.AGAIN)}),
       count(*) FILTER (WHERE r.was_new),
       total(r.duration_ms)
FROM temp.history_buckets AS b
JOIN review_log AS r ON r.reviewed_at >= b.lo AND r.reviewed_at < b.hi
{{where}}
GROUP BY b.k
"""  # noqa: E501


def card_filter(conn: sqlite3.Connection, deck_ids: list[int]) -> str:
    """A WHERE clause keeping the decks' answers; "" when they are all the decks there are.
    The unary `+` keeps SQLite on the time index instead of walking every card's answers."""
    every = {row[0] for row in conn.execute("SELECT id FROM decks")}
    if set(deck_ids) >= every:
        return ""
    ids = ", ".join(str(int(i)) for i in deck_ids) or "NULL"
    return f"WHERE +r.card_id IN (SELECT id FROM cards WHERE deck_id IN ({ids}))"


@dataclass(frozen=True)
class Activity:
    """Answers per local-hour bucket of the study days `first`..`last`."""

    first: date
    last: date
    bucket_day: Ints  # study-day index from `first`
    bucket_hour: Ints  # local hour of the day
    sums: Ints  # (buckets, 5): answers, review answers, passed, new, ms

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def per_day(self) -> Ints:
        """(days, 5) sums by study day."""
        out = np.zeros((self.days, self.sums.shape[1]), dtype=np.int64)
        np.add.at(out, self.bucket_day, self.sums)
        return out

    def daily(self, start: date, end: date, per_day: Ints | None = None) -> DailySeries:
        """The study days `start`..`end` (inside the window) as a series."""
        table = self.per_day() if per_day is None else per_day
        part = table[(start - self.first).days : (end - self.first).days + 1]
        columns = [tuple(int(v) for v in part[:, j]) for j in range(5)]
        return DailySeries(start, *columns)

    def hours(self, since: date) -> HourCounts:
        """Answers per local hour over the study days from `since` to the window's end."""
        keep = self.bucket_day >= (since - self.first).days
        out = np.zeros((24, 3), dtype=np.int64)
        np.add.at(out, self.bucket_hour[keep], self.sums[keep, :3])
        reviews, answers, passed = (tuple(int(v) for v in out[:, j]) for j in range(3))
        return HourCounts(reviews, answers, passed, (self.last - since).days + 1)


@contextmanager
def reading(col: Collection) -> Iterator[sqlite3.Connection]:
    """A raw connection inside one read transaction: every query sees the same snapshot."""
    with col.connection() as conn:
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("ROLLBACK")


@contextmanager
def temp_ranges(conn: sqlite3.Connection, name: str, bounds: Sequence[int]) -> Iterator[str]:
    """A temporary table `name` (k, lo, hi) of the ranges between consecutive `bounds`, k from
    0 in time order (its primary key, so a join grouped by k streams instead of sorting)."""
    conn.execute(f"CREATE TEMP TABLE {name} (k INTEGER PRIMARY KEY, lo INT, hi INT)")
    try:
        conn.executemany(
            f"INSERT INTO temp.{name} VALUES (?, ?, ?)",
            zip(range(len(bounds) - 1), bounds[:-1], bounds[1:], strict=True),
        )
        yield f"temp.{name}"
    finally:
        conn.execute(f"DROP TABLE temp.{name}")


def activity(
    conn: sqlite3.Connection,
    first: date,
    last: date,
    rollover_hour: int,
    tz: tzinfo,
    where: str = "",
) -> Activity:
    """Count the answers of the study days `first`..`last` by local hour (one scan)."""
    starts, day, hour = hour_buckets(first, last, rollover_hour, tz)
    with temp_ranges(conn, "history_buckets", starts.tolist()):
        rows = conn.execute(_SCAN.format(where=where)).fetchall()
    sums = np.zeros((len(day), 5), dtype=np.int64)
    if rows:
        found = np.array(rows, dtype=np.int64)
        sums[found[:, 0]] = found[:, 1:]
    return Activity(first, last, day, hour, sums)


def hour_buckets(
    first: date, last: date, rollover_hour: int, tz: tzinfo
) -> tuple[Ints, Ints, Ints]:
    """(UTC starts in ms with the window's end appended, study-day index, local hour) of every
    local hour from the start of study day `first` to the end of study day `last`."""
    lo = _ms(day_start(first, rollover_hour, tz))
    hi = _ms(day_start(last + timedelta(days=1), rollover_hour, tz))
    pieces, offsets = [], []
    for start, end, offset in offset_segments(lo, hi, tz):
        # local hour starts inside the segment, back in UTC; the segment's own start too
        first_hour = -(-(start + offset) // HOUR_MS) * HOUR_MS
        local = np.arange(first_hour, end + offset, HOUR_MS, dtype=np.int64)
        utc = np.unique(np.concatenate(([start], local - offset)))
        pieces.append(utc)
        offsets.append(np.full(len(utc), offset, dtype=np.int64))
    starts = np.concatenate(pieces)
    local_ms = starts + np.concatenate(offsets)
    day = (local_ms - rollover_hour * HOUR_MS) // DAY_MS - (first - EPOCH).days
    hour = (local_ms // HOUR_MS) % 24
    return np.append(starts, hi), day, hour


def offset_segments(lo: int, hi: int, tz: tzinfo) -> list[tuple[int, int, int]]:
    """[(start, end, UTC offset)] in ms covering [lo, hi): the zone's offset is constant in
    each. Sampled every 12 hours, each change found to the millisecond by bisection."""
    samples = [*range(lo, hi, DAY_MS // 2), hi - 1]
    segments: list[tuple[int, int, int]] = []
    start, current = lo, offset_ms(lo, tz)
    for before, after in pairwise(samples):
        if offset_ms(after, tz) == current:
            continue
        while after - before > 1:  # the first millisecond with the new offset
            middle = (before + after) // 2
            if offset_ms(middle, tz) == current:
                before = middle
            else:
                after = middle
        segments.append((start, after, current))
        start, current = after, offset_ms(after, tz)
    segments.append((start, hi, current))
    return segments


def offset_ms(ms: int, tz: tzinfo) -> int:
    offset = datetime.fromtimestamp(ms / 1000, UTC).astimezone(tz).utcoffset()
    return round(offset.total_seconds() * 1000) if offset is not None else 0


def _ms(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)
