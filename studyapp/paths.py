"""Where the collection lives and where the bundled content (decks, assets) is.

Inside a wheel, `decks/` and `assets/` ship as `studyapp/_bundled/decks` and
`studyapp/_bundled/assets`; in a source checkout they are the top-level folders. `bundled()` is
the one way to find them, and a missing file is an error, never an empty result.
"""

from __future__ import annotations

import os
from pathlib import Path

from studyapp.domain.errors import BundledContentMissingError

APP_NAME = "studyapp"
COLLECTION_FILE = "collection.sqlite3"
HOME_ENV = "STUDYAPP_HOME"

PACKAGE_ROOT = Path(__file__).resolve().parent
BUNDLE_ROOTS = (PACKAGE_ROOT / "_bundled", PACKAGE_ROOT.parent)  # wheel, then source checkout
BUNDLED_DECK_NAME = "CS231n"
BUNDLED_NOTES = "decks/cs231n/cs231n_notes.md"


def bundled(relative: str) -> Path:
    """The bundled file or folder at `relative` ("decks/...", "assets/..."), or
    BundledContentMissingError naming where it was looked for."""
    top = relative.split("/", 1)[0]
    for root in BUNDLE_ROOTS:
        if (root / top).is_dir():
            path = root / relative
            if path.exists():
                return path
            raise BundledContentMissingError(
                f"{relative} is missing from this installation ({path}); reinstall studyapp"
            )
    searched = ", ".join(str(root / top) for root in BUNDLE_ROOTS)
    raise BundledContentMissingError(
        f"the bundled {top}/ folder is missing (looked in {searched}); reinstall studyapp"
    )


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
