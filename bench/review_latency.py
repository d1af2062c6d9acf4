"""Review hot path at scale: our StudySession against Anki's own backend, same workload.

    .venv/bin/python bench/review_latency.py --cards 100000 --answers 500 [--json] [--no-anki]

Both sides get a collection of `--cards` cards (half new, half review cards due over the next
30 days, i.e. day 0..30), then answer `--answers` cards with the same seeded rating sequence
after a few warm-up answers that are not counted. One timed step is "answer the current card
(committed) and fetch the next one". Our side goes through the real code paths: a notes
Markdown file -> the parser -> import_notes -> StudySession. See bench/README.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

MAX_LECTURES = 200
WARMUP = 10  # answers before the measured ones, on both sides, not counted
DUE_DAYS = 30  # review cards are due on day 0..30, like Anki's set_due_date("0-30")
DAILY_LIMIT = 9999  # new and review limits on both sides, so the queue outlasts the answers
DURATION_MS = 4000  # what our side records as the time spent on each card
RATINGS = (3, 1, 2, 4)  # Good, Again, Hard, Easy
RATING_WEIGHTS = (70, 15, 10, 5)
DECK = "Bench"
SYNCHRONOUS = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}


@dataclass(frozen=True)
class NoteItem:
    """One card as the generated notes hold it; the Anki side gets the same text."""

    lecture: int
    learned: bool
    title: str
    question: str
    answer: str


# -- workload --------------------------------------------------------------------------------


def workload(cards: int) -> list[NoteItem]:
    """`cards` items over up to 200 lectures; in each, half learned points then half Q&A."""
    lectures = max(1, min(MAX_LECTURES, cards // 10))
    base, extra = divmod(cards, lectures)
    items: list[NoteItem] = []
    for lec in range(1, lectures + 1):
        count = base + (1 if lec <= extra else 0)
        learned = (count + 1) // 2
        items += [_learned(lec, i) for i in range(1, learned + 1)]
        items += [_qa(lec, i) for i in range(1, count - learned + 1)]
    return items


def _learned(lec: int, i: int) -> NoteItem:
    title = f"L{lec}.{i} Backpropagation 개념 정리 {lec * 7919 + i}"
    body = (
        f"- Chain rule로 upstream gradient와 local gradient를 곱함 (node {i})\n"
        f"- Lecture {lec}의 computational graph에서 gradient가 흐르는 방향 확인"
    )
    return NoteItem(lec, True, title, title, body)


def _qa(lec: int, i: int) -> NoteItem:
    title = f"L{lec}.{i} Batch Normalization 의문"
    question = f"Lecture {lec}, 의문 {i}: 왜 batch size {i % 64 + 1}에서 BN 통계가 흔들리는가?"
    answer = f"작은 batch에서는 mean/var 추정의 분산이 커짐 -> GroupNorm 고려 ({lec}-{i})."
    return NoteItem(lec, False, title, question, answer)


def notes_markdown(items: Sequence[NoteItem]) -> str:
    """The items in the notes format the parser reads (see decks/cs231n/cs231n_notes.md)."""
    out = ["# Bench - synthetic notes for the review-latency benchmark", ""]
    by_lecture: dict[int, list[NoteItem]] = defaultdict(list)
    for item in items:
        by_lecture[item.lecture].append(item)
    for lec, group in by_lecture.items():
        out += [f"### Lecture {lec}: Synthetic topic {lec}", "", "#### 배운 점", ""]
        for n, item in enumerate((i for i in group if i.learned), 1):
            pad = " " * (len(str(n)) + 2)
            out.append(f"{n}. **{item.title}**")
            out += [pad + line for line in item.answer.split("\n")]
        out += ["", "#### 내가 가진 의문 & 답변", ""]
        for n, item in enumerate((i for i in group if not i.learned), 1):
            out += [f"##### {n}. {item.title}", f"**Q.** {item.question}"]
            out += [f"> **A.** {item.answer}", ""]
        out += ["---", ""]
    return "\n".join(out)


def rating_sequence(seed: int, count: int) -> list[int]:
    """Ratings 1..4 (Again..Easy), mostly Good; the same list drives both sides."""
    return random.Random(seed).choices(RATINGS, weights=RATING_WEIGHTS, k=count)


# -- timing helpers ------------------------------------------------------------------------


@contextmanager
def stopwatch(into: dict[str, float], key: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        into[key] = round(time.perf_counter() - start, 3)


def latency_stats(samples_ns: Sequence[int]) -> dict[str, float]:
    ms = [s / 1e6 for s in samples_ns]
    mean = statistics.fmean(ms)
    p95 = statistics.quantiles(ms, n=100, method="inclusive")[94] if len(ms) > 1 else ms[0]
    return {
        "median_ms": round(statistics.median(ms), 4),
        "p95_ms": round(p95, 4),
        "mean_ms": round(mean, 4),
        "max_ms": round(max(ms), 4),
        "answers_per_s": round(1000 / mean, 1),
    }


def machine_info() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }


# -- our side ------------------------------------------------------------------------------


def parse_notes_text(path: Path, text: str, out: dict[str, Any]) -> Any:
    """read_notes_file as the app does; if it refuses the file for its size, parse_notes."""
    from studyapp.domain.notes import NotesFormatError
    from studyapp.importers.notes_markdown import MAX_NOTES_BYTES, parse_notes, read_notes_file

    out["notes_bytes"] = path.stat().st_size
    with stopwatch(out, "parse_s"):
        try:
            notes = read_notes_file(path)
            out["parser"] = "read_notes_file"
            return notes
        except NotesFormatError as refusal:
            if out["notes_bytes"] <= MAX_NOTES_BYTES:
                raise
            out["parser"] = f"parse_notes (read_notes_file refused: {refusal})"
        return parse_notes(text, source=str(path))


def import_collection(folder: Path, items: Sequence[NoteItem], out: dict[str, Any]) -> Any:
    """Write the notes file, parse it and import it into a fresh collection at `folder`."""
    from studyapp.db.collection import open_collection
    from studyapp.services.importing import import_notes

    text = notes_markdown(items)
    path = folder / "bench_notes.md"
    path.write_text(text, encoding="utf-8")
    notes = parse_notes_text(path, text, out)
    col = open_collection(folder / "collection")
    with stopwatch(out, "import_s"):
        report = import_notes(col, notes, DECK, source=str(path))
    if report.added != len(items):
        col.close()
        raise RuntimeError(f"the parser found {report.added} cards, the workload has {len(items)}")
    return col


def _review_row(card_id: int, now: datetime, rng: random.Random) -> tuple[Any, ...]:
    """Plausible FSRS review state: due on day 0..30, last reviewed one interval before."""
    from studyapp.db.types import to_epoch_ms

    day = rng.randint(0, DUE_DAYS)
    due = now + timedelta(days=day, seconds=-rng.uniform(0, 3600))
    interval = day + rng.randint(1, 30)
    stability = interval * rng.uniform(0.8, 1.25)
    difficulty = min(max(rng.gauss(5.0, 1.2), 1.0), 10.0)
    last_review = due - timedelta(days=interval)
    reps, lapses = rng.randint(1, 12), rng.choice((0, 0, 0, 1, 2))
    return (stability, difficulty, to_epoch_ms(due), to_epoch_ms(last_review), reps, lapses,
            to_epoch_ms(now), card_id)  # fmt: skip


_SCHEDULE_SQL = (
    "UPDATE cards SET fsrs_state = 2, step = NULL, stability = ?, difficulty = ?, due = ?, "
    "last_review = ?, reps = ?, lapses = ?, updated_at = ? WHERE id = ?"
)


def schedule_reviews(col: Any, seed: int) -> int:
    """Every second card (by id) becomes a review card; deck limits go up to DAILY_LIMIT."""
    from studyapp.db.decks import deck_ids, save_deck_settings
    from studyapp.domain.scheduling import DeckSettings

    rng, now = random.Random(seed), col.clock()
    conn = col.connect()
    try:
        conn.execute("BEGIN")
        ids = [r[0] for r in conn.execute("SELECT id FROM cards ORDER BY id")]
        rows = [_review_row(card_id, now, rng) for card_id in ids[1::2]]
        conn.executemany(_SCHEDULE_SQL, rows)
        limits = DeckSettings(new_per_day=DAILY_LIMIT, max_reviews_per_day=DAILY_LIMIT)
        for deck_id in deck_ids(conn, DECK):
            save_deck_settings(conn, deck_id, limits)
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return len(rows)


def _kind(card: Any) -> str:
    return "new" if card.is_new else ("review" if card.state == 2 else "learning")


def ours_answer_loop(session: Any, ratings: Sequence[int]) -> tuple[list[int], Counter[str]]:
    """Time next_states() (what the buttons show) + answer() + next_card() for each rating;
    the first WARMUP are not kept."""
    samples: list[int] = []
    mix: Counter[str] = Counter()
    card = session.next_card()
    for n, rating in enumerate(ratings):
        if card is None:
            raise RuntimeError(f"our queue ran out after {n} answers")
        kind = _kind(card)
        start = time.perf_counter_ns()
        session.next_states()
        session.answer(rating, DURATION_MS)
        card = session.next_card()
        elapsed = time.perf_counter_ns() - start
        if n >= WARMUP:
            samples.append(elapsed)
            mix[kind] += 1
    return samples, mix


def create_ours(folder: Path, items: Sequence[NoteItem], seed: int) -> dict[str, Any]:
    """The collection every workload starts from: notes -> parser -> import -> reviews."""
    folder.mkdir(parents=True)
    out: dict[str, Any] = {"cards": len(items)}
    col = import_collection(folder, items, out)
    try:
        with stopwatch(out, "schedule_s"):
            out["review_cards"] = schedule_reviews(col, seed)
    finally:
        col.close()
    out["create_s"] = round(out["parse_s"] + out["import_s"] + out["schedule_s"], 3)
    return out


def run_ours(
    base: Path, folder: Path, ratings: Sequence[int], args: argparse.Namespace
) -> dict[str, Any]:
    from studyapp.db.collection import open_collection
    from studyapp.services.study import StudySession

    shutil.copytree(base, folder, ignore=shutil.ignore_patterns("backups"))
    out: dict[str, Any] = {}
    col = open_collection(folder / "collection")
    try:
        with stopwatch(out, "session_open_s"):
            session = StudySession(col, DECK)
        samples, mix = ours_answer_loop(session, ratings)
        out.update(latency_stats(samples), answers=len(samples), warmup=WARMUP, mix=dict(mix))
        out["sqlite_version"] = sqlite3.sqlite_version
        out["synchronous"] = _pragma(session, "synchronous")
        if args.profile:
            out["profile_us"] = profile_ours(session, ratings)
        session.close()
    finally:
        col.close()
    return out


def _pragma(session: Any, name: str) -> str:
    value = session._conn.execute(f"PRAGMA {name}").fetchone()[0]
    return SYNCHRONOUS.get(value, str(value))


# -- our side: where the time goes -----------------------------------------------------------


class Probe:
    """Sums of nanoseconds per phase ("answer", "next") and part, from hooks that leave the code
    unchanged: `next_states` (fsrs) wrapped in the study module, and every statement on the
    session's sqlite3 connection (BEGIN, UPDATE, INSERT, SELECT, COMMIT) timed by a proxy."""

    def __init__(self) -> None:
        self.ns: Counter[str] = Counter()
        self.phase = ""

    def timed(self, key: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter_ns()
            try:
                return func(*args, **kwargs)
            finally:
                self.ns[f"{self.phase}: {key}"] += time.perf_counter_ns() - start

        return wrapper


class _TimedConnection:
    """Stands in for the session's sqlite3 connection and times each execute."""

    def __init__(self, conn: sqlite3.Connection, probe: Probe) -> None:
        self._conn, self._probe = conn, probe

    def execute(self, sql: str, *params: Any) -> Any:
        key = f"sql {sql.split(None, 1)[0].upper()}"
        return self._probe.timed(key, self._conn.execute)(sql, *params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@contextmanager
def probing(session: Any) -> Iterator[Probe]:
    from studyapp.services import study

    probe, conn, original = Probe(), session._conn, study.next_states
    study.next_states = probe.timed("fsrs next_states()", original)
    session._conn = _TimedConnection(conn, probe)
    try:
        yield probe
    finally:
        session._conn = conn
        study.next_states = original


def profile_ours(session: Any, ratings: Sequence[int]) -> dict[str, float]:
    """A second pass over the same ratings with the probes on: mean microseconds per answer of
    next_states() + answer() and of next_card(), and of each probed part; "other" is Python."""
    with probing(session) as probe:
        for rating in ratings:
            probe.phase = "answer"
            start = time.perf_counter_ns()
            session.next_states()
            session.answer(rating, DURATION_MS)
            probe.phase = "next"
            middle = time.perf_counter_ns()
            if session.next_card() is None:
                raise RuntimeError("our queue ran out during the profile pass")
            end = time.perf_counter_ns()
            probe.ns["answer: total"] += middle - start
            probe.ns["next: total"] += end - middle
    us = {key: ns / len(ratings) / 1000 for key, ns in probe.ns.items()}
    for phase in ("answer", "next"):
        parts = sum(v for k, v in us.items() if k.startswith(phase) and k != f"{phase}: total")
        us[f"{phase}: other (Python)"] = us[f"{phase}: total"] - parts
    return {key: round(us[key], 1) for key in sorted(us, key=lambda k: (k[0], -us[k]))}


# -- Anki's side -----------------------------------------------------------------------------


def anki_add_notes(col: Any, deck_id: int, items: Sequence[NoteItem]) -> None:
    """One Basic note per item, added in one call with col.add_notes([AddNoteRequest...])."""
    from anki.collection import AddNoteRequest

    basic = col.models.by_name("Basic")
    requests = []
    for item in items:
        note = col.new_note(basic)
        note["Front"], note["Back"] = item.question, item.answer
        requests.append(AddNoteRequest(note=note, deck_id=deck_id))
    col.add_notes(requests)


def anki_configure(col: Any, deck_id: int) -> None:
    """FSRS on through the deck-options API (as the options screen does), same limits and
    order as ours: new cards after reviews, learning steps 1m 10m, relearning 10m."""
    from anki.decks import UpdateDeckConfigs

    current = col.decks.get_deck_configs_for_update(deck_id)
    request = UpdateDeckConfigs(
        target_deck_id=deck_id,
        configs=[c.config for c in current.all_config],
        mode=0,  # UPDATE_DECK_CONFIGS_MODE_NORMAL
        card_state_customizer=current.card_state_customizer,
        limits=current.current_deck.limits,
        new_cards_ignore_review_limit=current.new_cards_ignore_review_limit,
        fsrs=True,
        apply_all_parent_limits=current.apply_all_parent_limits,
        fsrs_reschedule=False,
        fsrs_health_check=False,
    )
    for conf in request.configs:
        conf.config.new_per_day = conf.config.reviews_per_day = DAILY_LIMIT
        conf.config.new_mix = conf.config.interday_learning_mix = 1  # REVIEW_MIX_AFTER_REVIEWS
        conf.config.learn_steps[:] = [1.0, 10.0]
        conf.config.relearn_steps[:] = [10.0]
        conf.config.desired_retention = 0.9
    col.decks.update_deck_configs(request)
    if not col.get_config("fsrs", False):
        raise RuntimeError("FSRS did not switch on in the Anki collection")


def anki_create(col: Any, items: Sequence[NoteItem], out: dict[str, Any]) -> int:
    deck_id = col.decks.id(DECK)
    with stopwatch(out, "add_s"):
        anki_add_notes(col, deck_id, items)
    with stopwatch(out, "schedule_s"):
        card_ids = sorted(col.find_cards(f'"deck:{DECK}"'))
        col.sched.set_due_date(card_ids[1::2], f"0-{DUE_DAYS}")
        anki_configure(col, deck_id)
    out["create_s"] = round(out["add_s"] + out["schedule_s"], 3)
    out["cards"], out["review_cards"] = len(card_ids), len(card_ids[1::2])
    return deck_id


def _anki_current(col: Any, queued: Any) -> Any:
    """The card the reviewer would show: the first queued card, as an anki.cards.Card."""
    from anki.cards import Card

    if not queued.cards:
        raise RuntimeError("Anki's queue ran out")
    card = Card(col, backend_card=queued.cards[0].card)
    card.start_timer()
    return card


def anki_answer_loop(col: Any, ratings: Sequence[int]) -> tuple[list[int], Counter[str]]:
    """As the v3 reviewer: build_answer from the queued card's states, answer_card (one
    committed transaction), get_queued_cards for the next card."""
    from anki.scheduler.v3 import CardAnswer

    to_anki = {1: CardAnswer.AGAIN, 2: CardAnswer.HARD, 3: CardAnswer.GOOD, 4: CardAnswer.EASY}
    kinds = {0: "new", 1: "learning", 2: "review"}
    samples: list[int] = []
    mix: Counter[str] = Counter()
    sched = col.sched
    queued = sched.get_queued_cards()
    card = _anki_current(col, queued)
    for n, rating in enumerate(ratings):
        kind = kinds[queued.cards[0].queue]
        start = time.perf_counter_ns()
        states = queued.cards[0].states
        sched.answer_card(sched.build_answer(card=card, states=states, rating=to_anki[rating]))
        queued = sched.get_queued_cards()
        card = _anki_current(col, queued)
        elapsed = time.perf_counter_ns() - start
        if n >= WARMUP:
            samples.append(elapsed)
            mix[kind] += 1
    return samples, mix


def anki_at_normal_sync(col: Any, ratings: Sequence[int]) -> dict[str, Any]:
    """A second pass with `PRAGMA synchronous=NORMAL` (ours): still a commit per answer, no
    fsync per commit. Continues on the same collection, so the cards differ a little."""
    col.db.execute("pragma synchronous = normal")
    samples, mix = anki_answer_loop(col, ratings)
    return {**latency_stats(samples), "mix": dict(mix), "synchronous": "NORMAL"}


def fsync_median_ms(folder: Path, rounds: int = 30) -> float:
    """How long the disk under `folder` takes to fsync 4 KiB now: what a FULL commit waits for."""
    path = folder / "fsync-probe"
    times = []
    with path.open("wb") as handle:
        for _ in range(rounds):
            handle.write(b"\0" * 4096)
            handle.flush()
            start = time.perf_counter_ns()
            os.fsync(handle.fileno())
            times.append(time.perf_counter_ns() - start)
    path.unlink()
    return round(statistics.median(times) / 1e6, 3)


def create_anki(folder: Path, items: Sequence[NoteItem]) -> dict[str, Any]:
    import anki.buildinfo
    from anki.collection import Collection as AnkiCollection

    folder.mkdir(parents=True)
    out: dict[str, Any] = {"anki_version": anki.buildinfo.version}
    col = AnkiCollection(str(folder / "collection.anki2"))
    try:
        out["deck_id"] = anki_create(col, items, out)
    finally:
        col.close()
    return out


def run_anki(base: Path, folder: Path, deck_id: int, ratings: Sequence[int]) -> dict[str, Any]:
    from anki.collection import Collection as AnkiCollection

    shutil.copytree(base, folder)
    out: dict[str, Any] = {}
    col = AnkiCollection(str(folder / "collection.anki2"))
    try:
        col.decks.select(deck_id)
        with stopwatch(out, "queue_open_s"):
            col.sched.get_queued_cards()
        out["fsync_median_ms"] = fsync_median_ms(folder)
        samples, mix = anki_answer_loop(col, ratings)
        out.update(latency_stats(samples), answers=len(samples), warmup=WARMUP, mix=dict(mix))
        out["fsrs"] = "on via col.decks.update_deck_configs(UpdateDeckConfigsRequest(fsrs=True))"
        out["sqlite_version"] = col.db.scalar("select sqlite_version()")
        out["synchronous"] = SYNCHRONOUS.get(col.db.scalar("pragma synchronous"))
        out["sync_normal"] = anki_at_normal_sync(col, ratings)
    finally:
        col.close()
    return out


# -- main ------------------------------------------------------------------------------------

# Two workloads, each on a fresh copy of the same collections: the mixed ratings of a real
# session, and every answer Good on a due review (get_queued_cards(fetch_limit=1) + answer_card
# on Anki's side: its cheapest path).
WORKLOADS = ("mixed", "good_reviews")


def workload_ratings(name: str, seed: int, count: int) -> list[int]:
    return rating_sequence(seed, count) if name == "mixed" else [3] * count


def run(args: argparse.Namespace) -> dict[str, Any]:
    items = workload(args.cards)
    result: dict[str, Any] = {"workloads": {}}
    with tempfile.TemporaryDirectory(prefix="review-bench-", dir=args.workdir) as tmp:
        root = Path(tmp)
        result["create"] = {"ours": create_ours(root / "ours", items, args.seed), "anki": None}
        if not args.no_anki:
            result["create"]["anki"] = create_anki(root / "anki", items)
        for name in WORKLOADS:
            ratings = workload_ratings(name, args.seed, WARMUP + args.answers)
            ours = run_ours(root / "ours", root / f"ours-{name}", ratings, args)
            anki = None
            if not args.no_anki:
                deck_id = result["create"]["anki"]["deck_id"]
                anki = run_anki(root / "anki", root / f"anki-{name}", deck_id, ratings)
            result["workloads"][name] = _compare(ours, anki)
    return result


def _compare(ours: dict[str, Any], anki: dict[str, Any] | None) -> dict[str, Any]:
    ratio = round(ours["median_ms"] / anki["median_ms"], 2) if anki else None
    if anki:
        normal = anki["sync_normal"]
        normal["ours_over_this_median"] = round(ours["median_ms"] / normal["median_ms"], 2)
    return {"ours": ours, "anki": anki, "ratio_median": ratio}


_CREATE_ROWS = (
    ("create_s", "create (s)"),
    ("parse_s", "  parse notes (s)"),
    ("import_s", "  import_notes (s)"),
    ("add_s", "  add_notes (s)"),
    ("schedule_s", "  make reviews (s)"),
)
_LATENCY_ROWS = (
    ("median_ms", "answer+next median (ms)"),
    ("p95_ms", "answer+next p95 (ms)"),
    ("mean_ms", "answer+next mean (ms)"),
    ("answers_per_s", "answers/s"),
    ("synchronous", "PRAGMA synchronous"),
    ("sqlite_version", "SQLite"),
)


def _rows(ours: dict[str, Any], anki: dict[str, Any] | None, rows: Any) -> list[str]:
    other = anki or {}
    missing = "-" if not anki else ""
    return [
        f"{label:28}{ours.get(key, ''):>12}{other.get(key, missing):>12}" for key, label in rows
    ]


def render_table(result: dict[str, Any], args: argparse.Namespace) -> str:
    created = result["create"]
    ours = created["ours"]
    lines = [
        f"Review latency: {args.cards} cards ({ours['review_cards']} review, rest new), "
        f"{args.answers} timed answers after {WARMUP} warm-up answers (not counted)",
        "machine: {python} on {platform}, {cpus} CPUs ({processor})".format(**machine_info()),
        f"our notes: {ours['notes_bytes'] / 2**20:.1f} MiB, parsed with {ours['parser']}",
        "",
        f"{'':28}{'ours':>12}{'anki':>12}",
        *_rows(ours, created["anki"], _CREATE_ROWS),
    ]
    for name, run in result["workloads"].items():
        lines += ["", f"workload {name}:", *_rows(run["ours"], run["anki"], _LATENCY_ROWS)]
        mixes = f"ours {run['ours']['mix']}" + (
            f", anki {run['anki']['mix']}" if run["anki"] else ""
        )
        lines += [f"cards answered, by kind before the answer: {mixes}"]
        lines += [f"ratio median ours/anki: {run['ratio_median']}"]
        if run["anki"]:
            normal = run["anki"]["sync_normal"]
            lines += [
                f"fsync of 4 KiB here: median {run['anki']['fsync_median_ms']} ms (each FULL "
                "commit waits for one)",
                f"anki again at PRAGMA synchronous=NORMAL (as ours): median "
                f"{normal['median_ms']} ms, p95 {normal['p95_ms']} ms; ours/that "
                f"{normal['ours_over_this_median']}",
            ]
        if "profile_us" in run["ours"]:
            lines += ["our hot path, mean us per answer (second pass, probes on):"]
            lines += [f"  {key:40}{value:>8}" for key, value in run["ours"]["profile_us"].items()]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--answers", type=int, default=500)
    parser.add_argument("--json", action="store_true", help="print the result as JSON only")
    parser.add_argument("--no-anki", action="store_true", help="skip Anki's side")
    parser.add_argument("--profile", action="store_true", help="add a probed pass (ours)")
    parser.add_argument("--seed", type=int, default=231)
    parser.add_argument("--workdir", type=Path, default=None, help="where the temp dir goes")
    args = parser.parse_args(argv)
    if args.cards < 2 or args.answers < 1:
        parser.error("need --cards >= 2 and --answers >= 1")
    if not args.no_anki and importlib.util.find_spec("anki") is None:
        parser.error("the anki package is missing: pip install -e '.[bench]', or pass --no-anki")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    result = run(args)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        print("machine: " + json.dumps(machine_info()), file=sys.stderr)
    else:
        print(render_table(result, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
