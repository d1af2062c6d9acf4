"""Importing an Anki package's cards with their review history, so FSRS goes on from there.

Cards are matched on their Anki GUID (stored per card; a card that never had one is known by
the GUID its export derived): a matched card gets the package's text when it changed there,
the answers the package has and this collection lacks, and, when the package's latest answer
is newer than ours, the package's scheduling (its `suspended` flag stays the learner's own
choice here). Other cards are added to `deck` (default: the Anki deck's top level, created
with the Anki deck's options), in their lecture (a studyapp export's) or in one lecture per
Anki deck. A card's memory is Anki's FSRS memory; without one (Anki's SM-2), its history
under the deck's parameters, else its ease and interval. One transaction, after a backup.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from studyapp.db import cardstore
from studyapp.db.collection import Collection
from studyapp.db.decks import deck_settings
from studyapp.db.epoch import to_epoch_ms
from studyapp.domain.changes import Changes
from studyapp.domain.scheduling import MEMORY_COLUMNS, DeckSettings, Memory
from studyapp.importers.apkg import AnkiCard, AnkiPackage, AnkiReview
from studyapp.jobs import Job, Progress, run
from studyapp.services.anki_export import card_guid
from studyapp.services.anki_rows import DeckPlaces, card_memory, review_rows

ANKI_IMPORT_CHANGES = Changes(
    all_cards=True, decks=True, deck_config=True, review_log=True, study_queues=True, backups=True
)
_SAME_REVIEW_MS = 1000  # an answer within a second of a known one is that one (ids may shift)
_INSERT_CARD = (
    "INSERT INTO cards (deck_id, lecture_id, kind, title, question, answer, sort_order, "
    f"suspended, missing, anki_guid, created_at, updated_at, {', '.join(MEMORY_COLUMNS.values())}) "
    f"VALUES ({', '.join('?' * (12 + len(MEMORY_COLUMNS)))})"
)


@dataclass(frozen=True)
class AnkiImportReport:
    decks: tuple[str, ...]
    added: int
    updated: int  # matched cards whose text or scheduling changed
    unchanged: int
    reviews_added: int
    backup: Path | None
    changes: Changes = ANKI_IMPORT_CHANGES

    def summary(self) -> str:
        return (
            f"Imported from Anki into {', '.join(self.decks) or 'no deck'}: {self.added} added, "
            f"{self.updated} updated, {self.unchanged} unchanged; {self.reviews_added} reviews "
            "added."
        )


def import_package(
    col: Collection, package: AnkiPackage, deck: str | None = None
) -> AnkiImportReport:
    return run(import_package_job(col, package, deck))


def import_package_job(
    col: Collection, package: AnkiPackage, deck: str | None = None
) -> Job[AnkiImportReport]:
    """Back up, then merge every card in one transaction; a cancel rolls it all back."""
    yield Progress(0, len(package.cards) + 2, "backing up the collection")
    backup = None if col.created else col.backup("before-anki-import")
    with col.connection() as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            merger = _Merger(conn, col, package, deck)
            for n, card in enumerate(package.cards):
                merger.merge(card)
                if n % 200 == 0:  # inside the transaction: a cancel here undoes all of it
                    yield Progress(n + 1, len(package.cards) + 2, f"merging {card.deck}")
            yield Progress(len(package.cards) + 1, len(package.cards) + 2, "saving")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    c = merger.counts
    return AnkiImportReport(
        tuple(sorted(merger.places.touched)), c["added"], c["updated"], c["unchanged"],
        c["reviews"], backup,
    )  # fmt: skip


class _Merger:
    def __init__(
        self, conn: sqlite3.Connection, col: Collection, package: AnkiPackage, deck: str | None
    ) -> None:
        self.conn, self.now = conn, col.clock()
        self.places = DeckPlaces(conn, col, package, deck)
        self.counts = {"added": 0, "updated": 0, "unchanged": 0, "reviews": 0}
        self.known = self._known_guids()
        self.settings: dict[int, DeckSettings] = {}

    def _known_guids(self) -> dict[str, tuple[int, int]]:
        """{GUID: (card id, deck id)}: stored ones, else the one an export derives."""
        created = dict(self.conn.execute("SELECT id, created_at FROM decks"))
        rows = self.conn.execute("SELECT id, deck_id, anki_guid FROM cards")
        return {
            guid or card_guid(created[deck_id], card_id): (card_id, deck_id)
            for card_id, deck_id, guid in rows
        }

    def merge(self, card: AnkiCard) -> None:
        found = self.known.get(card.guid)
        if found is None:
            self._add(card)
        else:
            self._update(card, *found)

    def _settings(self, deck_id: int) -> DeckSettings:
        if deck_id not in self.settings:
            self.settings[deck_id] = deck_settings(self.conn, [deck_id])[deck_id]
        return self.settings[deck_id]

    def _add(self, card: AnkiCard) -> None:
        deck_id = self.places.deck(card)
        lecture_id, sort_order = self.places.lecture(deck_id, card)
        memory = card_memory(card, self._settings(deck_id), self.places.days, self.now)
        now_ms = to_epoch_ms(self.now)
        cursor = self.conn.execute(
            _INSERT_CARD,
            (deck_id, lecture_id, card.kind, card.title, card.question, card.answer, sort_order,
             card.suspended, False, card.guid, now_ms, now_ms, *cardstore.memory_values(memory)),
        )  # fmt: skip
        assert cursor.lastrowid is not None
        self.known[card.guid] = (cursor.lastrowid, deck_id)
        self._add_reviews(cursor.lastrowid, card, card.reviews, memory)
        self.counts["added"] += 1

    def _update(self, card: AnkiCard, card_id: int, deck_id: int) -> None:
        self.places.touched.add(self.places.name(deck_id))
        text = (card.title, card.question, card.answer)
        old = self.conn.execute(
            "SELECT title, question, answer, anki_guid, last_review FROM cards WHERE id = ?",
            (card_id,),
        ).fetchone()
        now_ms = to_epoch_ms(self.now)
        changed = tuple(old[:3]) != text
        if changed or old[3] != card.guid:
            self.conn.execute(
                "UPDATE cards SET title = ?, question = ?, answer = ?, anki_guid = ?, "
                "updated_at = ? WHERE id = ?",
                (*text, card.guid, now_ms, card_id),
            )
        known = [
            r[0]
            for r in self.conn.execute(
                "SELECT reviewed_at FROM review_log WHERE card_id = ?", (card_id,)
            )
        ]
        fresh = tuple(
            r for r in card.reviews if all(abs(r.at_ms - k) >= _SAME_REVIEW_MS for k in known)
        )
        newer = bool(fresh) and max(r.at_ms for r in fresh) > max(known, default=-1)
        memory = None
        if newer:
            memory = card_memory(card, self._settings(deck_id), self.places.days, self.now)
            self.conn.execute(
                cardstore.UPDATE_MEMORY, (*cardstore.memory_values(memory), now_ms, card_id)
            )
        self._add_reviews(card_id, card, fresh, memory, first=not known)
        self.counts["updated" if changed or newer else "unchanged"] += 1

    def _add_reviews(
        self,
        card_id: int,
        card: AnkiCard,
        reviews: tuple[AnkiReview, ...],
        memory: Memory | None,
        first: bool = True,
    ) -> None:
        rows = review_rows(card_id, card, reviews, memory, first)
        self.conn.executemany(cardstore.INSERT_LOG, rows)
        self.counts["reviews"] += len(rows)


def import_apkg_job(col: Collection, path: Path, deck: str | None = None) -> Job[AnkiImportReport]:
    """Read and check the package (Anki, in a child process), then merge it: a bad file stops
    before anything is backed up or written."""
    from studyapp.importers.apkg import read_package_job

    package = yield from read_package_job(path)
    return (yield from import_package_job(col, package, deck))
