"""Recognisers for the short texts of study notes: one heading, one list item, one label.

The Markdown structure comes from markdown-it tokens (see notes_blocks); these regexes only
look at a single heading's or item's text. Headings are recognised in Korean as the notes are
written and in English, case-insensitively, with any trailing text such as "(AI 활용)".
All input is already NFC-normalised, so Hangul compares as precomposed syllables.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from studyapp.domain.notes import MAX_ASSIGNMENT, MAX_ITEM_NUMBER, MAX_LECTURE, MAX_WEEK


class Area(StrEnum):
    """A top-level part of the notes file that is not a lecture."""

    OVERVIEW = "overview"
    ROADMAP = "roadmap"
    LOG = "log"


class Subsection(StrEnum):
    """The parts of a lecture that become cards."""

    LEARNED = "learned"
    QA = "qa"


_AREA_PATTERNS: dict[Area, re.Pattern[str]] = {
    Area.OVERVIEW: re.compile(r"^(?:프로젝트\s*)?개요|^(?:project\s+|course\s+)?overview\b", re.I),
    Area.ROADMAP: re.compile(
        r"^주차별\s*진행|^(?:학습\s*)?로드맵|^(?:weekly\s+)?roadmap\b|^weekly\s+progress\b"
        r"|\(\s*roadmap\s*\)",
        re.I,
    ),
    Area.LOG: re.compile(
        r"^daily\s*log\b|^(?:study\s+|learning\s+)log\b|^(?:학습\s*|일일\s*)?일지", re.I
    ),
}

_SUBSECTION_PATTERNS: dict[Subsection, re.Pattern[str]] = {
    Subsection.LEARNED: re.compile(
        r"^배운\s*(?:점|것)|^what\s+i(?:'ve|\s+have)?\s+learn(?:ed|t)\b|^learn(?:ed|ings?)\b"
        r"|^key\s+takeaways\b",
        re.I,
    ),
    Subsection.QA: re.compile(
        r"^내가\s*가진\s*의문|^의문|^질문|^questions?\s*(?:&|and)\s*answers?\b|^q\s*(?:&|and|n)\s*a\b",
        re.I,
    ),
}

# "Lecture 3: Title", "Lecture 3 - Title", "강의 3: Title", "Lec. 3", "3강: Title".
_LECTURE_HEADING = re.compile(
    r"^(?:(?:lecture|lec\.?|강의)\s*(?P<n>\d+)\s*강?|(?P<k>\d+)\s*강)"
    r"\s*(?:[:：.\-–—]\s*)?(?P<title>.*)$",
    re.I,
)
# "1주차 (완료)", "Week 1 (done)"; the status is whatever the parentheses hold.
_WEEK_HEADING = re.compile(
    r"^(?:(?P<k>\d+)\s*주차|week\s*(?P<n>\d+))\b\s*[:\-–—]?\s*(?P<rest>.*)$", re.I
)
_PARENTHESES = re.compile(r"\(([^()]*)\)")
_NUMBERED = re.compile(r"^(?:q\s*)?(\d+)\s*[.)]\s*(.*)$", re.I | re.S)

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = re.compile(
    r"(?P<ko>(?:(?P<ky>\d{4})\s*년\s*)?(?P<km>\d{1,2})\s*월\s*(?P<kd>\d{1,2})\s*일)"
    r"|(?P<iso>(?<!\d)(?P<iy>\d{4})[-./](?P<im>\d{1,2})[-./](?P<id>\d{1,2})(?!\d))"
    rf"|(?P<en>\b(?P<em>{_MONTH_NAME})\.?\s+(?P<ed>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<ey>\d{{4}}))"
    rf"|(?P<eu>(?<!\d)(?P<ud>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<um>{_MONTH_NAME})\.?,?\s+(?P<uy>\d{{4}}))",
    re.I,
)
_WEEKS = re.compile(r"(\d+)\s*(?:주|weeks?\b)", re.I)

# A run of numbers joined by ranges or lists: "1~9", "1 ~ 9", "5, 6강", "4강 ~ 9강".
_NUMBER_RUN = r"\d+\s*강?(?:\s*(?:~|–|—|-|,|、|및|and|to)\s*\d+\s*강?)*"
_LECTURE_REF = re.compile(rf"(?:lectures?|lec\.?|강의)\s*#?\s*({_NUMBER_RUN})", re.I)
_BARE_KO_REF = re.compile(r"(?<![\d.])(\d+\s*강(?:\s*(?:~|,)\s*\d+\s*강)*)")
_ASSIGNMENT_REF = re.compile(r"(?:assignments?|homework|hw|과제)\s*#?\s*(\d+)", re.I)
_RUN_PART = re.compile(r"\d+|~|–|—|-|to", re.I)
_MAX_RANGE = 50  # "Lecture 1~9" expands; a typo like "1~900" is kept as its two ends

_BOLD_TITLE = re.compile(
    r"^(?:\*\*|__)(?P<title>(?:(?!\*\*|__).)+?)(?:\*\*|__)\**\s*(?:[:：\-–—]\s*(?P<rest>.*))?$"
)
_CHECKBOX = re.compile(r"^\[(?P<mark>[ xX])\](?:\s+(?P<text>.*)|$)", re.S)
_BOLD_LABEL = re.compile(
    r"^\*\*(?P<label>(?:(?!\*\*).)+?)\s*[:：]?\*\*\s*[:：]?\s*(?P<value>.*)$", re.S
)
_KEYWORDS = re.compile(
    r"^(?:\*\*)?\s*(?:main\s+keywords?|keywords?|(?:주요\s*)?키워드)\s*[:：]?\s*(?:\*\*)?\s*[:：]?"
    r"\s*(?P<value>.*)$",
    re.I | re.S,
)
_QUESTION_MARK = re.compile(
    r"^(?:\*\*\s*(?:q|질문)\s*[.:]?\s*\*\*[.:]?|(?:q|질문)\s*[.:])\s*", re.I
)
_ANSWER_MARK = re.compile(
    r"^(?:\*\*\s*(?:a|답변?)\s*[.:]?\s*\*\*[.:]?|(?:a|답변?)\s*[.:])\s*", re.I
)

_START_LABELS = ("수강 기간", "수강기간", "기간", "period", "start", "시작", "dates")
_GOAL_LABELS = ("목표", "goal", "target", "plan", "duration")


class NumberOutOfRange(ValueError):
    """A number in the notes outside its bound; `line` (1-based) is filled in by the walker."""

    def __init__(self, what: str, text: str, high: int) -> None:
        shown = text if len(text) <= 24 else text[:21] + "..."
        super().__init__(f"{what} {shown} is out of range (0 to {high})")
        self.line: int | None = None

    def at(self, line: int) -> NumberOutOfRange:
        if self.line is None:
            self.line = line
        return self


def bounded(digits: str, what: str, high: int) -> int:
    """int(digits) when 0 <= it <= high, else NumberOutOfRange (checked on the text first, so
    a 5,000-digit number is never converted)."""
    digits = digits.strip()
    if len(digits.lstrip("0")) > len(str(high)) or int(digits) > high:
        raise NumberOutOfRange(what, digits, high)
    return int(digits)


def plain(text: str) -> str:
    """Heading text without bold markers and outer spaces, for matching only."""
    return text.replace("**", "").replace("__", "").strip()


def area_of(heading: str) -> Area | None:
    text = plain(heading)
    return next((area for area, pattern in _AREA_PATTERNS.items() if pattern.search(text)), None)


def subsection_of(heading: str) -> Subsection | None:
    text = plain(heading)
    return next(
        (kind for kind, pattern in _SUBSECTION_PATTERNS.items() if pattern.search(text)), None
    )


def lecture_heading(heading: str) -> tuple[int, str] | None:
    """(number, title) of "Lecture N: Title"; None for any other heading."""
    match = _LECTURE_HEADING.match(plain(heading))
    if match is None:
        return None
    return bounded(match["n"] or match["k"], "lecture number", MAX_LECTURE), match["title"].strip()


def week_heading(heading: str) -> tuple[int, str] | None:
    """(number, status) of "1주차 (완료)" / "Week 1 (done)"; status "" without parentheses."""
    match = _WEEK_HEADING.match(plain(heading))
    if match is None:
        return None
    status = _PARENTHESES.search(match["rest"])
    number = bounded(match["k"] or match["n"], "week number", MAX_WEEK)
    return number, status[1].strip() if status else ""


def numbered_title(text: str) -> tuple[int | None, str]:
    """Split "3. Title" (a Q&A heading) into (3, "Title"); no number gives (None, text)."""
    match = _NUMBERED.match(text.strip())
    if match is None:
        return None, text.strip()
    return bounded(match[1], "question number", MAX_ITEM_NUMBER), match[2].strip()


def find_dates(text: str) -> list[date]:
    """Every valid date in the text, in order. A Korean date without a year takes the year of
    the date before it ("2025년 12월 24일 ~ 1월 8일" ends in 2026); invalid dates are skipped."""
    found: list[date] = []
    for match in _DATE.finditer(text):
        parsed = _date_of(match, found[-1] if found else None)
        if parsed is not None:
            found.append(parsed)
    return found


def _date_of(match: re.Match[str], previous: date | None) -> date | None:
    if match["ko"]:
        year, month, day = match["ky"], match["km"], match["kd"]
    elif match["iso"]:
        year, month, day = match["iy"], match["im"], match["id"]
    elif match["en"]:
        year, month, day = match["ey"], str(_MONTHS[match["em"].lower()]), match["ed"]
    else:
        year, month, day = match["uy"], str(_MONTHS[match["um"].lower()]), match["ud"]
    try:
        if year is not None:
            return date(int(year), int(month), int(day))
        if previous is None:
            return None  # a bare "12월 24일" names no year we could trust
        guess = date(previous.year, int(month), int(day))
        return guess if guess >= previous else date(previous.year + 1, int(month), int(day))
    except ValueError:
        return None


def weeks_in(text: str) -> int | None:
    """The first "6주" / "6 weeks" in a goal text."""
    match = _WEEKS.search(text)
    return bounded(match[1], "number of weeks", MAX_WEEK) if match else None


def is_start_label(label: str) -> bool:
    return any(word in label.lower() for word in _START_LABELS)


def is_goal_label(label: str) -> bool:
    return any(word in label.lower() for word in _GOAL_LABELS)


def lecture_refs(text: str) -> tuple[int, ...]:
    """Lecture numbers a log item names, sorted: "Lecture 1~9" -> 1..9, "강의 5, 6강" -> 5, 6."""
    numbers: set[int] = set()
    for pattern in (_LECTURE_REF, _BARE_KO_REF):
        for match in pattern.finditer(text):
            numbers.update(_expand_run(match[1]))
    for number in numbers:
        if number > MAX_LECTURE:
            raise NumberOutOfRange("lecture number", str(number), MAX_LECTURE)
    return tuple(sorted(numbers))


def _expand_run(run: str) -> list[int]:
    numbers: list[int] = []
    ranged = False
    for part in _RUN_PART.findall(run):
        if not part.isdigit():
            ranged = part != ","
            continue
        value = bounded(part, "lecture number", MAX_LECTURE)
        if ranged and numbers and 0 < value - numbers[-1] <= _MAX_RANGE:
            numbers.extend(range(numbers[-1] + 1, value + 1))
        else:
            numbers.append(value)
        ranged = False
    return numbers


def assignment_refs(text: str) -> tuple[int, ...]:
    """Assignment numbers an item names, in order of appearance, without repeats."""
    return tuple(
        dict.fromkeys(
            bounded(match[1], "assignment number", MAX_ASSIGNMENT)
            for match in _ASSIGNMENT_REF.finditer(text)
        )
    )


def split_title(text: str) -> tuple[str, str]:
    """Split a learned item's first paragraph into (title, rest).

    "**Title**" -> ("Title", ""); "**Title***" (stray asterisk) -> ("Title", "");
    "**Title**: more" -> ("Title", "more"); a first line that is not wholly bold is the title
    as written. Further lines of the paragraph are returned as the rest.
    """
    first, _, more = text.strip().partition("\n")
    match = _BOLD_TITLE.match(first.strip())
    if match is None:
        return first.strip(), more.strip()
    rest = "\n".join(part for part in ((match["rest"] or "").strip(), more.strip()) if part)
    return match["title"].strip(), rest


def checkbox(text: str) -> tuple[bool | None, str]:
    """(done, text) of a task item "[x] text" / "[ ] text"; (None, text) without a box."""
    match = _CHECKBOX.match(text)
    if match is None:
        return None, text
    return match["mark"] in "xX", (match["text"] or "").strip()


def bold_label(text: str) -> tuple[str, str] | None:
    """("수강 기간", "2025년 ...") of "**수강 기간**: 2025년 ..." (or "**Period:** ...")."""
    match = _BOLD_LABEL.match(text.strip())
    if match is None:
        return None
    return match["label"].strip(), match["value"].strip()


def keywords(text: str) -> tuple[str, ...] | None:
    """Keywords of "**Main Keywords:** a, b (c, d)"; None when the text is not such a line.

    Commas inside parentheses stay inside their keyword; empty entries (a trailing comma, an
    empty template line) are dropped.
    """
    match = _KEYWORDS.match(text.strip())
    if match is None:
        return None
    parts: list[str] = []
    depth, current = 0, ""
    for char in match["value"]:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char in ",，、" and depth <= 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return tuple(part.strip() for part in parts if part.strip())


def strip_question_mark(text: str) -> str:
    """The text without its leading "**Q.**" marker."""
    match = _QUESTION_MARK.match(text)
    return text[match.end() :] if match else text


def is_question(text: str) -> bool:
    return _QUESTION_MARK.match(text) is not None


def strip_answer_mark(text: str) -> str:
    match = _ANSWER_MARK.match(text)
    return text[match.end() :] if match else text
