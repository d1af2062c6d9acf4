"""What the daily log shows done, for roadmap items that are not checked.

A roadmap item names lectures ("강의 14 ~ 15강 수강") or an assignment ("Assignment 2 종료",
"Assignment 3 - Self-Supervised Learning ...까지"), read with the importer's own recognisers.
A lecture is done on the first log day that names it without saying it was only started or
in progress ("수강 시작", "...까지 진행"). An assignment item that only starts it ("시작") is
done when the log names the assignment; otherwise the log must name it with a finishing word
("완료", "종료", "finished"), and with the item's subtitle when it has one.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import date
from functools import partial

from studyapp.db.sqlite import load_json
from studyapp.domain.progress import TimelineEntry
from studyapp.importers.notes_text import NumberOutOfRange, assignment_refs, lecture_refs

_PARTIAL = re.compile(r"시작|진행|\bstart|\bbegin|\bbegan|\bin progress|\bongoing", re.I)
_FINISH = re.compile(r"완료|종료|마무리|끝|\bfinish|\bcomplete|\bdone\b|\bended\b", re.I)
_SUBTITLE = re.compile(r"^[^-:–—]*\d\s*[-:–—]\s*(?P<sub>.+?)\s*(?:까지|\buntil\b)?\s*$", re.I)


# One daily-log item; it counts from the entry's last day (`end`).
LogLine = TimelineEntry


def log_lines(conn: sqlite3.Connection, deck_id: int) -> list[LogLine]:
    """The deck's daily-log items in note order."""
    rows = conn.execute(
        "SELECT e.start_date, e.end_date, i.text, i.lectures FROM daily_log_items i "
        "JOIN daily_log_entries e ON e.id = i.entry_id WHERE e.deck_id = ? "
        "ORDER BY e.position, i.position",
        (deck_id,),
    )
    return [
        LogLine(
            date.fromisoformat(start),
            date.fromisoformat(end),
            text,
            tuple(int(n) for n in load_json(lectures) or ()),
            _assignments(text),
        )
        for start, end, text, lectures in rows
    ]


def _assignments(text: str) -> tuple[int, ...]:
    try:
        return assignment_refs(text)
    except NumberOutOfRange:  # the import has stored the text; it just names no assignment
        return ()


def _lectures(text: str) -> tuple[int, ...]:
    try:
        return lecture_refs(text)
    except NumberOutOfRange:
        return ()


def evidence(item: str, log: list[LogLine]) -> str | None:
    """ "YYYY-MM-DD: log text" of the log item that shows `item` done, or None."""
    lectures, assignments = _lectures(item), _assignments(item)
    if not lectures and not assignments:
        return None
    found: list[LogLine] = []
    for lecture in lectures:
        line = _first(log, partial(_watched, lecture))
        if line is None:
            return None
        found.append(line)
    if assignments:
        line = _assignment_line(item, assignments[0], log)
        if line is None:
            return None
        found.append(line)
    last = max(found, key=lambda x: x.end)
    return f"{last.end.isoformat()}: {last.text}"


def _watched(lecture: int, line: LogLine) -> bool:
    return lecture in line.lectures and not _PARTIAL.search(line.text)


def _assignment_line(item: str, number: int, log: list[LogLine]) -> LogLine | None:
    if _PARTIAL.search(item) and not _FINISH.search(item):
        return _first(log, lambda x: number in x.assignments)
    match = _SUBTITLE.match(item)
    subtitle = match["sub"].casefold() if match else ""
    return _first(
        log,
        lambda x: (
            number in x.assignments
            and bool(_FINISH.search(x.text))
            and subtitle in x.text.casefold()
        ),
    )


def _first(log: list[LogLine], wanted: Callable[[LogLine], bool]) -> LogLine | None:
    hits = [line for line in log if wanted(line)]
    return min(hits, key=lambda x: x.end) if hits else None
