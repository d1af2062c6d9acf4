"""A demo collection: the bundled deck studied for a few weeks by a seeded learner, with
graded exercises (one passed, one with a diagnosis). For the screenshots, the start-up
benchmark and anyone who wants to look around before their own first review."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studyapp import paths
from studyapp.db.collection import Collection, open_collection
from studyapp.domain.scheduling import Rating
from studyapp.domain.studyday import day_bounds
from studyapp.jobs import Job, Progress, run

# The learner's answers: mostly Good, some Again; seeded, so every demo is the same.
# The demo's "today": the last day of the notes' fifth week, where their daily log ends
# (15:00 in Seoul), studied since the course start (2025-12-24).
DEMO_NOW = datetime(2026, 1, 27, 6, 0, tzinfo=UTC)
DEMO_DAYS = 34
ANSWER_WEIGHTS = {Rating.AGAIN: 0.12, Rating.HARD: 0.1, Rating.GOOD: 0.68, Rating.EASY: 0.1}

RELU_PASSING = """import numpy as np


def relu_forward(x):
    return np.maximum(0, x), x


def relu_backward(dout, cache):
    return dout * (cache > 0)
"""

AFFINE_DB_WRONG_AXIS = """import numpy as np


def affine_forward(x, w, b):
    out = x.reshape(x.shape[0], -1) @ w + b
    return out, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = cache
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ dout
    db = dout.sum(axis=1)  # the mistake a learner makes: summed over the wrong axis
    return dx, dw, db
"""


@dataclass(frozen=True)
class DemoReport:
    folder: Path
    days: int
    reviews: int
    gradings: int

    def summary(self) -> str:
        return (f"demo collection in {self.folder}: {self.reviews} reviews over {self.days} "
                f"days, {self.gradings} graded exercises")  # fmt: skip


def build_demo_job(
    folder: Path,
    *,
    days: int = DEMO_DAYS,
    seed: int = 7,
    now: datetime = DEMO_NOW,
    grade: bool = True,
) -> Job[DemoReport]:
    """Create the demo collection in `folder` (which must hold no collection yet)."""
    from studyapp.services.importing import import_notes_file

    target = paths.collection_path(folder)
    if target.exists():
        raise FileExistsError(f"{target} exists; the demo needs a new folder")
    end = now
    clock = [end - timedelta(days=days)]
    col = open_collection(folder, clock=lambda: clock[0])
    rng = random.Random(seed)
    reviews = 0
    try:
        import_notes_file(col, paths.bundled_notes(), paths.BUNDLED_DECK_NAME)
        _add_a_formula(col)
        rollover = int(col.setting("rollover_hour"))
        for day in range(days):
            yield Progress(day, days + 2, f"studying day {day + 1} of {days}")
            start, _ = day_bounds(clock[0], rollover, col.tz)
            clock[0] = start + timedelta(hours=15, minutes=rng.randint(0, 240))  # an afternoon
            reviews += _study_one_day(col, clock, rng)
            clock[0] = start + timedelta(days=1, hours=1)
        clock[0] = end
        gradings = 0
        if grade:
            yield Progress(days, days + 2, "grading two exercises")
            gradings = _grade_examples(col)
    finally:
        col.close()
    return DemoReport(folder, days, reviews, gradings)


def _study_one_day(col: Collection, clock: list[datetime], rng: random.Random) -> int:
    """One sitting: every due card and the day's new ones (the deck's limit), answered with
    the seeded odds; learning steps are waited for, up to an hour of idling."""
    from studyapp.services.study import StudySession

    ratings, weights = list(ANSWER_WEIGHTS), list(ANSWER_WEIGHTS.values())
    answered, idle = 0, 0
    with StudySession(col, None) as session:
        while idle < 6:
            if session.next_card() is None:
                clock[0] += timedelta(minutes=10)
                idle += 1
                continue
            idle = 0
            clock[0] += timedelta(seconds=rng.randint(4, 25))
            session.answer(rng.choices(ratings, weights)[0], rng.randint(3000, 20000))
            answered += 1
    return answered


SOFTMAX_FORMULA = r"$$L_i = -\log \frac{e^{s_{y_i}}}{\sum_j e^{s_j}}$$"


def _add_a_formula(col: Collection) -> None:
    """The learner's edit of the softmax card: its formula (the notes themselves have none)."""
    from studyapp.services.card_ops import edit_card

    with col.connection() as conn:
        row = conn.execute(
            "SELECT id, question, answer FROM cards WHERE question LIKE 'Softmax Loss%' "
            "ORDER BY id LIMIT 1"
        ).fetchone()
    if row is not None:
        edit_card(col, int(row[0]), str(row[1]), f"{row[2]}\n\n{SOFTMAX_FORMULA}")


def _grade_examples(col: Collection) -> int:
    from studyapp.services.exercises import grade_exercise, workspace

    for exercise_id, code in (("relu", RELU_PASSING), ("affine", AFFINE_DB_WRONG_AXIS)):
        path = workspace(col, exercise_id)
        path.write_text(code, encoding="utf-8")
        grade_exercise(col, exercise_id)
    return 2


def build_demo(
    folder: Path,
    *,
    days: int = DEMO_DAYS,
    seed: int = 7,
    now: datetime = DEMO_NOW,
    grade: bool = True,
) -> DemoReport:
    return run(build_demo_job(folder, days=days, seed=seed, now=now, grade=grade))
