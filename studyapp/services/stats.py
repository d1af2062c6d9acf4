"""Counts over a deck or the whole collection, for `studyapp stats` and the progress views."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from studyapp.db.collection import Collection
from studyapp.db.decks import deck_ids, raw
from studyapp.db.models import Card, DailyLogEntry, Deck, ReviewLog, RoadmapItem, RoadmapWeek
from studyapp.domain.reviewstats import ReviewStats
from studyapp.services.due import due_counts
from studyapp.services.review_stats import review_stats


@dataclass(frozen=True)
class CardCounts:
    qa: int
    learned: int
    total: int
    suspended: int


@dataclass(frozen=True)
class RoadmapCounts:
    start: date | None
    weeks_planned: int | None
    weeks_written: int
    items: int
    items_done: int


@dataclass(frozen=True)
class DueCounts:
    learning: int
    review: int
    new: int


@dataclass(frozen=True)
class CollectionStats:
    deck: str | None
    decks: int
    lectures: int
    cards: CardCounts
    roadmap: RoadmapCounts
    daily_log_entries: int
    reviews: int
    due_today: int
    due: DueCounts
    # Forecast, calendar, retention, memory-state histograms, buttons, hours, card states.
    review_stats: ReviewStats | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        start = self.roadmap.start
        data["roadmap"]["start"] = start.isoformat() if start else None
        data["review_stats"] = self.review_stats.to_json() if self.review_stats else None
        return data


def collection_stats(col: Collection, deck: str | None = None) -> CollectionStats:
    """Lectures, cards, roadmap, daily log, reviews, today's due counts and the review
    statistics (studyapp.services.review_stats: it scans the review log)."""
    with col.session() as s:
        ids = list(deck_ids(raw(s), deck))
        lectures = _lectures_with_cards(s, ids)
        cards = _card_counts(s, ids)
        roadmap = _roadmap(s, ids)
        log_entries = s.scalar(select(func.count()).where(DailyLogEntry.deck_id.in_(ids))) or 0
        reviews = (
            s.scalar(
                select(func.count())
                .select_from(ReviewLog)
                .join(Card, Card.id == ReviewLog.card_id)
                .where(Card.deck_id.in_(ids))
            )
            or 0
        )
    per_deck = [c.counts for c in due_counts(col, deck)]
    due = DueCounts(*(sum(getattr(c, k) for c in per_deck) for k in ("learning", "review", "new")))
    return CollectionStats(
        deck=deck,
        decks=len(ids),
        lectures=lectures,
        cards=cards,
        roadmap=roadmap,
        daily_log_entries=log_entries,
        reviews=reviews,
        due_today=due.learning + due.review + due.new,
        due=due,
        review_stats=review_stats(col, deck),
    )


def _lectures_with_cards(s: Session, ids: list[int]) -> int:
    return (
        s.scalar(
            select(func.count(func.distinct(Card.lecture_id))).where(
                Card.deck_id.in_(ids), ~Card.missing
            )
        )
        or 0
    )


def _card_counts(s: Session, ids: list[int]) -> CardCounts:
    rows = s.execute(
        select(Card.kind, func.count(), func.count().filter(Card.suspended | Card.missing))
        .where(Card.deck_id.in_(ids))
        .group_by(Card.kind)
    ).all()
    by_kind = {kind: n for kind, n, _ in rows}
    return CardCounts(
        qa=by_kind.get("qa", 0),
        learned=by_kind.get("learned", 0),
        total=sum(by_kind.values()),
        suspended=sum(susp for _, _, susp in rows),
    )


def _roadmap(s: Session, ids: list[int]) -> RoadmapCounts:
    deck_rows = s.execute(
        select(Deck.course_start, Deck.weeks_planned).where(Deck.id.in_(ids))
    ).all()
    starts: list[date] = [r.course_start for r in deck_rows if r.course_start]
    planned = [r.weeks_planned for r in deck_rows if r.weeks_planned]
    items = s.execute(
        select(func.count(), func.count().filter(RoadmapItem.done))
        .select_from(RoadmapItem)
        .join(RoadmapWeek, RoadmapWeek.id == RoadmapItem.week_id)
        .where(RoadmapWeek.deck_id.in_(ids))
    ).one()
    return RoadmapCounts(
        start=min(starts) if starts else None,
        weeks_planned=max(planned) if planned else None,
        weeks_written=s.scalar(select(func.count()).where(RoadmapWeek.deck_id.in_(ids))) or 0,
        items=items[0],
        items_done=items[1],
    )
