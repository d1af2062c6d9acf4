"""Writing an Anki package (.apkg) with Anki's own backend, from `AnkiCard` records.

A scratch Anki collection gets one note per card in a "studyapp card" note type (Front and
Back as HTML, and a hidden field keeping the Markdown, the lecture and the card kind, so a
package brought back is read exactly), each deck with its options (FSRS parameters, desired
retention, steps, limits), and with scheduling each card's state, due date, FSRS memory and
its revlog rows. Anki then writes the package, which goes into place atomically (0600).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from studyapp.fileutil import atomic_path
from studyapp.importers.anki_html import markdown_to_html
from studyapp.importers.apkg import AnkiCard, AnkiDeckOptions, require_anki

NOTETYPE = "studyapp card"
META_FIELD = "studyapp"
META_VERSION = 1
_FIELDS = ("Front", "Back", META_FIELD)
_CSS = ".card { font-family: sans-serif; font-size: 20px; text-align: left; }\n"
_REVLOG = (
    "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
    "VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)"
)


def write_package(
    out: Path,
    cards: Sequence[AnkiCard],
    decks: Sequence[AnkiDeckOptions],
    with_scheduling: bool,
) -> int:
    """Write `cards` (in `decks`) to `out`; returns the number of notes Anki exported."""
    require_anki()
    from anki.collection import Collection, DeckIdLimit, ExportAnkiPackageOptions
    from anki.decks import DeckId

    with tempfile.TemporaryDirectory(prefix="studyapp-apkg-write-") as tmp:
        col = Collection(str(Path(tmp) / "export.anki2"))
        try:
            col.set_config("fsrs", True)
            deck_ids = {deck.name: _add_deck(col, deck, with_scheduling) for deck in decks}
            ids = _add_notes(col, cards, deck_ids)
            if with_scheduling:
                _schedule(col, cards, ids)
            options = ExportAnkiPackageOptions(
                with_scheduling=with_scheduling,
                with_deck_configs=with_scheduling,
                with_media=False,
                legacy=False,
            )
            limit = DeckIdLimit(DeckId(next(iter(deck_ids.values())))) if len(decks) == 1 else None
            with atomic_path(out) as temp:
                count: int = col.export_anki_package(
                    out_path=str(temp), options=options, limit=limit
                )
        finally:
            col.close()
    return count


def _notetype(col: Any) -> Any:
    models = col.models
    notetype = models.new(NOTETYPE)
    for name in _FIELDS:
        models.add_field(notetype, models.new_field(name))
    template = models.new_template("Card 1")
    template["qfmt"] = "{{Front}}"
    template["afmt"] = "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"
    models.add_template(notetype, template)
    notetype["css"] = _CSS
    return models.get(models.add(notetype).id)


def _add_deck(col: Any, deck: AnkiDeckOptions, with_options: bool) -> int:
    deck_id = int(col.decks.id(deck.name))
    if not with_options:
        return deck_id
    conf = col.decks.add_config(deck.name)
    conf["new"]["delays"] = list(deck.learning_steps_min)
    conf["new"]["perDay"] = deck.new_per_day
    conf["lapse"]["delays"] = list(deck.relearning_steps_min)
    conf["rev"]["perDay"] = deck.max_reviews_per_day
    conf["rev"]["maxIvl"] = deck.max_interval_days
    conf["desiredRetention"] = deck.desired_retention
    conf["fsrsParams6"] = list(deck.parameters or ())
    col.decks.update_config(conf)
    stored = col.decks.get(deck_id)
    col.decks.set_config_id_for_deck_dict(stored, conf["id"])
    return deck_id


def meta_json(card: AnkiCard) -> str:
    """The hidden field: the card's Markdown and place, as JSON that holds no HTML markup."""
    meta = {
        "v": META_VERSION, "kind": card.kind, "title": card.title, "question": card.question,
        "answer": card.answer, "lecture": card.lecture, "lecture_title": card.lecture_title,
        "sort_order": card.sort_order,
    }  # fmt: skip
    text = json.dumps(meta, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _add_notes(col: Any, cards: Sequence[AnkiCard], deck_ids: dict[str, int]) -> dict[str, int]:
    """One note per card, added in one call; returns {guid: Anki card id}."""
    from anki.collection import AddNoteRequest
    from anki.decks import DeckId

    notetype = _notetype(col)
    requests = []
    for card in cards:
        note = col.new_note(notetype)
        note["Front"] = markdown_to_html(card.question)
        note["Back"] = markdown_to_html(card.answer)
        note[META_FIELD] = meta_json(card)
        note.guid = card.guid
        lecture = [f"lecture::{card.lecture:02d}"] if card.lecture is not None else []
        note.tags = ["studyapp", card.kind, *lecture]
        requests.append(AddNoteRequest(note=note, deck_id=DeckId(deck_ids[card.deck])))
    if requests:
        col.add_notes(requests)
    rows = col.db.all("SELECT n.guid, c.id FROM cards c JOIN notes n ON n.id = c.nid")
    return dict(rows)


def _schedule(col: Any, cards: Sequence[AnkiCard], ids: dict[str, int]) -> None:
    from anki.cards import FSRSMemoryState

    today = col.sched.today
    updated, revlog, used = [], [], set[int]()
    for record in cards:
        card = col.get_card(ids[record.guid])
        card.type = record.ctype
        card.queue = -1 if record.suspended else _queue(record)
        card.due = _due(record, today)
        card.ivl, card.factor, card.left = record.interval, record.factor, record.remaining_steps
        card.reps, card.lapses = record.reps, record.lapses
        if record.stability is not None and record.difficulty is not None:
            card.memory_state = FSRSMemoryState(
                stability=record.stability, difficulty=record.difficulty
            )
            card.desired_retention = record.desired_retention
        if record.last_review_ms is not None:
            card.last_review_time = record.last_review_ms // 1000
        updated.append(card)
        revlog += _revlog(card.id, record, used)
    col.update_cards(updated)
    col.db.executemany(_REVLOG, revlog)


def _queue(card: AnkiCard) -> int:
    if card.ctype == 0:
        return 0
    if card.ctype == 2:
        return 2
    return 1 if card.due_ms is not None else 3  # learning: today (a time) or a later day


def _due(card: AnkiCard, today: int) -> int:
    if card.ctype == 0:
        return card.position
    if card.due_ms is not None:
        return card.due_ms // 1000
    return today + (card.due_day or 0)


def _revlog(card_id: int, card: AnkiCard, used: set[int]) -> list[tuple[int, ...]]:
    """Revlog rows; an id (the answer's time in ms) is unique in Anki, so a clash moves a row
    by a millisecond."""
    rows: list[tuple[int, ...]] = []
    last_interval = 0
    for r in card.reviews:
        at = r.at_ms
        while at in used:
            at += 1
        used.add(at)
        rows.append(
            (at, card_id, r.rating, r.interval, last_interval, r.factor, r.duration_ms, r.kind)
        )
        last_interval = r.interval
    return rows
