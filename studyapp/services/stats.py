"""Counts over a deck or the whole collection, for `studyapp stats` and the progress views."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from studyapp.db.collection import Collection
from studyapp.db.models import (
    Card,
    DailyLogEntry,
    Deck,
    ReviewLog,
    RoadmapItem,
    RoadmapWeek,
)
from studyapp.services.decks import deck_ids
from studyapp.services.study import StudySession


def collection_stats(col: Collection, deck: str | None = None) -> dict[str, Any]:
    """One JSON-ready object: lectures, cards, roadmap, daily log, reviews, due today."""
    with col.session() as s:
        ids = list(deck_ids(s, deck))
        stats = {
            "deck": deck,
            "decks": len(ids),
            "lectures": _lectures_with_cards(s, ids),
            "cards": _card_counts(s, ids),
            "roadmap": _roadmap(s, ids),
            "daily_log_entries": s.scalar(
                select(func.count()).where(DailyLogEntry.deck_id.in_(ids))
            ),
            "reviews": s.scalar(
                select(func.count())
                .select_from(ReviewLog)
                .join(Card, Card.id == ReviewLog.card_id)
                .where(Card.deck_id.in_(ids))
            ),
        }
    counts = StudySession(col, deck).counts()
    stats["due_today"] = counts.total
    stats["due"] = {"learning": counts.learning, "review": counts.review, "new": counts.new}
    return stats


def _lectures_with_cards(s: Session, ids: list[int]) -> int:
    return (
        s.scalar(
            select(func.count(func.distinct(Card.lecture_id))).where(
                Card.deck_id.in_(ids), ~Card.missing
            )
        )
        or 0
    )


def _card_counts(s: Session, ids: list[int]) -> dict[str, int]:
    rows = s.execute(
        select(Card.kind, func.count(), func.count().filter(Card.suspended | Card.missing))
        .where(Card.deck_id.in_(ids))
        .group_by(Card.kind)
    ).all()
    by_kind = {kind: n for kind, n, _ in rows}
    return {
        "qa": by_kind.get("qa", 0),
        "learned": by_kind.get("learned", 0),
        "total": sum(by_kind.values()),
        "suspended": sum(susp for _, _, susp in rows),
    }


def _roadmap(s: Session, ids: list[int]) -> dict[str, Any]:
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
    return {
        "start": min(starts).isoformat() if starts else None,
        "weeks_planned": max(planned) if planned else None,
        "weeks_written": s.scalar(select(func.count()).where(RoadmapWeek.deck_id.in_(ids))),
        "items": items[0],
        "items_done": items[1],
    }
