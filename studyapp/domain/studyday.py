"""Study days: a day rolls over at a fixed local hour (4 AM by default), as in Anki.

Pure functions; the clock and the time zone are passed in. The zone is a real one with its
rules (zoneinfo), so across a daylight-saving change the day still starts at the rollover hour
on the wall clock. `local_zone()` is the one place that decides which zone the app runs in.
"""

from __future__ import annotations

import os
import time as _time
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def utc_now() -> datetime:
    return datetime.now(UTC)


def local_zone() -> tzinfo:
    """The system time zone with its daylight-saving rules: $TZ, else /etc/localtime, else the C
    library's local time (never today's fixed offset)."""
    key = os.environ.get("TZ", "").lstrip(":")
    candidates = [key] if key else []
    localtime = Path("/etc/localtime")
    if not key and localtime.is_symlink():
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    for name in candidates:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
    if not key and localtime.is_file():
        try:
            with localtime.open("rb") as handle:
                return ZoneInfo.from_file(handle, key="localtime")
        except (ValueError, OSError):
            pass
    return SystemLocalZone()


class SystemLocalZone(tzinfo):
    """The C library's local time, asked per instant (used where no tz database is found)."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return timedelta(seconds=-_time.timezone)
        stamp = _time.mktime((*dt.replace(tzinfo=None).timetuple()[:8], -1))
        return timedelta(seconds=_time.localtime(stamp).tm_gmtoff)

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str:
        return "local"

    def fromutc(self, dt: datetime) -> datetime:
        local = _time.localtime(dt.replace(tzinfo=UTC).timestamp())
        return (dt + timedelta(seconds=local.tm_gmtoff)).replace(tzinfo=self)


def study_day(now: datetime, rollover_hour: int, tz: tzinfo) -> date:
    """The study day that `now` (aware) belongs to: before the rollover hour, still yesterday.
    Wall-clock arithmetic: the day starts at the rollover hour whatever the UTC offset."""
    local = now.astimezone(tz).replace(tzinfo=None)
    return (local - timedelta(hours=rollover_hour)).date()


def day_start(day: date, rollover_hour: int, tz: tzinfo) -> datetime:
    """When study day `day` begins, in UTC."""
    return datetime.combine(day, time(hour=rollover_hour), tzinfo=tz).astimezone(UTC)


def day_bounds(now: datetime, rollover_hour: int, tz: tzinfo) -> tuple[datetime, datetime]:
    """(start, end) in UTC of the study day containing `now`."""
    day = study_day(now, rollover_hour, tz)
    return day_start(day, rollover_hour, tz), day_start(day + timedelta(days=1), rollover_hour, tz)
