"""Importing study notes into a deck, keeping every card's review history across re-imports."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from studyapp.db.collection import Collection
from studyapp.db.decks import raw
from studyapp.db.models import (
    Card,
    DailyLogEntry,
    DailyLogItem,
    Deck,
    DeckConfig,
    Lecture,
    RoadmapItem,
    RoadmapWeek,
    card_edits_table,
    cards_table,
)
from studyapp.domain.changes import Changes
from studyapp.domain.notes import CardKind, ParsedNotes
from studyapp.importers.matching import Candidate, match_items
from studyapp.importers.notes_markdown import read_notes_file
from studyapp.jobs import Job, Progress, run
from studyapp.services.roadmap import record_notes_marks

NO_DETAIL = "*(노트에 아직 세부 내용이 없습니다 — the notes hold no detail for this point yet.)*"


@dataclass(frozen=True)
class NoteCard:
    """A card as the notes define it, before it meets the collection."""

    lecture: int
    kind: CardKind
    title: str
    question: str
    answer: str
    sort_order: int


IMPORT_CHANGES = Changes(all_cards=True, decks=True, notes=True, study_queues=True, backups=True)


@dataclass(frozen=True)
class ImportReport:
    deck: str
    added: int
    updated: int
    unchanged: int
    suspended: int
    restored: int
    lectures: int
    roadmap_weeks: int
    daily_log_entries: int
    backup: Path | None = None
    warnings: tuple[str, ...] = ()  # parts of the notes the parser skipped, with line numbers
    changes: Changes = IMPORT_CHANGES

    def summary(self) -> str:
        return (
            f"Imported into deck {self.deck!r}: {self.added} added, {self.updated} updated, "
            f"{self.suspended} suspended (removed from the notes), {self.restored} restored, "
            f"{self.unchanged} unchanged; {self.lectures} lectures, {self.roadmap_weeks} roadmap "
            f"weeks, {self.daily_log_entries} daily-log entries."
        )


def default_deck_name(notes: ParsedNotes, path: Path) -> str:
    """ "CS231n - Deep Learning for Computer Vision" -> "CS231n"; else the file's stem."""
    head = notes.title.split(" - ")[0].strip()
    return head or path.stem


def import_notes_file(
    col: Collection, path: Path, deck: str | None = None, notes: ParsedNotes | None = None
) -> ImportReport:
    """Import `path` (already parsed as `notes`, or parsed here: nothing is written if that
    fails); back up first, then import in one transaction."""
    return run(import_notes_job(col, path, deck, notes))


IMPORT_STEPS = 4


def import_notes_job(
    col: Collection, path: Path, deck: str | None = None, notes: ParsedNotes | None = None
) -> Job[ImportReport]:
    """`import_notes_file` as a job: it reports each step and can be cancelled between them;
    a cancel before the commit leaves the collection as it was."""
    yield Progress(0, IMPORT_STEPS, f"reading {path.name}")
    notes = notes if notes is not None else read_notes_file(path)
    name = deck or default_deck_name(notes, path)
    yield Progress(1, IMPORT_STEPS, "backing up the collection")
    backup = None if col.created else col.backup("before-import")
    yield Progress(2, IMPORT_STEPS, f"merging {len(note_cards(notes))} cards into {name!r}")
    report = yield from _import_job(col, notes, name, str(path))
    yield Progress(IMPORT_STEPS, IMPORT_STEPS, report.summary())
    return replace(report, backup=backup, warnings=tuple(notes.warnings))


def note_cards(notes: ParsedNotes) -> list[NoteCard]:
    """Every card the notes define: one per learned point, one per Q&A pair, in note order."""
    out: list[NoteCard] = []
    for lec in notes.lectures:
        base = lec.number * 100_000
        for p in lec.learned:
            if not p.title.strip() and not p.body.strip():
                continue
            answer = p.body.strip() or NO_DETAIL
            out.append(
                NoteCard(lec.number, CardKind.LEARNED, p.title, p.title, answer, base + p.position)
            )
        for qa in lec.qa:
            if not qa.question.strip() and not qa.answer.strip():
                continue
            out.append(
                NoteCard(
                    lec.number,
                    CardKind.QA,
                    qa.title,
                    qa.question,
                    qa.answer,
                    base + 50_000 + qa.position,
                )
            )
    return out


def import_notes(
    col: Collection, notes: ParsedNotes, deck_name: str, source: str | None = None
) -> ImportReport:
    """Merge `notes` into deck `deck_name` (created if new). One transaction: all or nothing."""
    return run(_import_job(col, notes, deck_name, source))


def _import_job(
    col: Collection, notes: ParsedNotes, deck_name: str, source: str | None
) -> Job[ImportReport]:
    now = col.clock()
    with col.session() as s, s.begin():
        deck = _upsert_deck(s, deck_name, notes, source, now)
        lecture_ids = _upsert_lectures(s, deck.id, notes)
        counts = _merge_cards(s, deck.id, lecture_ids, note_cards(notes), now)
        _replace_roadmap(s, deck.id, notes)
        record_notes_marks(raw(s), deck.id, notes.roadmap, now)  # checks outlive the rows
        _replace_daily_log(s, deck.id, notes)
        # Still inside the transaction: a cancel here rolls all of it back.
        yield Progress(3, IMPORT_STEPS, "saving")
    return ImportReport(
        deck=deck_name,
        lectures=len(notes.lectures),
        roadmap_weeks=len(notes.roadmap.weeks),
        daily_log_entries=len(notes.daily_log),
        added=counts["added"],
        updated=counts["updated"],
        unchanged=counts["unchanged"],
        suspended=counts["suspended"],
        restored=counts["restored"],
    )


def _upsert_deck(
    s: Session, name: str, notes: ParsedNotes, source: str | None, now: datetime
) -> Deck:
    deck = s.scalar(select(Deck).where(Deck.name == name))
    if deck is None:
        deck = Deck(name=name, created_at=now)
        s.add(deck)
        s.flush()
        s.add(DeckConfig(deck_id=deck.id))
    deck.title = notes.title
    deck.source_path = source
    deck.overview = dict(notes.overview)
    deck.course_start = notes.roadmap.start
    deck.weeks_planned = notes.roadmap.weeks_planned
    deck.imported_at = now
    s.flush()
    return deck


def _upsert_lectures(s: Session, deck_id: int, notes: ParsedNotes) -> dict[int, int]:
    existing = {
        lec.number: lec for lec in s.scalars(select(Lecture).where(Lecture.deck_id == deck_id))
    }
    for parsed in notes.lectures:
        lec = existing.get(parsed.number)
        if lec is None:
            lec = Lecture(deck_id=deck_id, number=parsed.number)
            s.add(lec)
            existing[parsed.number] = lec
        lec.title = parsed.title
        lec.keywords = list(parsed.keywords)
    s.flush()
    return {number: lec.id for number, lec in existing.items()}


_EXISTING = select(
    Card.id,
    Card.lecture_id,
    Card.kind,
    Card.title,
    Card.question,
    Card.answer,
    Card.missing,
)


def _merge_cards(
    s: Session, deck_id: int, lecture_ids: dict[int, int], incoming: list[NoteCard], now: datetime
) -> dict[str, int]:
    lecture_of = {lid: number for number, lid in lecture_ids.items()}
    groups: dict[tuple[int, str], list[Any]] = defaultdict(list)
    for row in s.execute(_EXISTING.where(Card.deck_id == deck_id)):
        groups[(lecture_of[row.lecture_id], row.kind)].append(row)
    wanted: dict[tuple[int, str], list[tuple[int, NoteCard]]] = defaultdict(list)
    for index, card in enumerate(incoming):
        wanted[(card.lecture, card.kind.value)].append((index, card))

    counts = {"added": 0, "updated": 0, "unchanged": 0, "suspended": 0, "restored": 0}
    updates: list[dict[str, Any]] = []
    additions: list[dict[str, Any]] = []
    edits: list[dict[str, Any]] = []
    imported = _imported_text(s, deck_id)
    for key in sorted(groups.keys() | wanted.keys()):  # note order, so new ids follow it
        olds, news = groups.get(key, []), wanted.get(key, [])
        # An edited card is matched by the text its notes gave it, not by the learner's edit.
        pairs = match_items(
            [Candidate(r.id, *imported.get(r.id, (r.question, r.answer))) for r in olds],
            [Candidate(i, c.question, c.answer) for i, c in news],
        )
        rows = {r.id: r for r in olds}
        for index, card in news:
            old = rows.get(pairs[index]) if index in pairs else None
            if old is None:
                additions.append(_new_card_values(deck_id, lecture_ids[card.lecture], card, now))
                counts["added"] += 1
            else:
                change = _changes(old, card, now, counts, imported.get(old.id))
                updates.append(change)
                if "question" in change and (old.question, old.answer) != (
                    card.question,
                    card.answer,
                ):
                    edits.append(_edit_record(old, card, now))
        matched = set(pairs.values())
        for r in olds:
            if r.id not in matched and not r.missing:
                updates.append({"card_id": r.id, "missing": True, "updated_at": now})
                counts["suspended"] += 1
    _apply_updates(s, updates)
    if edits:
        s.connection().execute(insert(card_edits_table), edits)
    if additions:
        # Core executemany: the ORM bulk path costs twice as much for plain rows.
        s.connection().execute(insert(cards_table), additions)
    return counts


def _changes(
    old: Any,
    card: NoteCard,
    now: datetime,
    counts: dict[str, int],
    imported: tuple[str, str] | None,
) -> dict[str, Any]:
    """The update for a matched card. A card edited in the app keeps its edit while its notes
    still say what they said; when the notes change too, they win (the edit stays in
    card_edits)."""
    notes_unchanged = imported is not None and imported == (card.question, card.answer)
    text_changed = not notes_unchanged and (old.title, old.question, old.answer) != (
        card.title,
        card.question,
        card.answer,
    )
    if old.missing:
        counts["restored"] += 1
    elif text_changed:
        counts["updated"] += 1
    else:
        counts["unchanged"] += 1
    values: dict[str, Any] = {"card_id": old.id, "sort_order": card.sort_order, "missing": False}
    if not notes_unchanged:
        values.update(title=card.title, question=card.question, answer=card.answer)
    if text_changed or old.missing:
        values["updated_at"] = now
    return values


def _imported_text(s: Session, deck_id: int) -> dict[int, tuple[str, str]]:
    """For cards edited in the app since their last import: the text the notes gave them."""
    rows = s.execute(
        select(
            card_edits_table.c.card_id,
            card_edits_table.c.source,
            card_edits_table.c.question_before,
            card_edits_table.c.answer_before,
        )
        .join(cards_table, cards_table.c.id == card_edits_table.c.card_id)
        .where(cards_table.c.deck_id == deck_id)
        .order_by(card_edits_table.c.id)
    )
    base: dict[int, tuple[str, str]] = {}
    for card_id, source, question, answer in rows:
        if source == "import":
            base.pop(card_id, None)  # the notes changed the card after the edit: no edit now
        elif card_id not in base:
            base[card_id] = (question, answer)
    return base


def _edit_record(old: Any, card: NoteCard, now: datetime) -> dict[str, Any]:
    return {
        "card_id": old.id,
        "edited_at": now,
        "source": "import",
        "question_before": old.question,
        "answer_before": old.answer,
        "question_after": card.question,
        "answer_after": card.answer,
    }


def _apply_updates(s: Session, updates: Iterable[dict[str, Any]]) -> None:
    table = cards_table
    by_shape: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    # executemany needs one statement per set of columns being changed
    for values in updates:
        by_shape[tuple(sorted(values))].append(values)
    for shape, rows in by_shape.items():
        stmt = (
            update(table)
            .where(table.c.id == bindparam("card_id"))
            .values({k: bindparam(k) for k in shape if k != "card_id"})
        )
        s.connection().execute(stmt, rows)


def _new_card_values(
    deck_id: int, lecture_id: int, card: NoteCard, now: datetime
) -> dict[str, Any]:
    return {
        "deck_id": deck_id,
        "lecture_id": lecture_id,
        "kind": card.kind.value,
        "title": card.title,
        "question": card.question,
        "answer": card.answer,
        "sort_order": card.sort_order,
        "suspended": False,
        "missing": False,
        "fsrs_state": 1,
        "step": 0,
        "due": now,
        "reps": 0,
        "lapses": 0,
        "created_at": now,
        "updated_at": now,
    }


def _replace_roadmap(s: Session, deck_id: int, notes: ParsedNotes) -> None:
    s.execute(delete(RoadmapWeek).where(RoadmapWeek.deck_id == deck_id))
    for week in notes.roadmap.weeks:
        row = RoadmapWeek(deck_id=deck_id, number=week.number, status=week.status)
        row.items = [RoadmapItem(position=i.position, text=i.text, done=i.done) for i in week.items]
        s.add(row)


def _replace_daily_log(s: Session, deck_id: int, notes: ParsedNotes) -> None:
    s.execute(delete(DailyLogEntry).where(DailyLogEntry.deck_id == deck_id))
    for entry in notes.daily_log:
        row = DailyLogEntry(
            deck_id=deck_id, position=entry.position, start_date=entry.start, end_date=entry.end
        )
        row.items = [
            DailyLogItem(
                position=i.position, text=i.text, lectures=list(i.lectures), assignment=i.assignment
            )
            for i in entry.items
        ]
        s.add(row)
