"""Multiple-choice quizzes: four options per question, the distractors being answers of other
cards of the same lecture and kind (then of the same kind nearby), keyboard 1-4, a score and a
review of the mistakes; wrong answers can go back to relearning. Every quiz is stored."""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime

from studyapp.db import cardstore
from studyapp.db.collection import Collection
from studyapp.db.decks import deck_ids, deck_settings
from studyapp.db.epoch import from_epoch_ms, to_epoch_ms
from studyapp.domain.changes import Changes
from studyapp.domain.errors import UsageError
from studyapp.domain.scheduling import Rating, State
from studyapp.importers.notes_text import lecture_refs
from studyapp.scheduler.fsrs_scheduler import next_states

OPTIONS = 4
NO_DETAIL_MARK = "the notes hold no detail"  # placeholder answers make no fair option


@dataclass(frozen=True)
class QuizQuestion:
    card_id: int
    lecture: int
    kind: str
    question: str
    options: tuple[str, ...]  # answers, in the order shown (keys 1-4)
    option_cards: tuple[int, ...]
    correct: int  # index of the right option


@dataclass(frozen=True)
class Quiz:
    id: int
    deck: str | None
    lectures: tuple[int, ...]
    questions: tuple[QuizQuestion, ...]


@dataclass(frozen=True)
class QuizAnswer:
    correct: bool
    relearned: bool  # sent back to relearning (an Again on its schedule)
    changes: Changes


@dataclass(frozen=True)
class QuizRecord:
    id: int
    started_at: datetime
    finished_at: datetime | None
    questions: int
    correct: int
    scope: dict[str, object]

    @property
    def score(self) -> float:
        return self.correct / self.questions if self.questions else 0.0


def week_lectures(col: Collection, deck: str, week: int) -> tuple[int, ...]:
    """The lectures a roadmap week's items name ("강의 4강 ~ 9강 수강" -> 4..9)."""
    with col.connection() as conn:
        ids = list(deck_ids(conn, deck))
        rows = conn.execute(
            "SELECT i.text FROM roadmap_items i JOIN roadmap_weeks w ON w.id = i.week_id "
            f"WHERE w.number = ? AND w.deck_id IN ({', '.join('?' * len(ids))})",
            [week, *ids],
        ).fetchall()
    if not rows:
        raise UsageError(f"the roadmap has no week {week}")
    found = sorted({n for (text,) in rows for n in lecture_refs(text)})
    if not found:
        raise UsageError(f"week {week}'s roadmap items name no lectures")
    return tuple(found)


def start_quiz(
    col: Collection,
    deck: str | None,
    lectures: tuple[int, ...],
    count: int,
    seed: int | None = None,
) -> Quiz:
    if not 1 <= count <= 200:
        raise UsageError("a quiz has 1 to 200 questions")
    pool = _pool(col, deck)
    scoped = [c for c in pool if not lectures or c[1] in lectures]
    if not scoped:
        raise UsageError("no cards with answers in that scope")
    if len({c[4] for c in pool}) < OPTIONS:
        raise UsageError(f"a quiz needs at least {OPTIONS} different answers in the deck")
    rng = random.Random(seed)
    chosen = rng.sample(scoped, min(count, len(scoped)))
    questions = tuple(_question(card, pool, lectures, rng) for card in chosen)
    with col.connection() as conn:
        scope = {"deck": deck, "lectures": list(lectures)}
        cursor = conn.execute(
            "INSERT INTO quizzes (started_at, scope, questions, correct) VALUES (?, ?, ?, 0)",
            (to_epoch_ms(col.clock()), json.dumps(scope), len(questions)),
        )
        assert cursor.lastrowid is not None
    return Quiz(cursor.lastrowid, deck, lectures, questions)


_Card = tuple[int, int, str, str, str]  # id, lecture, kind, question, answer


def _pool(col: Collection, deck: str | None) -> list[_Card]:
    with col.connection() as conn:
        ids = list(deck_ids(conn, deck))
        rows = conn.execute(
            "SELECT c.id, l.number, c.kind, c.question, c.answer FROM cards c "
            "JOIN lectures l ON l.id = c.lecture_id WHERE NOT c.missing AND NOT c.suspended "
            f"AND c.deck_id IN ({', '.join('?' * len(ids))}) ORDER BY c.sort_order",
            ids,
        ).fetchall()
    return [r for r in rows if NO_DETAIL_MARK not in r[4] and r[4].strip()]


def _question(
    card: _Card, pool: list[_Card], lectures: tuple[int, ...], rng: random.Random
) -> QuizQuestion:
    card_id, lecture, kind, question, answer = card
    tiers = [
        [c for c in pool if c[1] == lecture and c[2] == kind],
        [c for c in pool if c[2] == kind and (not lectures or c[1] in lectures)],
        [c for c in pool if c[2] == kind],
        pool,
    ]
    seen: set[str] = {answer}
    distractors: list[_Card] = []
    for tier in tiers:
        for other in rng.sample(tier, len(tier)):
            if len(distractors) == OPTIONS - 1:
                break
            if other[0] != card_id and other[4] not in seen:
                seen.add(other[4])
                distractors.append(other)
    options = [card, *distractors]
    rng.shuffle(options)
    return QuizQuestion(
        card_id,
        lecture,
        kind,
        question,
        tuple(o[4] for o in options),
        tuple(o[0] for o in options),
        options.index(card),
    )


def answer(
    col: Collection,
    quiz: Quiz,
    question: QuizQuestion,
    chosen: int,
    duration_ms: int | None = None,
    relearn_wrong: bool = False,
) -> QuizAnswer:
    if not 0 <= chosen < len(question.options):
        raise UsageError(f"choose an option from 1 to {len(question.options)}")
    correct = chosen == question.correct
    with col.connection() as conn:  # the answer and its lapse are one transaction
        lapse = not correct and relearn_wrong
        relearned = lapse and _relearn(conn, col, question.card_id, duration_ms)
        conn.execute(
            "INSERT INTO quiz_answers (quiz_id, card_id, answered_at, options, chosen, correct, "
            "duration_ms, relearn) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                quiz.id,
                question.card_id,
                to_epoch_ms(col.clock()),
                json.dumps(question.option_cards),
                chosen,
                correct,
                duration_ms,
                relearned,
            ),
        )
        conn.execute(
            "UPDATE quizzes SET correct = correct + ? WHERE id = ?", (int(correct), quiz.id)
        )
    changes = Changes(cards=frozenset({question.card_id}), review_log=True, study_queues=True)
    return QuizAnswer(correct, relearned, changes if relearned else Changes())


def _relearn(
    conn: sqlite3.Connection, col: Collection, card_id: int, duration_ms: int | None
) -> bool:
    """A wrong answer to a review card is a lapse: an Again on its schedule (logged). New and
    learning cards are left alone: they are still being learned."""
    now = col.clock()
    row = cardstore.fetch_card(conn, card_id)
    if row is None or row.memory.state != State.REVIEW:
        return False
    settings = deck_settings(conn, [row.deck_id])[row.deck_id]
    chosen = next_states(row.id, row.memory, now, settings)[Rating.AGAIN]
    after = replace(chosen.memory, due=now + chosen.interval, last_review=now)
    cardstore.write_answer(conn, row.id, row.memory, after, Rating.AGAIN, now, duration_ms)
    return True


def finish(col: Collection, quiz: Quiz) -> QuizRecord:
    with col.connection() as conn:
        conn.execute(
            "UPDATE quizzes SET finished_at = ? WHERE id = ?", (to_epoch_ms(col.clock()), quiz.id)
        )
    return next(r for r in history(col) if r.id == quiz.id)


def history(col: Collection) -> list[QuizRecord]:
    with col.connection() as conn:
        rows = conn.execute(
            "SELECT id, started_at, finished_at, questions, correct, scope FROM quizzes "
            "ORDER BY started_at DESC, id DESC"
        ).fetchall()
    return [
        QuizRecord(
            r[0],
            from_epoch_ms(r[1]),
            from_epoch_ms(r[2]) if r[2] else None,
            r[3],
            r[4],
            json.loads(r[5]),
        )
        for r in rows
    ]


def mistakes(col: Collection, quiz: Quiz) -> list[tuple[QuizQuestion, int]]:
    """The questions answered wrongly, with the option chosen."""
    with col.connection() as conn:
        rows = dict(
            conn.execute(
                "SELECT card_id, chosen FROM quiz_answers WHERE quiz_id = ? AND NOT correct",
                (quiz.id,),
            ).fetchall()
        )
    return [(q, rows[q.card_id]) for q in quiz.questions if q.card_id in rows]
