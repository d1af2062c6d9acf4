"""Anki interoperability, against Anki's own backend: our reviewed collection -> .apkg -> a
fresh Anki collection holds the same cards, states, intervals, FSRS memory and review log; an
Anki deck with its history comes in (its memory continued, an SM-2 card's derived as Anki
derives it) and goes back out the same; re-importing updates instead of duplicating; a bad
package changes nothing. Skipped, with the reason, when the `anki` extra is absent."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
import sys
import time
import zipfile
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest

from studyapp.cli.main import main
from studyapp.db.backup import list_backups
from studyapp.db.collection import Collection, open_collection
from studyapp.domain.errors import AnkiPackageError, AnkiPackageTooNewError
from studyapp.domain.studyday import local_zone, study_day
from studyapp.importers.anki_html import html_to_markdown, markdown_to_html
from studyapp.importers.apkg import read_package
from studyapp.jobs import Cancelled, Progress, run
from studyapp.services.anki_export import export_apkg
from studyapp.services.anki_import import import_package, import_package_job
from studyapp.services.importing import import_notes
from studyapp.services.study import StudySession
from tests.studyapp.conftest import FakeClock, small_notes

# The tests that need Anki's backend; the rest (CSV, the missing extra, HTML) run without it.
needs_anki = pytest.mark.skipif(
    importlib.util.find_spec("anki") is None, reason="the anki extra is not installed"
)


def anki_open(path: Path) -> Any:
    from anki.collection import Collection as AnkiCollection

    path.parent.mkdir(parents=True, exist_ok=True)
    return AnkiCollection(str(path))


def anki_import(path: Path, package: Path) -> Any:
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col = anki_open(path)
    options = ImportAnkiPackageOptions(
        merge_notetypes=True, with_scheduling=True, with_deck_configs=True
    )
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=options))
    return col


def anki_cards(col: Any) -> dict[str, dict[str, Any]]:
    """Every card by note GUID: scheduling with days counted from today, memory, revlog."""
    today = col.sched.today
    out = {}
    for cid in col.find_cards(""):
        c = col.get_card(cid)
        day_due = c.type == 2 or (c.type in (1, 3) and c.due < 1_000_000_000)
        memory = (c.memory_state.stability, c.memory_state.difficulty) if c.memory_state else None
        revlog = col.db.all(
            "SELECT id, ease, ivl, lastIvl, time, type FROM revlog WHERE cid = ? ORDER BY id", cid
        )
        out[c.note().guid] = {
            "type": c.type, "queue": c.queue, "due": c.due - today if day_due else c.due,
            "ivl": c.ivl, "reps": c.reps, "lapses": c.lapses, "left": c.left % 1000,
            "memory": memory, "last_review": c.last_review_time, "revlog": revlog,
            "fields": dict(c.note().items()),
        }  # fmt: skip
    return out


def same_memory(a: tuple[float, float] | None, b: tuple[float, float] | None) -> bool:
    if a is None or b is None:
        return a == b
    return a == pytest.approx(b, rel=1e-4, abs=1e-3)  # Anki keeps 3 decimals


@pytest.fixture
def reviewed(col: Collection, clock: FakeClock) -> Collection:
    """The small deck after five study days of answers (some forgotten), one card suspended."""
    import_notes(col, small_notes(), "Test")
    for day in range(5):
        with StudySession(col, "Test") as session:
            n = 0
            while session.next_card() is not None and n < 30:
                session.answer(1 if (n + day) % 4 == 0 else 3, 4000 + 100 * n)
                clock.advance(seconds=40)
                n += 1
        clock.advance(days=1)
    with col.connection() as conn:
        conn.execute("UPDATE cards SET suspended = 1 WHERE id = (SELECT max(id) FROM cards)")
    return col


def our_cards(col: Collection) -> dict[int, dict[str, Any]]:
    with col.connection() as conn:
        cards = conn.execute(
            "SELECT id, question, answer, fsrs_state, reps, lapses, stability, difficulty, due, "
            "last_review, suspended, anki_guid FROM cards ORDER BY id"
        ).fetchall()
        logs = conn.execute(
            "SELECT card_id, reviewed_at, rating, duration_ms, state_before, state_after, "
            "due_after FROM review_log ORDER BY card_id, reviewed_at"
        ).fetchall()
    keys = ("question", "answer", "state", "reps", "lapses", "stability", "difficulty", "due",
            "last_review", "suspended", "guid")  # fmt: skip
    out = {row[0]: {**dict(zip(keys, row[1:], strict=True)), "log": []} for row in cards}
    for card_id, *row in logs:
        out[card_id]["log"].append(tuple(row))
    return out


@needs_anki
def test_our_reviewed_deck_arrives_in_anki_as_it_is(reviewed: Collection, tmp_path: Path) -> None:
    package = tmp_path / "test.apkg"
    report = export_apkg(reviewed, package, "Test", with_scheduling=True)
    assert report.cards == 6 and report.reviews > 20 and package.stat().st_mode & 0o777 == 0o600
    ours = our_cards(reviewed)
    col = anki_import(tmp_path / "anki" / "c.anki2", package)
    try:
        theirs = anki_cards(col)
        deck = col.decks.config_dict_for_deck_id(col.decks.id_for_name("Test"))
    finally:
        col.close()
    assert len(theirs) == 6 and deck["desiredRetention"] == pytest.approx(0.9)
    assert deck["new"]["delays"] == [1.0, 10.0] and deck["lapse"]["delays"] == [10.0]
    today = study_day(reviewed.clock(), 4, UTC)
    by_question = {c["question"]: c for c in ours.values()}
    for card in theirs.values():
        mine = next(
            c for c in ours.values() if markdown_to_html(c["question"]) == card["fields"]["Front"]
        )
        assert card["fields"]["Back"] == markdown_to_html(mine["answer"])
        assert card["reps"] == mine["reps"] and card["lapses"] == mine["lapses"]
        assert card["queue"] == (-1 if mine["suspended"] else {1: 1, 2: 2, 3: 1}[mine["state"]])
        assert card["type"] == {1: 1, 2: 2, 3: 3}[mine["state"]]
        assert same_memory(card["memory"], (mine["stability"], mine["difficulty"]))
        assert card["last_review"] == mine["last_review"] // 1000
        if mine["state"] == 2:  # a review: due on the same study day, its interval in days
            due_day = study_day(_dt(mine["due"]), 4, UTC)
            assert card["due"] == (due_day - today).days
            assert card["ivl"] == (due_day - study_day(_dt(mine["last_review"]), 4, UTC)).days
        # every answer: its time (the revlog id), rating, time taken, kind and interval
        log = [
            (at, rating, taken, {1: 0, 2: 1, 3: 2}[before])
            for at, rating, taken, before, *_ in mine["log"]
        ]
        assert [(r[0], r[1], r[4], r[5]) for r in card["revlog"]] == log
    assert "Softmax loss의 역할" in by_question  # Korean text arrives as it is
    front = theirs[next(iter(theirs))]["fields"]
    assert "studyapp" in front and '"kind"' in front["studyapp"]


def _dt(ms: int) -> Any:
    from studyapp.db.epoch import from_epoch_ms

    return from_epoch_ms(ms)


@needs_anki
def test_reimporting_our_package_updates_rather_than_duplicates(
    reviewed: Collection, tmp_path: Path
) -> None:
    package = tmp_path / "test.apkg"
    export_apkg(reviewed, package, "Test", with_scheduling=True)
    before = our_cards(reviewed)
    report = import_package(reviewed, read_package(package))
    assert (report.added, report.updated, report.unchanged, report.reviews_added) == (0, 0, 6, 0)
    after = our_cards(reviewed)
    assert {i: {**c, "guid": None} for i, c in after.items()} == {
        i: {**c, "guid": None} for i, c in before.items()
    }
    assert all(c["guid"] for c in after.values())  # the GUIDs are kept from now on
    # Reviewed "on the phone": one card answered in Anki, then the package comes back.
    phone = anki_import(tmp_path / "phone" / "c.anki2", package)
    try:
        guid = _answer_one(phone)
        back = tmp_path / "back.apkg"
        phone.export_anki_package(out_path=str(back), options=_anki_export_options(), limit=None)
        expected = anki_cards(phone)[guid]
    finally:
        phone.close()
    report = import_package(reviewed, read_package(back))
    assert (report.added, report.updated, report.reviews_added) == (0, 1, 1)
    card = next(c for c in our_cards(reviewed).values() if c["guid"] == guid)
    assert len(card["log"]) == len(expected["revlog"]) and card["reps"] == expected["reps"]
    assert same_memory((card["stability"], card["difficulty"]), expected["memory"])
    assert card["last_review"] // 1000 == expected["last_review"]


def _anki_export_options() -> Any:
    from anki.collection import ExportAnkiPackageOptions

    return ExportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True, legacy=False)


def _answer_one(col: Any) -> str:
    """Answer the first queued card Good with Anki's own v3 scheduler; its GUID."""
    from anki.cards import Card
    from anki.scheduler.v3 import CardAnswer

    col.set_config("fsrs", True)
    col.decks.select(col.decks.id_for_name("Test"))
    queued = col.sched.get_queued_cards()
    card = Card(col, backend_card=queued.cards[0].card)
    card.start_timer()
    states = queued.cards[0].states
    col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=CardAnswer.GOOD))
    return str(card.note().guid)


@pytest.fixture
def anki_deck(tmp_path: Path) -> Iterator[tuple[Path, dict[str, dict[str, Any]], dict[str, Any]]]:
    """An Anki deck made in Anki: Korean Basic notes answered with FSRS by Anki's scheduler, a
    Cloze note, and an SM-2-era card with 40 days of history and no FSRS memory; exported by
    Anki with scheduling. Yields the package, its cards, and Anki's own memory for the SM-2
    card computed from its history."""
    from anki.scheduler.v3 import CardAnswer

    col = anki_open(tmp_path / "source" / "c.anki2")
    col.set_config("fsrs", True)
    deck_id = col.decks.id("한국어 덱::Vision")
    basic = col.models.by_name("Basic")
    texts = [("<b>CNN</b>이란?", "합성곱 신경망 \\(y = Wx\\)"), ("Softmax?", "확률<br>분포")]
    for front, back in texts:
        note = col.new_note(basic)
        note["Front"], note["Back"] = front, back
        col.add_note(note, deck_id)
    cloze = col.new_note(col.models.by_name("Cloze"))
    cloze["Text"] = "{{c1::ReLU}} is max(0, x)"
    col.add_note(cloze, deck_id)
    col.decks.select(deck_id)
    for rating in (CardAnswer.AGAIN, CardAnswer.GOOD, CardAnswer.GOOD, CardAnswer.EASY):
        _answer_first(col, rating)
    note = col.new_note(basic)
    note["Front"], note["Back"] = "SM-2 card", "old"
    col.add_note(note, deck_id)
    sm2 = _make_sm2_card(col)
    computed = col.compute_memory_state(sm2)
    package = tmp_path / "anki.apkg"
    col.export_anki_package(out_path=str(package), options=_anki_export_options(), limit=None)
    cards = anki_cards(col)
    col.close()
    yield package, cards, {"sm2": sm2, "guid": col_guid(tmp_path, sm2), "computed": computed}


def col_guid(tmp_path: Path, cid: int) -> str:
    col = anki_open(tmp_path / "source" / "c.anki2")
    try:
        return str(col.get_card(cid).note().guid)
    finally:
        col.close()


def _answer_first(col: Any, rating: Any) -> None:
    from anki.cards import Card

    queued = col.sched.get_queued_cards()
    card = Card(col, backend_card=queued.cards[0].card)
    card.start_timer()
    col.sched.answer_card(
        col.sched.build_answer(card=card, states=queued.cards[0].states, rating=rating)
    )


def _make_sm2_card(col: Any) -> int:
    """The "SM-2 card" as an old Anki would have left it: learnt 40 days ago, reviewed on days
    1, 5 and 15, due in 6 days, ease 2.3, no FSRS memory."""
    cid = col.find_cards('"Front:SM-2 card"')[0]
    card = col.get_card(cid)
    now_ms = int(time.time() * 1000)
    day = 86_400_000
    rows = [(now_ms - 40 * day, 3, -600, 0, 0), (now_ms - 40 * day + 600_000, 3, 1, -600, 0),
            (now_ms - 39 * day, 3, 4, 1, 1), (now_ms - 35 * day, 3, 10, 4, 1),
            (now_ms - 25 * day, 3, 31, 10, 1)]  # fmt: skip
    for at, ease, ivl, last_ivl, kind in rows:
        col.db.execute(
            "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
            "VALUES (?, ?, -1, ?, ?, ?, 2300, 6000, ?)",
            at, cid, ease, ivl, last_ivl, kind,
        )  # fmt: skip
    card.type, card.queue, card.ivl, card.due = 2, 2, 31, col.sched.today + 6
    card.factor, card.reps, card.lapses, card.memory_state = 2300, 5, 0, None
    col.update_card(card)
    return int(cid)


@needs_anki
def test_an_anki_deck_comes_in_with_its_history_and_goes_back_the_same(
    tmp_path: Path, anki_deck: tuple[Path, dict[str, dict[str, Any]], dict[str, Any]]
) -> None:
    package, original, sm2 = anki_deck
    with open_collection(tmp_path / "ours", tz=local_zone()) as col:
        report = import_package(col, read_package(package))
        assert report.decks == ("한국어 덱",) and report.added == 4
        ours = {c["guid"]: c for c in our_cards(col).values()}
        assert sum(len(c["log"]) for c in ours.values()) == sum(
            len(c["revlog"]) for c in original.values()
        )
        cnn = next(c for c in ours.values() if c["question"] == "**CNN**이란?")
        assert cnn["answer"] == "합성곱 신경망 $y = Wx$"
        cloze = next(c for c in ours.values() if "ReLU" in c["answer"])
        assert "[...]" in cloze["question"]
        # FSRS goes on where Anki left off: its memory, or for the SM-2 card, what Anki derives
        for guid, card in ours.items():
            if original[guid]["memory"] is not None:
                assert same_memory(
                    (card["stability"], card["difficulty"]), original[guid]["memory"]
                )
        derived = ours[sm2["guid"]]
        computed = sm2["computed"]
        assert (derived["stability"], derived["difficulty"]) == pytest.approx(
            (computed.stability, computed.difficulty), rel=1e-3
        )
        out = tmp_path / "back.apkg"
        export_apkg(col, out, with_scheduling=True)
    back = anki_import(tmp_path / "again" / "c.anki2", out)
    try:
        again = anki_cards(back)
    finally:
        back.close()
    assert set(again) == set(original)
    for guid, card in original.items():
        got = again[guid]
        for key in ("type", "queue", "due", "ivl", "reps", "lapses"):
            assert got[key] == card[key], (guid, key)
        assert [r[:3] + r[4:] for r in got["revlog"]] == [r[:3] + r[4:] for r in card["revlog"]]
        if card["memory"] is not None:
            assert same_memory(got["memory"], card["memory"])


def _meta(version: int) -> bytes:
    from anki.import_export_pb2 import PackageMetadata

    return PackageMetadata(version=version).SerializeToString()  # type: ignore[arg-type]


def _zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_STORED) -> Path:
    with zipfile.ZipFile(path, "w", compression=method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def bad_packages(tmp_path: Path, good: Path) -> dict[str, tuple[Path, str]]:
    with zipfile.ZipFile(good) as archive:
        members = {m.filename: archive.read(m) for m in archive.infolist()}
    corrupt = tmp_path / "corrupt.apkg"
    corrupt.write_bytes(b"PK\x03\x04" + hashlib.sha256(b"x").digest() * 40)
    cut = tmp_path / "cut.apkg"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    bomb = {"collection.anki21b": b"", "meta": _meta(3), "media": b"\0" * (64 << 20)}
    not_anki = _zip(tmp_path / "notes.apkg", {"notes.md": "# 노트".encode()})
    return {
        "corrupt": (corrupt, "not a readable Anki package"),
        "truncated": (cut, "not a readable Anki package"),
        "not Anki": (not_anki, "no Anki collection"),
        "newer Anki": (_zip(tmp_path / "newer.apkg", {**members, "meta": _meta(9)}), "newer Anki"),
        "zip bomb": (_zip(tmp_path / "bomb.apkg", bomb, zipfile.ZIP_DEFLATED), "zip bomb"),
    }  # fmt: skip


@needs_anki
def test_a_bad_package_is_one_line_and_changes_nothing(
    reviewed: Collection, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.apkg"
    export_apkg(reviewed, good, "Test", with_scheduling=True)
    folder = reviewed.folder
    reviewed.close()  # the command opens the collection itself
    data = (folder / "collection.sqlite3").read_bytes()
    backups = list_backups(folder / "backups")
    for name, (path, says) in bad_packages(tmp_path, good).items():
        code = main(["import", str(path), "--data-dir", str(folder)])
        err = capsys.readouterr().err
        assert code == 1 and err.count("\n") == 1 and says in err and str(path) in err, name
        assert (folder / "collection.sqlite3").read_bytes() == data, name
        assert list_backups(folder / "backups") == backups, name


@needs_anki
def test_the_package_inside_may_not_unpack_past_the_limit(
    reviewed: Collection, tmp_path: Path
) -> None:
    package = tmp_path / "good.apkg"
    export_apkg(reviewed, package, "Test", with_scheduling=True)
    with pytest.raises(AnkiPackageError, match="unpacks to more than"):
        read_package(package, max_unpacked=64 << 10)  # the collection inside is larger
    with pytest.raises(AnkiPackageTooNewError):
        with zipfile.ZipFile(package) as archive:
            members = {m.filename: archive.read(m) for m in archive.infolist()}
        read_package(_zip(tmp_path / "newer.apkg", {**members, "meta": _meta(4)}))


@needs_anki
def test_a_cancelled_import_rolls_back(reviewed: Collection, tmp_path: Path) -> None:
    package = tmp_path / "test.apkg"
    export_apkg(reviewed, package, "Test", with_scheduling=True)
    other = open_collection(tmp_path / "other", clock=FakeClock(), tz=UTC)
    try:
        seen: list[Progress] = []
        job = import_package_job(other, read_package(package))
        with pytest.raises(Cancelled):
            run(job, on_progress=seen.append, cancelled=lambda: seen[-1].message == "saving")
        assert our_cards(other) == {}
        report = import_package(other, read_package(package))
        assert report.added == 6 and len(our_cards(other)) == 6
    finally:
        other.close()


@pytest.fixture
def without_anki(reviewed: Collection, monkeypatch: pytest.MonkeyPatch) -> str:
    """The reviewed collection's folder, closed for the command, with `anki` unimportable."""
    reviewed.close()
    monkeypatch.setitem(sys.modules, "anki", None)  # as if it were not installed
    return str(reviewed.folder)


def test_export_and_import_say_how_to_install_the_extra(
    without_anki: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = without_anki
    for argv in (["export", "--deck", "Test", "--out", str(tmp_path / "x.apkg")],
                 ["import", str(tmp_path / "x.apkg")]):  # fmt: skip
        assert main([*argv, "--data-dir", folder]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "pip install 'studyapp[anki]'" in err and "AGPL" in err
    assert not (tmp_path / "x.apkg").exists()


def test_csv_export_needs_no_extra(without_anki: str, tmp_path: Path) -> None:
    out = tmp_path / "cards.csv"
    assert main(["export", "--csv", "--out", str(out), "--data-dir", without_anki]) == 0

    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 6 and out.stat().st_mode & 0o777 == 0o600
    softmax = next(r for r in rows if r["question"] == "Softmax loss의 역할")
    assert softmax["state"] in {"review", "relearning", "learning"} and int(softmax["reps"]) > 0
    assert softmax["due"].endswith("+00:00") and float(softmax["stability"]) > 0
    assert sum(r["suspended"] == "1" for r in rows) == 1


def test_markdown_becomes_anki_html_and_comes_back() -> None:
    text = (
        "- scores를 **확률**로 바꿈\n- loss $L = -\\log p_{y_i}$\n\n$$\\sum_j e^{s_j} < \\infty$$"
    )
    html = markdown_to_html(text)
    assert "<strong>확률</strong>" in html and r"\(L = -\log p_{y_i}\)" in html
    assert r"\[\sum_j e^{s_j} &lt; \infty\]" in html  # MathJax, with its < escaped for HTML
    assert html_to_markdown(html) == text
    assert markdown_to_html("K-NN이란?") == "K-NN이란?"  # one paragraph: no <p>, like Anki
    assert markdown_to_html("`$x$` <b>raw</b>") == "<code>$x$</code> &lt;b&gt;raw&lt;/b&gt;"
    assert markdown_to_html("costs $5 and $10") == "costs $5 and $10"
    assert html_to_markdown("a<br>b<style>x{}</style>[sound:a.mp3]&nbsp;c") == "a\nb c"
