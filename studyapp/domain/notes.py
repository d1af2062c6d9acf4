"""What the notes importer reads out of a study-notes Markdown file.

Plain frozen data, no database and no Qt: the parser produces it, the import service stores it.
Every text field is NFC-normalised. Card text keeps its Markdown (bold, lists, inline code).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from studyapp.domain.errors import NotesFormatError

__all__ = ["NotesFormatError"]  # kept importable from here, where the parser's types are

# Bounds on every number the notes can hold; a number outside them is a NotesFormatError.
MAX_LECTURE = 999
MAX_WEEK = 520
MAX_ITEM_NUMBER = 9999
MAX_ASSIGNMENT = 999


class CardKind(StrEnum):
    QA = "qa"
    LEARNED = "learned"


@dataclass(frozen=True)
class LearnedPoint:
    """One numbered item under "What I learned" (배운 점)."""

    number: int | None  # as written; numbers can repeat or skip
    title: str  # the item's heading text, Markdown kept, surrounding ** removed
    body: str  # the item's bullets as Markdown, nesting kept; "" when the notes hold none
    position: int  # 0-based order inside the lecture's section


@dataclass(frozen=True)
class QAPair:
    """One question with its answer under "Questions & Answers" (내가 가진 의문 & 답변)."""

    number: int | None
    title: str  # the ##### heading text after its number, e.g. "K-NN의 공간 문제"
    question: str  # Markdown after "**Q.**"
    answer: str  # Markdown of the "> **A.**" block quote, without the quote markers
    position: int


@dataclass(frozen=True)
class Lecture:
    number: int
    title: str
    keywords: tuple[str, ...] = ()
    learned: tuple[LearnedPoint, ...] = ()
    qa: tuple[QAPair, ...] = ()


@dataclass(frozen=True)
class RoadmapItem:
    text: str
    done: bool
    position: int


@dataclass(frozen=True)
class RoadmapWeek:
    number: int
    status: str  # as written in the heading's parentheses, e.g. "완료", "진행중"; "" if none
    items: tuple[RoadmapItem, ...] = ()


@dataclass(frozen=True)
class Roadmap:
    start: date | None  # course start, from the overview ("수강 기간" / "Period")
    weeks_planned: int | None  # from the overview ("목표 일정: 6주 ..." / "Goal: 6 weeks")
    weeks: tuple[RoadmapWeek, ...] = ()


@dataclass(frozen=True)
class LogItem:
    text: str
    lectures: tuple[int, ...] = ()  # lecture numbers the item names ("Lecture 1~9" -> 1..9)
    assignment: int | None = None  # assignment number the item names ("Assignment2 - ...")
    position: int = 0
    # Every assignment number the item names, in order; `assignment` is the first of them.
    # ("Assignment1 완료 및 Assignment2 - ..." names two.)
    assignments: tuple[int, ...] = ()


@dataclass(frozen=True)
class DailyLogEntry:
    start: date
    end: date  # == start for a single day
    items: tuple[LogItem, ...] = ()
    position: int = 0


@dataclass(frozen=True)
class ParsedNotes:
    title: str
    overview: dict[str, str] = field(default_factory=dict)  # bold label -> value
    roadmap: Roadmap = field(default_factory=lambda: Roadmap(None, None))
    daily_log: tuple[DailyLogEntry, ...] = ()
    lectures: tuple[Lecture, ...] = ()
    # Things the parser skipped, one line each with its line number ("line 12: ..."), so an
    # importer can show them; parsing still succeeded.
    warnings: tuple[str, ...] = ()

    @property
    def learned_count(self) -> int:
        return sum(len(lecture.learned) for lecture in self.lectures)

    @property
    def qa_count(self) -> int:
        return sum(len(lecture.qa) for lecture in self.lectures)
