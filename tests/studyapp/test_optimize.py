"""FSRS optimisation: a learner simulated from known parameters is fitted better than the
defaults on reviews the fit never saw; items follow Anki's rules and the study day; fits are
recorded, applied only when better, used by the scheduler; rescheduling is undoable."""

from __future__ import annotations

import json
import math
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

import pytest

from studyapp.cli.main import main
from studyapp.db import cardstore
from studyapp.db.backup import list_backups
from studyapp.db.collection import Collection
from studyapp.db.decks import deck_ids, deck_settings, save_deck_settings
from studyapp.db.epoch import to_epoch_ms
from studyapp.domain.errors import (
    FitNotBetterError,
    InvalidSettingError,
    NotEnoughReviewsError,
)
from studyapp.domain.notes import Lecture
from studyapp.domain.scheduling import DeckSettings, Memory, Rating, State
from studyapp.domain.studyday import study_day
from studyapp.jobs import Cancelled, Job, Progress, run
from studyapp.scheduler import optimize as fitting
from studyapp.scheduler.fsrs_scheduler import next_states
from studyapp.scheduler.optimize import ReviewRecord
from studyapp.scheduler.synthetic import SyntheticReview, final_memories, simulate_history
from studyapp.services.importing import import_notes
from studyapp.services.optimize import (
    apply_fit,
    evaluate,
    fit_history,
    load_scope,
    optimize,
    optimize_job,
    review_records,
)
from studyapp.services.reschedule import reschedule_job
from studyapp.services.settings import change_settings
from tests.studyapp.conftest import FakeClock, learned, make_notes

DEFAULTS = fitting.default_parameters()
# A learner who forgets new cards much faster than FSRS's average learner, whose memories grow
# more slowly when recalled, and whose forgetting curve is steeper.
TRUE = (0.06, 0.5, 1.1, 5.0, *DEFAULTS[4:8], 1.2, *DEFAULTS[9:20], 0.35)
DAYS = 150
T = TypeVar("T")


def make_deck(col: Collection, name: str, cards: int) -> list[int]:
    lectures = [
        Lecture(
            n + 1, f"L{n}", (), tuple(learned(i, f"{name} {n}.{i}", "- b") for i in range(1, 101))
        )
        for n in range(math.ceil(cards / 100))
    ]
    import_notes(col, make_notes(lectures), name)
    with col.connection() as conn:
        rows = conn.execute(
            "SELECT c.id FROM cards c JOIN decks d ON d.id = c.deck_id WHERE d.name = ? "
            "ORDER BY c.sort_order",
            (name,),
        )
        return [r[0] for r in rows][:cards]


def write_history(col: Collection, ids: list[int], reviews: list[SyntheticReview]) -> None:
    """The synthetic reviews as review-log rows, and each card's memory after them."""
    ms = to_epoch_ms
    rows = [
        (ids[r.card], ms(r.at), r.rating, r.duration_ms, int(r.state_before), int(r.state_after),
         r.was_new, ms(r.due_after), r.stability_after, r.difficulty_after, "{}")
        for r in reviews
    ]  # fmt: skip
    now = ms(col.clock())
    with col.connection() as conn:
        conn.execute("BEGIN")
        conn.executemany(cardstore.INSERT_LOG, rows)
        for card, memory in final_memories(reviews).items():
            conn.execute(
                cardstore.UPDATE_MEMORY, (*cardstore.memory_values(memory), now, ids[card])
            )
        conn.execute("COMMIT")


def learner(col: Collection, clock: FakeClock, name: str = "Syn", cards: int = 400) -> list[int]:
    ids = make_deck(col, name, cards)
    start = clock.now - timedelta(days=DAYS)
    write_history(col, ids, simulate_history(TRUE, cards, DAYS, start, seed=1))
    return ids


def records(reviews: list[SyntheticReview]) -> list[ReviewRecord]:
    out = [ReviewRecord(r.card, to_epoch_ms(r.at), r.rating, int(r.state_before)) for r in reviews]
    return sorted(out, key=lambda r: (r.card_id, r.reviewed_ms))


def test_the_fit_beats_the_defaults_on_reviews_it_never_saw(
    col: Collection, clock: FakeClock
) -> None:
    learner(col, clock)
    report = optimize(col, "Syn", apply=True)
    assert report.better and report.applied and report.changes.deck_config
    assert report.after.log_loss < report.before.log_loss
    assert report.after.rmse_bins < report.before.rmse_bins
    assert report.out_of_sample is not None and report.out_of_sample.log_loss < 1
    assert report.previous == DEFAULTS and len(report.parameters) == 21
    # Held out: other cards of the same learner, scored by the fit and by the defaults.
    held_out = simulate_history(TRUE, 300, DAYS, clock.now - timedelta(days=DAYS), seed=2)
    items = fitting.training_set(records(held_out), 4, UTC).items
    fitted, default = fitting.score(items, report.parameters), fitting.score(items, DEFAULTS)
    assert fitted.log_loss < default.log_loss - 0.01
    assert fitted.rmse_bins < default.rmse_bins * 0.8
    # The fit learnt what differs: new cards are forgotten faster than the defaults say.
    assert report.parameters[2] < DEFAULTS[2] / 1.5
    with col.connection() as conn:
        settings = deck_settings(conn, deck_ids(conn, "Syn"))
    assert next(iter(settings.values())).parameters == report.parameters


def test_too_few_reviews_get_one_clear_line(
    col: Collection, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = make_deck(col, "Small", 10)
    write_history(col, ids, simulate_history(TRUE, 10, 30, clock.now - timedelta(days=30)))
    with pytest.raises(NotEnoughReviewsError, match=r"^not enough reviews to optimise: \d+ usable"):
        optimize(col, "Small")
    col.close()  # the command opens it for writing
    code = main(["optimize", "--deck", "Small", "--data-dir", str(col.folder)])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1
    assert err.startswith("studyapp: error: not enough reviews to optimise") and "400" in err
    with col.connection() as conn:
        assert conn.execute("SELECT count(*) FROM fsrs_fits").fetchone() == (0,)


def test_items_are_built_as_anki_builds_them_on_study_days() -> None:
    seoul = ZoneInfo("Asia/Seoul")

    def at(day: int, hour: int, minute: int = 0) -> int:
        return to_epoch_ms(datetime(2026, 3, day, hour, minute, tzinfo=seoul))

    learning, review = int(State.LEARNING), int(State.REVIEW)
    history = [
        ReviewRecord(7, at(1, 23, 30), 1, learning),  # new card, forgotten at 23:30
        ReviewRecord(7, at(2, 1), 3, learning),  # 01:00: still study day 1 (rollover 4)
        ReviewRecord(7, at(4, 9), 3, review),  # 3 study days later
        ReviewRecord(7, at(4, 9, 5), 1, review),  # forgotten again minutes later: same day
        ReviewRecord(7, at(12, 9), 4, review),
        ReviewRecord(8, at(5, 9), 3, review),  # no learning review: not a usable history
    ]
    items = fitting.training_set(history, 4, seoul).items
    shown = [re.findall(r"rating: (\d), delta_t: (\d+)", repr(item)) for item in items]
    assert shown == [
        [("1", "0"), ("3", "0"), ("3", "3")],
        [("1", "0"), ("3", "0"), ("3", "3"), ("1", "0"), ("4", "8")],
    ]
    # At rollover 0 the 01:00 review is a day after the first, and becomes an item of its own.
    assert len(fitting.training_set(history, 0, seoul).items) == 3
    # A card reset to new (Anki's "forget") starts its history at its last learning run.
    reset = [
        *history[:5],
        ReviewRecord(7, at(20, 9), 3, learning),
        ReviewRecord(7, at(22, 9), 3, review),
    ]
    assert re.findall(r"delta_t: (\d+)", repr(fitting.training_set(reset, 4, seoul).items)) == [
        "0",
        "2",
    ]


def test_a_decks_review_log_is_read_by_card_then_time_whatever_order_it_was_written(
    col: Collection, clock: FakeClock
) -> None:
    a, b = make_deck(col, "A", 3), make_deck(col, "B", 2)
    day = to_epoch_ms(clock.now) - 10 * 86_400_000
    written = [  # (card, minutes after `day`, rating): imported out of order, interleaved
        (a[2], 50, 3), (b[0], 5, 1), (a[0], 40, 4), (a[2], 10, 1), (a[0], 40, 2),
        (b[1], 1, 3), (a[1], 0, 3), (a[0], 20, 3),
    ]  # fmt: skip
    with col.connection() as conn:
        conn.execute("BEGIN")
        conn.executemany(cardstore.INSERT_LOG, [
            (card, day + m * 60_000, rating, 1000, 1, 2, 0, day, 1.0, 5.0, "{}")
            for card, m, rating in written
        ])  # fmt: skip
        conn.execute("COMMIT")
        only_a = review_records(conn, load_scope(conn, "A").decks)
        every = review_records(conn, load_scope(conn, None).decks)
    at = {m: day + m * 60_000 for _, m, _ in written}
    # Same card and instant: in the order written (the 4 before the 2).
    assert [tuple(r[:3]) for r in only_a] == [
        (a[0], at[20], 3), (a[0], at[40], 4), (a[0], at[40], 2), (a[1], at[0], 3),
        (a[2], at[10], 1), (a[2], at[50], 3),
    ]  # fmt: skip
    assert [r[0] for r in every] == sorted([*a, a[0], a[0], a[2], *b])


@pytest.mark.parametrize(
    ("zone_name", "start", "minutes"),
    [
        ("America/New_York", datetime(2026, 3, 7, tzinfo=UTC), 17),  # the spring change
        ("America/New_York", datetime(2026, 10, 31, tzinfo=UTC), 17),  # the autumn change
        ("America/New_York", datetime(2026, 6, 1, tzinfo=UTC), 17),  # summer: one offset
        ("Asia/Seoul", datetime(2025, 12, 24, tzinfo=UTC), 1201),  # one offset all year
        ("UTC", datetime(2026, 1, 1, tzinfo=UTC), 1201),
    ],
)
def test_study_days_follow_the_zone_and_its_daylight_saving_changes(
    zone_name: str, start: datetime, minutes: int
) -> None:
    zone = ZoneInfo(zone_name)
    stamps = [to_epoch_ms(start + timedelta(minutes=minutes * i)) for i in range(600)]
    expected = [
        study_day(datetime.fromtimestamp(ms / 1000, UTC), 4, zone).toordinal() for ms in stamps
    ]
    assert fitting.day_numbers(stamps, 4, zone) == expected


def test_study_days_when_a_daylight_saving_change_falls_on_a_day_without_reviews() -> None:
    zone = ZoneInfo("America/New_York")  # the spring change: 2026-03-08, 07:00 UTC
    days = [datetime(2026, 3, d, tzinfo=UTC) for d in (5, 6, 7, 9, 10, 11)]
    stamps = [to_epoch_ms(day + timedelta(hours=3 * h)) for day in days for h in range(8)]
    expected = [
        study_day(datetime.fromtimestamp(ms / 1000, UTC), 4, zone).toordinal() for ms in stamps
    ]
    assert fitting.day_numbers(stamps, 4, zone) == expected


def test_evaluate_scores_the_current_parameters_without_fitting(
    col: Collection, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    learner(col, clock)
    before = evaluate(col, "Syn")
    assert not before.fitted and before.parameters == DEFAULTS
    report = optimize(col, "Syn", apply=True, out_of_sample=False)
    assert report.out_of_sample is None
    same_reviews = (report.before.log_loss, report.before.rmse_bins)
    assert (before.score.log_loss, before.score.rmse_bins) == pytest.approx(same_reviews)
    assert (
        main(["optimize", "--evaluate", "--deck", "Syn", "--json", "--data-dir", str(col.folder)])
        == 0
    )
    shown = json.loads(capsys.readouterr().out)
    assert shown["fitted"] is True and shown["parameters"] == list(report.parameters)
    assert shown["log_loss"] == pytest.approx(report.after.log_loss)
    assert shown["items"] == report.items and shown["reviews"] == report.reviews


def test_the_cli_reports_the_fit_and_applies_it_only_when_asked(
    col: Collection, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    learner(col, clock)
    folder = str(col.folder)
    col.close()  # the command opens it for writing
    assert (
        main(["optimize", "--deck", "Syn", "--json", "--no-out-of-sample", "--data-dir", folder])
        == 0
    )
    shown = json.loads(capsys.readouterr().out)
    assert shown["better"] is True and shown["applied"] is False and shown["rescheduled"] is None
    assert set(shown["before"]) == {"log_loss", "rmse_bins"} and shown["out_of_sample"] is None
    with col.connection() as conn:
        assert next(iter(deck_settings(conn, deck_ids(conn, "Syn")).values())).parameters is None
    assert main(["optimize", "--deck", "Syn", "--apply", "--data-dir", folder]) == 0
    text = capsys.readouterr().out
    assert "log loss" in text and "out of sample" in text and "Applied (fit 2)" in text
    history = fit_history(col, "Syn")
    assert [(f.id, f.applied) for f in history] == [(2, True), (1, False)]
    assert history[0].out_of_sample is not None and history[1].out_of_sample is None
    assert history[0].reviews == shown["reviews"] and history[0].items == shown["items"]


def test_a_fit_that_is_not_better_is_never_applied(col: Collection, clock: FakeClock) -> None:
    learner(col, clock)
    report = optimize(col, "Syn", out_of_sample=False)
    with col.connection() as conn:  # as if it had scored worse than what it was compared with
        conn.execute("UPDATE fsrs_fits SET log_loss_after = log_loss_before + 0.01")
    with pytest.raises(FitNotBetterError, match="is not better"):
        apply_fit(col, report.fit_id)
    with col.connection() as conn:
        assert next(iter(deck_settings(conn, deck_ids(conn, "Syn")).values())).parameters is None
        conn.execute("UPDATE fsrs_fits SET log_loss_after = log_loss_before - 0.01")
    applied = apply_fit(col, report.fit_id)
    assert applied.decks == ("Syn",) and applied.changes.deck_config


def test_a_cancelled_fit_records_nothing(col: Collection, clock: FakeClock) -> None:
    learner(col, clock)
    job = optimize_job(col, "Syn", apply=True, out_of_sample=False)
    with pytest.raises(Cancelled):
        run_until(job, "saving")
    with col.connection() as conn:
        assert conn.execute("SELECT count(*) FROM fsrs_fits").fetchone() == (0,)
        assert next(iter(deck_settings(conn, deck_ids(conn, "Syn")).values())).parameters is None


def run_until(job: Job[T], message: str) -> T:
    """Drive `job`, cancelling it (as the GUI's Cancel does) once it reports `message`."""
    seen: list[Progress] = []
    return run(job, on_progress=seen.append, cancelled=lambda: seen[-1].message == message)


def test_the_scheduler_uses_a_decks_fitted_parameters() -> None:
    now = datetime(2026, 1, 10, 12, tzinfo=UTC)
    memory = Memory(State.REVIEW, None, 10.0, 5.0, now, now - timedelta(days=10), 5, 0)
    fitted = DeckSettings(parameters=TRUE, fuzz=False)
    default = next_states(1, memory, now, DeckSettings(fuzz=False))[Rating.GOOD]
    personal = next_states(1, memory, now, fitted)[Rating.GOOD]
    assert personal.memory.stability != pytest.approx(default.memory.stability)
    import fsrs

    card = fsrs.Card(1, fsrs.State.Review, None, 10.0, 5.0, now, now - timedelta(days=10))
    expected, _ = fsrs.Scheduler(parameters=TRUE).review_card(card, fsrs.Rating.Good, now)
    assert personal.memory.stability == pytest.approx(expected.stability)


@pytest.mark.parametrize(
    "bad", [DEFAULTS[:20], (*DEFAULTS[:20], math.nan), (*DEFAULTS[:20], True), "0.2 1.3"]
)
def test_deck_parameters_are_validated(bad: object) -> None:
    with pytest.raises(InvalidSettingError, match="FSRS parameter"):
        DeckSettings(parameters=bad)  # type: ignore[arg-type]


def test_deck_parameters_are_stored_and_survive_other_setting_changes(col: Collection) -> None:
    make_deck(col, "P", 3)
    with col.connection() as conn:
        (deck_id,) = deck_ids(conn, "P")
        save_deck_settings(conn, deck_id, DeckSettings(parameters=TRUE))
    change_settings(col, "P", {"desired_retention": "0.85"})
    with col.connection() as conn:
        settings = deck_settings(conn, [deck_id])[deck_id]
        stored = conn.execute("SELECT fsrs_params FROM deck_config").fetchone()[0]
    assert settings.parameters == TRUE and settings.desired_retention == 0.85
    assert json.loads(stored) == list(TRUE)


def test_rescheduling_is_one_undoable_transaction(col: Collection, clock: FakeClock) -> None:
    ids = learner(col, clock)
    optimize(col, "Syn", apply=True, out_of_sample=False)
    before = _cards(col)
    job = reschedule_job(col, "Syn")
    with pytest.raises(Cancelled):  # cancelled before the commit: nothing changed
        run_until(job, "saving")
    assert _cards(col) == before
    backups_before = len(list_backups(col.folder / "backups"))
    report = run(reschedule_job(col, "Syn"))
    assert report.backup.exists() and "before-reschedule" in report.backup.name
    assert len(list_backups(col.folder / "backups")) == backups_before + 1
    after = _cards(col)
    reviewed = [i for i in ids if before[i][3] > 0]
    assert report.cards == len(reviewed) and report.skipped == 0 and report.moved > 0
    with col.connection() as conn:
        settings = next(iter(deck_settings(conn, deck_ids(conn, "Syn")).values()))
        recs = [ReviewRecord._make(r) for r in conn.execute(
            "SELECT card_id, reviewed_at, rating, state_before FROM review_log "
            "ORDER BY card_id, reviewed_at")]  # fmt: skip
    assert settings.parameters is not None
    states = fitting.memory_states(recs, settings.parameters, 4, UTC)
    for card_id in reviewed:
        assert after[card_id][:2] == pytest.approx(states[card_id])
        state, last_review = before[card_id][2], before[card_id][4]
        if state == State.REVIEW:  # due its new interval after its last review, whole days
            assert (after[card_id][5] - last_review) % 86_400_000 == 0
        else:
            assert after[card_id][5] == before[card_id][5]
    # The backup is the collection as it was: restoring it undoes the reschedule.
    with sqlite3.connect(report.backup) as backup:
        rows = backup.execute("SELECT id, stability FROM cards WHERE reps > 0").fetchall()
    assert dict(rows) == {i: before[i][0] for i in reviewed}


def _cards(col: Collection) -> dict[int, tuple]:
    with col.connection() as conn:
        rows = conn.execute(
            "SELECT id, stability, difficulty, fsrs_state, reps, last_review, due FROM cards"
        )
        return {r[0]: (r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows}


def test_a_collection_fit_reads_every_deck_and_sets_every_deck(
    col: Collection, clock: FakeClock
) -> None:
    learner(col, clock, "Syn", 300)
    learner(col, clock, "Other", 100)
    report = optimize(col, apply=True, out_of_sample=False)
    with col.connection() as conn:
        reviews = conn.execute("SELECT count(*) FROM review_log").fetchone()[0]
        settings = deck_settings(conn, deck_ids(conn))
        (deck_id,) = conn.execute("SELECT deck_id FROM fsrs_fits").fetchone()
    assert report.deck is None and report.reviews == reviews and deck_id is None
    assert {s.parameters for s in settings.values()} == {report.parameters}
    assert [f.id for f in fit_history(col, "Other")] == [report.fit_id]  # it concerns each deck
    assert evaluate(col).fitted  # every deck shares the fit: it is the collection's now
