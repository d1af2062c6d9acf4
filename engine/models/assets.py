"""Where the bundled files live: trained weights, held-out data, the manifest and the notes.

One lookup for every bundled file. A wheel ships them under
`<site-packages>/studyapp/_bundled/<kind>`; a checkout has them at the repository root (the
parent of `engine/`). The installed bundle wins when it exists. A missing bundled file is an
error (`AssetMissingError`), never an empty result: a grader must not pass a check because
the data it checks against is absent.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from engine.bundle import BundleMissingError, bundle_dirs, find_dir, repo_root

__all__ = [
    "AssetError",
    "AssetMissingError",
    "asset_path",
    "bundle_dirs",
    "find_dir",
    "manifest_entry",
    "notes_path",
    "read_manifest",
    "repo_root",
    "sha256_file",
    "verify_sha256",
]

MANIFEST = "models/manifest.json"
NOTES = "cs231n/cs231n_notes.md"
TRAIN_HINT = "run `studyapp train-models` (or `python -m engine.training`) to create it"


class AssetError(RuntimeError):
    """A bundled file exists but does not match the manifest (hash, missing entry)."""


# A missing bundled file is the same error whoever looks it up.
AssetMissingError = BundleMissingError


def asset_path(relative: str, assets_dir: Path | None = None) -> Path:
    """Path of a bundled file, e.g. asset_path("models/mlp2.npz"); it must exist.

    Inputs:
    - relative: path under assets/, with forward slashes
    - assets_dir: an explicit assets folder (a training output); default: find_dir("assets")

    Raises AssetMissingError naming the full path when the file is absent.
    """
    base = find_dir("assets") if assets_dir is None else Path(assets_dir)
    path = base / relative
    if not path.is_file():
        hint = f"; {TRAIN_HINT}" if relative.startswith("models/") else ""
        raise AssetMissingError(f"bundled file missing: {path}{hint}")
    return path


def notes_path() -> Path:
    """The lecture notes `decks/cs231n/cs231n_notes.md` (bundle first, then the checkout)."""
    path = find_dir("decks") / NOTES
    if not path.is_file():
        raise AssetMissingError(f"lecture notes missing: {path}")
    return path


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_manifest(assets_dir: Path | None = None) -> dict[str, Any]:
    """The parsed `assets/models/manifest.json` (AssetMissingError if absent)."""
    path = asset_path(MANIFEST, assets_dir)
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return manifest


def manifest_entry(section: str, key: str, assets_dir: Path | None = None) -> dict[str, Any]:
    """manifest[section][key], e.g. ("models", "mlp2") or ("data", "digits_heldout")."""
    entries = read_manifest(assets_dir).get(section, {})
    if key not in entries:
        raise AssetError(f"manifest has no {section} entry {key!r}; {TRAIN_HINT}")
    entry: dict[str, Any] = entries[key]
    return entry


def verify_sha256(path: Path, expected: str) -> None:
    """Raise AssetError unless the file's SHA-256 is `expected`."""
    actual = sha256_file(path)
    if actual != expected:
        raise AssetError(
            f"{path} does not match the manifest (sha256 {actual[:12]}..., expected "
            f"{expected[:12]}...); the file changed after training: {TRAIN_HINT}"
        )
