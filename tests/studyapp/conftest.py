"""Fixtures for the core tests: a fake clock, a real collection file in tmp_path, small notes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from studyapp.db.collection import Collection, open_collection
from studyapp.domain.notes import (
    DailyLogEntry,
    LearnedPoint,
    Lecture,
    LogItem,
    ParsedNotes,
    QAPair,
    Roadmap,
    RoadmapItem,
    RoadmapWeek,
)

REPO = Path(__file__).resolve().parents[2]
REAL_NOTES = REPO / "decks" / "cs231n" / "cs231n_notes.md"


@dataclass
class FakeClock:
    now: datetime = field(default_factory=lambda: datetime(2026, 1, 10, 12, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def col(tmp_path: Path, clock: FakeClock) -> Iterator[Collection]:
    c = open_collection(tmp_path / "data", clock=clock, tz=UTC)
    yield c
    c.close()


def learned(number: int, title: str, body: str, position: int | None = None) -> LearnedPoint:
    return LearnedPoint(number, title, body, number - 1 if position is None else position)


def qa(number: int, question: str, answer: str, position: int | None = None) -> QAPair:
    return QAPair(
        number, f"title {number}", question, answer, number - 1 if position is None else position
    )


def make_notes(lectures: list[Lecture], title: str = "Test - notes") -> ParsedNotes:
    week = RoadmapWeek(
        1, "완료", (RoadmapItem("강의 1강 수강", True, 0), RoadmapItem("과제", False, 1))
    )
    log = DailyLogEntry(
        date(2026, 1, 1), date(2026, 1, 2), (LogItem("Lecture 1 수강", (1,), None, 0),), 0
    )
    return ParsedNotes(
        title=title,
        overview={"수강 기간": "2026년 1월 1일 ~"},
        roadmap=Roadmap(date(2026, 1, 1), 2, (week,)),
        daily_log=(log,),
        lectures=tuple(lectures),
    )


def small_notes() -> ParsedNotes:
    """Two lectures, three learned points and two Q&A pairs in lecture 1, one point in lecture 2."""
    return make_notes(
        [
            Lecture(
                1,
                "Intro",
                ("a", "b"),
                (
                    learned(1, "Softmax loss의 역할", "- scores를 확률로 바꿈"),
                    learned(2, "SVM loss의 원리", "- max(0, s_j - s_{y_i} + 1)"),
                    learned(3, "Kaiming init", "- sqrt(2/D_in)"),
                ),
                (
                    qa(
                        1,
                        "K-NN에서 빈 공간이 많으면 왜 의미가 없나?",
                        "sample을 충분히 확보해야 함.",
                    ),
                    qa(2, "KL divergence와 cross entropy의 관계는?", "CE = H(p) + KL."),
                ),
            ),
            Lecture(2, "Optimisation", (), (learned(1, "Adam", "- bias correction"),), ()),
        ]
    )
