"""The workload simulator: what each desired retention costs for a real deck, from its
parameters and the learner's own answer times, as per-day series a chart can plot."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from studyapp.cli.main import main
from studyapp.db.collection import Collection
from studyapp.db.decks import deck_ids, deck_settings, save_deck_settings
from studyapp.domain.errors import InvalidSettingError, UsageError
from studyapp.domain.notes import Lecture
from studyapp.domain.scheduling import State
from studyapp.scheduler.optimize import default_parameters
from studyapp.scheduler.simulate import MIN_SAMPLES, AnswerSample, behaviour
from studyapp.services.importing import import_notes
from studyapp.services.study import StudySession
from studyapp.services.workload import simulate
from tests.studyapp.conftest import FakeClock, learned, make_notes

SLOW = 21_000  # every answer in the log takes 21 s


@pytest.fixture
def deck(col: Collection, clock: FakeClock) -> str:
    """120 cards; three study days of answers, all Good and slow."""
    points = tuple(learned(i, f"point {i}", "- b") for i in range(1, 121))
    import_notes(col, make_notes([Lecture(1, "L", (), points, ())]), "Sim")
    for _ in range(3):
        with StudySession(col, "Sim") as session:
            while session.next_card() is not None:
                session.answer(3, SLOW)
                clock.advance(minutes=11)
        clock.advance(days=1)
    return "Sim"


def test_more_retention_costs_more_reviews_and_one_is_least_work(
    col: Collection, deck: str
) -> None:
    result = simulate(col, deck, days=120, retentions=(0.95, 0.8, 0.9, 0.85))
    outcomes = result.outcomes
    assert [o.desired_retention for o in outcomes] == [0.8, 0.85, 0.9, 0.95]
    reviews = [o.mean_reviews_per_day for o in outcomes]
    assert reviews == sorted(reviews) and reviews[-1] > 1.3 * reviews[0]
    reached = [o.retention_reached for o in outcomes]
    assert reached == sorted(reached) and all(
        abs(r - o.desired_retention) < 0.06 for r, o in zip(reached, outcomes, strict=True)
    )
    best = min(outcomes, key=lambda o: o.minutes_per_remembered_card)
    assert [o.least_work for o in outcomes].count(True) == 1 and result.best is best
    for o in outcomes:  # series a chart plots: one value per simulated day
        assert len(o.reviews_per_day) == len(o.minutes_per_day) == len(o.remembered) == 120
        assert sum(o.new_per_day) == result.deck.deck_size == 120
        assert o.mean_minutes_per_day == pytest.approx(sum(o.minutes_per_day) / 120)


def test_answer_times_and_parameters_come_from_the_deck(col: Collection, deck: str) -> None:
    result = simulate(col, deck, days=60, retentions=(0.9,))
    learning = result.behaviour.seconds[0]
    assert learning[2] == pytest.approx(SLOW / 1000)  # Good on learning cards: the log's 21 s
    assert result.behaviour.from_log and result.deck.parameters == default_parameters()
    with col.connection() as conn:
        (deck_id,) = deck_ids(conn, deck)
        settings = deck_settings(conn, [deck_id])[deck_id]
        fitted = (0.5, 1.5, *default_parameters()[2:])
        save_deck_settings(conn, deck_id, replace(settings, parameters=fitted, new_per_day=5))
    again = simulate(col, deck, days=60, retentions=(0.9,))
    assert again.deck.parameters == fitted and again.deck.new_per_day == 5
    assert max(again.outcomes[0].new_per_day) <= 5


def test_without_answers_the_defaults_are_used() -> None:
    learner = behaviour([])
    assert not learner.from_log and len(learner.seconds) == 3 and len(learner.recalled_rating) == 3
    few = [AnswerSample(int(State.REVIEW), 3, 90_000, False)] * (MIN_SAMPLES - 1)
    assert behaviour(few).seconds[1][2] == learner.seconds[1][2]  # too few to trust
    enough = [AnswerSample(int(State.REVIEW), 3, 90_000, False)] * MIN_SAMPLES
    assert behaviour(enough).seconds[1][2] == 90.0


def test_the_cli_prints_the_series_as_json(
    col: Collection, deck: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(col.folder)
    argv = ["simulate", "--deck", deck, "--days", "30", "--retention", "0.85", "0.9", "--json"]
    assert main([*argv, "--data-dir", folder]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["deck"] == deck and shown["days"] == 30 and shown["deck_size"] == 120
    assert shown["best_retention"] in (0.85, 0.9) and len(shown["parameters"]) == 21
    first = shown["outcomes"][0]
    assert set(first) >= {"desired_retention", "reviews_per_day", "minutes_per_day", "remembered",
                          "mean_reviews_per_day", "retention_reached", "least_work"}  # fmt: skip
    assert len(first["reviews_per_day"]) == 30
    assert main(["simulate", "--deck", deck, "--days", "30", "--data-dir", folder]) == 0
    table = capsys.readouterr().out
    assert "reviews/day" in table and " *" in table and "0.95" in table


@pytest.mark.parametrize(
    ("args", "error", "says"),
    [
        ({"retentions": (0.5,)}, InvalidSettingError, "desired_retention must be"),
        ({"days": 0}, UsageError, "days must be"),
        ({"retentions": ()}, UsageError, "desired retentions"),
    ],
)
def test_bad_requests_are_refused(
    col: Collection, deck: str, args: dict[str, object], error: type[Exception], says: str
) -> None:
    with pytest.raises(error, match=says):
        simulate(col, deck, **args)  # type: ignore[arg-type]


def test_an_empty_deck_has_nothing_to_simulate(col: Collection) -> None:
    import_notes(col, make_notes([Lecture(1, "L", (), (), ())]), "Empty")
    with pytest.raises(UsageError, match="no active cards"):
        simulate(col, "Empty")
