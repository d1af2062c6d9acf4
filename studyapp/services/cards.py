"""Finding cards: the search language (studyapp.db.search) over all cards, sorted as the
browser sorts them; `studyapp cards` and the browser share it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from studyapp.db.collection import Collection
from studyapp.db.decks import deck_ids
from studyapp.db.epoch import from_epoch_ms, to_epoch_ms
from studyapp.db.search import FROM, compile_search, retrievability_sql
from studyapp.domain.notes import CardKind
from studyapp.domain.scheduling import State
from studyapp.domain.studyday import day_bounds

# Sortable columns of the browser: key -> SQL (NULLs sort last either way).
SORTS: dict[str, tuple[str, ...]] = {
    "order": ("d.name", "c.sort_order"),
    "due": ("c.due",),
    "interval": ("(c.due - c.last_review)",),
    "stability": ("c.stability",),
    "difficulty": ("c.difficulty",),
    "retrievability": ("{r}",),
    "lapses": ("c.lapses",),
    "reps": ("c.reps",),
    "lecture": ("l.number", "c.sort_order"),
    "question": ("c.question",),
    "deck": ("d.name",),
    "added": ("c.created_at",),
}


@dataclass(frozen=True)
class CardInfo:
    id: int
    deck: str
    lecture: int
    kind: CardKind
    title: str
    question: str
    answer: str
    suspended: bool
    missing: bool
    state: State
    reviews: int
    due: datetime
    is_new: bool = False
    stability: float | None = None
    difficulty: float | None = None
    retrievability: float | None = None
    interval_days: float | None = None
    lapses: int = 0
    flag: int = 0
    buried: bool = False

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        data["state"] = "new" if self.is_new else self.state.name.lower()
        data["due"] = self.due.isoformat()
        return data


def _query(
    col: Collection, search: str, deck: str | None, lecture: int | None
) -> tuple[str, list[Any]]:
    now = col.clock()
    start = day_bounds(now, int(col.setting("rollover_hour")), col.tz)[0]
    compiled = compile_search(search or "", now, start)
    where, params = [compiled.where], list(compiled.params)
    with col.connection() as conn:
        if deck is not None:
            ids = list(deck_ids(conn, deck))  # raises DeckNotFoundError with the deck names
            where.append(f"c.deck_id IN ({', '.join('?' * len(ids))})")
            params += ids
    if lecture is not None:
        where.append("l.number = ?")
        params.append(lecture)
    return " AND ".join(where), params


def search_ids(
    col: Collection,
    search: str = "",
    sort: str = "order",
    descending: bool = False,
    deck: str | None = None,
    lecture: int | None = None,
) -> list[int]:
    """Ids of the matching cards in the browser's order (fast: ids only, for a lazy model)."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    where, params = _query(col, search, deck, lecture)
    r = retrievability_sql(to_epoch_ms(col.clock()))
    direction = "DESC" if descending else "ASC"
    keys = [part.format(r=r) for part in SORTS[sort]]
    order = ", ".join(f"({key}) IS NULL, ({key}) {direction}" for key in keys)
    with col.connection() as conn:
        rows = conn.execute(f"SELECT c.id {FROM} WHERE {where} ORDER BY {order}, c.id", params)
        return [r[0] for r in rows]


_COLUMNS = (
    "c.id, d.name, l.number, c.kind, c.title, c.question, c.answer, c.suspended, c.missing, "
    "c.fsrs_state, c.reps, c.due, c.stability, c.difficulty, {r}, "
    "(c.due - c.last_review) / 86400000.0, c.lapses, c.flag, "
    "coalesce(c.buried_until > {now}, 0), "
    "(SELECT count(*) FROM review_log g WHERE g.card_id = c.id)"
)


def rows_for(col: Collection, ids: list[int]) -> list[CardInfo]:
    """The browser's rows for these ids, in the given order."""
    if not ids:
        return []
    now = to_epoch_ms(col.clock())
    columns = _COLUMNS.format(r=retrievability_sql(now), now=now)
    marks = ", ".join("?" * len(ids))
    with col.connection() as conn:
        found = {
            r[0]: r for r in conn.execute(f"SELECT {columns} {FROM} WHERE c.id IN ({marks})", ids)
        }
    return [_info(found[i]) for i in ids if i in found]


def _info(r: tuple[Any, ...]) -> CardInfo:
    return CardInfo(
        id=r[0],
        deck=r[1],
        lecture=r[2],
        kind=CardKind(r[3]),
        title=r[4],
        question=r[5],
        answer=r[6],
        suspended=bool(r[7]) or bool(r[8]),
        missing=bool(r[8]),
        state=State(r[9]),
        reviews=int(r[19]),
        due=from_epoch_ms(r[11]),
        is_new=r[10] == 0,
        stability=r[12],
        difficulty=r[13],
        retrievability=r[14],
        interval_days=r[15],
        lapses=int(r[16]),
        flag=int(r[17]),
        buried=bool(r[18]),
    )


def list_cards(
    col: Collection, deck: str | None = None, search: str | None = None, lecture: int | None = None
) -> list[CardInfo]:
    """Cards in note order. `suspended` is true for cards the learner suspended and for cards
    whose item was removed from the notes (`missing`)."""
    return rows_for(col, search_ids(col, search or "", "order", False, deck, lecture))
