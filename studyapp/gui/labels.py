"""The settings registry's labels in the learner's language (the registry is the one source of
the settings; these are only their translated names, checked against it by a test)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


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
