"""This week of the course, for the home screen: the roadmap week the study day falls in, its
items with their state (notes, app or daily log), and checking one off."""

from __future__ import annotations

from dataclasses import dataclass

from studyapp.db.collection import Collection
from studyapp.domain.changes import Changes
from studyapp.domain.errors import RoadmapError
from studyapp.domain.progress import RoadmapItemState


@dataclass(frozen=True)
class ThisWeek:
    deck: str
    week: int  # the course week of today, within the roadmap's weeks
    items: tuple[RoadmapItemState, ...]


def this_week(col: Collection) -> ThisWeek | None:
    """None when no deck has a roadmap with a course start (or several do: the home screen
    shows one course, Progress chooses among them)."""
    from studyapp.services.roadmap import course, item_states

    today = col.study_day(col.clock())
    with col.connection() as conn:
        try:
            plan = course(conn, None)
        except RoadmapError:
            return None
        states = item_states(conn, plan.deck_id, today)
    if not states:
        return None
    week = (today - plan.start).days // 7 + 1
    week = min(max(week, min(states)), max(states))
    return ThisWeek(plan.name, week, states[week])


def check_item(col: Collection, deck: str, week: int, position: int, done: bool) -> Changes:
    from studyapp.services.roadmap import set_item_done

    return set_item_done(col, week, position, done, deck).changes
