"""Where the collection lives and where the bundled content (decks, assets) is.

Inside a wheel, `decks/` and `assets/` ship as `studyapp/_bundled/decks` and
`studyapp/_bundled/assets`; in a source checkout they are the top-level folders. `bundled()` is
the app's way to find them (through engine.bundle, the one lookup the engine shares), and a
missing file is an error, never an empty result.
"""

from __future__ import annotations

import os
from pathlib import Path

from engine.bundle import BundleMissingError, find_dir
from studyapp.domain.errors import BundledContentMissingError

APP_NAME = "studyapp"
COLLECTION_FILE = "collection.sqlite3"
HOME_ENV = "STUDYAPP_HOME"

BUNDLED_DECK_NAME = "CS231n"
BUNDLED_NOTES = "decks/cs231n/cs231n_notes.md"


def bundled(relative: str) -> Path:
    """The bundled file or folder at `relative` ("decks/...", "assets/..."), or
    BundledContentMissingError naming where it was looked for."""
    top, _, rest = relative.partition("/")
    try:
        path = find_dir(top) / rest
    except BundleMissingError as err:
        raise BundledContentMissingError(f"{err}; reinstall studyapp") from None
    if not path.exists():
        raise BundledContentMissingError(
            f"{relative} is missing from this installation ({path}); reinstall studyapp"
        )
    return path


def bundled_notes() -> Path:
    return bundled(BUNDLED_NOTES)


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


def workspace_dir(folder: Path) -> Path:
    """Where the learner's exercise solutions live."""
    return folder / "workspace"
