"""Study days: a day rolls over at a fixed local hour (4 AM by default), as in Anki.

Pure functions; the clock and the time zone are passed in.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo


def _local_tz(tz: tzinfo | None) -> tzinfo:
    if tz is not None:
        return tz
    local = datetime.now().astimezone().tzinfo
    assert local is not None
    return local


def study_day(now: datetime, rollover_hour: int, tz: tzinfo | None = None) -> date:
    """The study day that `now` (aware) belongs to: before the rollover hour, still yesterday."""
    local = now.astimezone(_local_tz(tz))
    return (local - timedelta(hours=rollover_hour)).date()


def day_start(day: date, rollover_hour: int, tz: tzinfo | None = None) -> datetime:
    """When study day `day` begins, in UTC."""
    naive = datetime.combine(day, time(hour=rollover_hour))
    return naive.replace(tzinfo=_local_tz(tz)).astimezone(UTC)


def day_bounds(
    now: datetime, rollover_hour: int, tz: tzinfo | None = None
) -> tuple[datetime, datetime]:
    """(start, end) in UTC of the study day containing `now`."""
    day = study_day(now, rollover_hour, tz)
    return day_start(day, rollover_hour, tz), day_start(day + timedelta(days=1), rollover_hour, tz)
