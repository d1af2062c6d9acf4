"""The core's names in the learner's language: the settings registry's labels (the registry
is the one source of the settings; these are only their translated names, checked against it
by a test), card states, ratings and flags."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from studyapp.domain.scheduling import Rating, State


def state_name(state: State, is_new: bool = False) -> str:
    """A card's state as the review screen's header and the card info say it."""
    if is_new:
        return QCoreApplication.translate("ReviewView", "new")
    names = {
        State.LEARNING: QCoreApplication.translate("ReviewView", "learning"),
        State.REVIEW: QCoreApplication.translate("ReviewView", "review"),
        State.RELEARNING: QCoreApplication.translate("ReviewView", "relearning"),
    }
    return names[state]


def rating_name(rating: Rating) -> str:
    names = {
        Rating.AGAIN: QCoreApplication.translate("ReviewView", "Again"),
        Rating.HARD: QCoreApplication.translate("ReviewView", "Hard"),
        Rating.GOOD: QCoreApplication.translate("ReviewView", "Good"),
        Rating.EASY: QCoreApplication.translate("ReviewView", "Easy"),
    }
    return names[rating]


def setting_label(key: str) -> str:
    labels = {
        "desired_retention": QCoreApplication.translate("Settings", "Desired retention"),
        "learning_steps_min": QCoreApplication.translate("Settings", "Learning steps"),
        "relearning_steps_min": QCoreApplication.translate("Settings", "Relearning steps"),
        "new_per_day": QCoreApplication.translate("Settings", "New cards/day"),
        "max_reviews_per_day": QCoreApplication.translate("Settings", "Maximum reviews/day"),
        "max_interval_days": QCoreApplication.translate("Settings", "Maximum interval (days)"),
        "rollover_hour": QCoreApplication.translate("Settings", "Next day starts at (hour)"),
        "backups_keep": QCoreApplication.translate("Settings", "Backups to keep"),
    }
    return labels[key]


def flag_names() -> list[str]:
    """The flags' names by number (0: none), as the Browse menu offers them."""
    return [
        QCoreApplication.translate("BrowseView", "No flag"),
        QCoreApplication.translate("BrowseView", "Red"),
        QCoreApplication.translate("BrowseView", "Orange"),
        QCoreApplication.translate("BrowseView", "Green"),
        QCoreApplication.translate("BrowseView", "Blue"),
    ]
