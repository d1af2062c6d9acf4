"""Where the collection lives and where the bundled content is."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "studyapp"
COLLECTION_FILE = "collection.sqlite3"
HOME_ENV = "STUDYAPP_HOME"

REPO_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_DECKS = REPO_ROOT / "decks"
BUNDLED_DECK_NAME = "CS231n"
BUNDLED_NOTES = BUNDLED_DECKS / "cs231n" / "cs231n_notes.md"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The collection folder: `--data-dir`, else $STUDYAPP_HOME, else the per-user data folder."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def collection_path(folder: Path) -> Path:
    return folder / COLLECTION_FILE


def backups_dir(folder: Path) -> Path:
    return folder / "backups"
