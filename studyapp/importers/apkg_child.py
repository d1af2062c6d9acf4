"""Reading an Anki package with Anki's own backend, in the child process `read_package_job`
starts: `python -m studyapp.importers.apkg_child PACKAGE OUT.json MAX_BYTES`.

The package is imported into a scratch Anki collection (so Anki itself migrates old formats and
moves due days into one calendar), then every card, its note's text (as Markdown), its
scheduling and its revlog rows are written to OUT.json as `AnkiPackage` records. No file this
process writes may grow past MAX_BYTES (the compressed collection inside has no size to check
beforehand). A refusal is one line on stderr with an exit code `apkg` reads.
"""

from __future__ import annotations

import errno
import json
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from studyapp.fileutil import write_atomic
from studyapp.importers.anki_html import html_to_markdown, markdown_to_html
from studyapp.importers.apkg import (
    EXIT_REFUSED,
    EXIT_TOO_LARGE,
    EXIT_TOO_NEW,
    AnkiCard,
    AnkiDeckOptions,
    AnkiPackage,
    AnkiReview,
    package_to_json,
)
from studyapp.importers.apkg_write import META_FIELD, META_VERSION

_TIMESTAMP = 1_000_000_000  # a learning card's due above this is a time, below it a day


def main(argv: list[str]) -> int:
    package, out, limit = Path(argv[1]), Path(argv[2]), int(argv[3])
    _limit_file_sizes(limit)
    from anki.errors import AnkiException

    with tempfile.TemporaryDirectory(prefix="studyapp-apkg-read-") as tmp:
        # Anki's own temporary files (the unpacked collection) go here too, to be measured.
        os.environ["TMPDIR"] = tmp
        try:
            read = read_package(package, Path(tmp))
            write_atomic(out, json.dumps(package_to_json(read), ensure_ascii=False))
        except (AnkiException, OSError) as err:
            if _LIMIT_HIT or getattr(err, "errno", None) == errno.EFBIG:
                print(f"unpacks to more than {limit >> 20} MiB; not imported", file=sys.stderr)
                return EXIT_TOO_LARGE
            if isinstance(err, OSError):
                raise
            text = str(err).splitlines()[0] if str(err) else type(err).__name__
            too_new = "newer version" in text
            print(text if too_new else f"not a readable Anki package ({text})", file=sys.stderr)
            return EXIT_TOO_NEW if too_new else EXIT_REFUSED
    return 0


_LIMIT_HIT = False  # set when a write went past the limit


def _limit_file_sizes(limit: int) -> None:
    """Writes past `limit` fail with EFBIG instead of filling the disk. SIGXFSZ is caught (not
    its default, which kills): the write fails, and the handler notes that it was the limit,
    which SQLite would report only as a disk I/O error."""
    try:
        import resource
        import signal
    except ImportError:  # not POSIX: the size checks before the child are all there is
        return

    def note(signum: int, frame: object) -> None:
        global _LIMIT_HIT
        _LIMIT_HIT = True

    signal.signal(signal.SIGXFSZ, note)
    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))


def read_package(package: Path, scratch: Path) -> AnkiPackage:
    """The package's cards and decks, imported by Anki into a collection in `scratch`."""
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col = Collection(str(scratch / "read.anki2"))
    try:
        options = ImportAnkiPackageOptions(
            merge_notetypes=True, with_scheduling=True, with_deck_configs=True
        )
        request = ImportAnkiPackageRequest(package_path=str(package), options=options)
        col.import_anki_package(request)
        cards = _cards(col)
        decks = tuple(_deck(col, did) for did in sorted({did for did, _ in cards}))
        return AnkiPackage(str(package), tuple(card for _, card in cards), decks)
    finally:
        col.close()


def _reviews(col: Any) -> dict[int, list[AnkiReview]]:
    """Real answers only: not set-due-date, reset or rescheduled rows, nor cramming without
    rescheduling (factor 0 in a filtered deck), as Anki's own optimiser reads the log."""
    rows = col.db.all(
        "SELECT id, cid, ease, ivl, time, type, factor FROM revlog WHERE ease BETWEEN 1 AND 4 "
        "AND (type IN (0, 1, 2) OR (type = 3 AND factor != 0)) ORDER BY cid, id"
    )
    out: dict[int, list[AnkiReview]] = defaultdict(list)
    for at, cid, ease, ivl, taken, kind, factor in rows:
        out[cid].append(AnkiReview(at, ease, kind, ivl, max(taken, 0), factor))
    return out


def _cards(col: Any) -> list[tuple[int, AnkiCard]]:
    today = col.sched.today
    reviews = _reviews(col)
    out = []
    for cid in sorted(col.find_cards("")):
        card = col.get_card(cid)
        did = card.odid or card.did
        text = _text(card)
        schedule = _schedule(card, today)
        history = tuple(reviews.get(cid, ()))
        guid = card.note().guid + (f"#{card.ord}" if card.ord else "")
        deck = col.decks.name(did)
        out.append((did, AnkiCard(guid=guid, deck=deck, **text, **schedule, reviews=history)))
    return out


def _schedule(card: Any, today: int) -> dict[str, Any]:
    due = card.odue if card.odid else card.due
    values: dict[str, Any] = {"ctype": int(card.type), "suspended": card.queue == -1}
    if card.type == 0:
        values["position"] = int(due)
    elif card.type == 2 or due < _TIMESTAMP:
        values["due_day"] = int(due) - today
    else:
        values["due_ms"] = int(due) * 1000
    memory = card.memory_state
    values.update(
        interval=int(card.ivl),
        remaining_steps=int(card.left) % 1000,  # the thousands are a legacy day count
        reps=int(card.reps),
        lapses=int(card.lapses),
        factor=int(card.factor),
        stability=float(memory.stability) if memory is not None else None,
        difficulty=float(memory.difficulty) if memory is not None else None,
        desired_retention=card.desired_retention,
        last_review_ms=card.last_review_time * 1000 if card.last_review_time else None,
    )
    return values


def _text(card: Any) -> dict[str, Any]:
    note = card.note()
    meta = _meta(note)
    if meta is None:  # made in Anki: what its templates show (Cloze, reversed cards too)
        rendered = card.render_output()
        answer = rendered.answer_text.split("<hr id=answer>")[-1]
        return {
            "question": html_to_markdown(rendered.question_text),
            "answer": html_to_markdown(answer),
        }
    question, answer = meta["question"], meta["answer"]
    if markdown_to_html(question) != note["Front"] or markdown_to_html(answer) != note["Back"]:
        question, answer = html_to_markdown(note["Front"]), html_to_markdown(note["Back"])
    return {
        "question": question,
        "answer": answer,
        "title": str(meta.get("title", "")),
        "kind": "learned" if meta.get("kind") == "learned" else "qa",
        "lecture": int(meta["lecture"]) if meta.get("lecture") is not None else None,
        "lecture_title": str(meta.get("lecture_title", "")),
        "sort_order": int(meta["sort_order"]) if meta.get("sort_order") is not None else None,
    }


def _meta(note: Any) -> dict[str, Any] | None:
    """The Markdown a studyapp export keeps in its hidden field, if this note has it."""
    if META_FIELD not in note:
        return None
    try:
        meta = json.loads(note[META_FIELD])
    except ValueError:
        return None
    ok = isinstance(meta, dict) and meta.get("v") == META_VERSION
    return meta if ok and isinstance(meta.get("question"), str) else None


def _deck(col: Any, did: int) -> AnkiDeckOptions:
    conf = col.decks.config_dict_for_deck_id(did)
    params = conf.get("fsrsParams6") or None
    return AnkiDeckOptions(
        name=col.decks.name(did),
        desired_retention=float(conf.get("desiredRetention", 0.9)),
        parameters=tuple(params) if params else None,
        learning_steps_min=tuple(float(s) for s in conf["new"]["delays"]),
        relearning_steps_min=tuple(float(s) for s in conf["lapse"]["delays"]),
        new_per_day=int(conf["new"]["perDay"]),
        max_reviews_per_day=int(conf["rev"]["perDay"]),
        max_interval_days=int(conf["rev"]["maxIvl"]),
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv))
