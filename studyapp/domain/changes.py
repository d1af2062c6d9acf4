"""What an operation changed, so a view redraws only that (in the manner of Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Changes:
    """Flags of what changed. `cards` lists the cards touched when they are few; `all_cards`
    says that too many changed to list (an import, a reschedule)."""

    cards: frozenset[int] = frozenset()
    all_cards: bool = False
    decks: bool = False
    deck_config: bool = False
    settings: bool = False
    review_log: bool = False
    study_queues: bool = False
    notes: bool = False  # lectures, roadmap, daily log
    backups: bool = False
    exercises: bool = False

    def __or__(self, other: Changes) -> Changes:
        merged = {f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)}
        merged["cards"] = self.cards | other.cards
        return Changes(**merged)

    @property
    def empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    def touches_card(self, card_id: int) -> bool:
        return self.all_cards or card_id in self.cards

    def names(self) -> list[str]:
        """The flags that are set, for logs and the command line."""
        return [f.name for f in fields(self) if getattr(self, f.name)]


NOTHING = Changes()
