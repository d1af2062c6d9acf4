"""Where the bundled content lives (`assets/`, `decks/`): the one lookup for the app and the
engine.

A wheel ships them as `<site-packages>/studyapp/_bundled/<kind>`; a source checkout has them
at the repository root, next to `engine/`. The installed bundle wins when it exists. Plain
pathlib only, so the app can call this on its start-up path.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["BundleMissingError", "bundle_dirs", "find_dir", "repo_root"]


class BundleMissingError(FileNotFoundError):
    """A bundled folder or file is not where the installation should have put it."""


def repo_root() -> Path:
    """The directory holding `engine/`: the repository root in a checkout, site-packages in a
    wheel install."""
    return Path(__file__).resolve().parents[1]


def bundle_dirs(kind: str) -> list[Path]:
    """Candidate folders for `kind` ("assets" or "decks"), in lookup order: the wheel's bundle
    beside this `engine/`, then the checkout's top-level folder. (An editable install also
    copies a bundle into site-packages; it is a snapshot, so it is never looked at.)"""
    return [repo_root() / "studyapp" / "_bundled" / kind, repo_root() / kind]


def find_dir(kind: str) -> Path:
    """The first existing folder of bundle_dirs(kind); BundleMissingError if none exists."""
    for candidate in bundle_dirs(kind):
        if candidate.is_dir():
            return candidate
    searched = ", ".join(str(p) for p in bundle_dirs(kind))
    raise BundleMissingError(f"the bundled {kind}/ folder is missing (looked in {searched})")
