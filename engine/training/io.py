"""Crash-safe, reproducible writes of the trainer's outputs (no torch needed).

Every file is written to a temporary file in the same folder, flushed and fsynced, then moved
over the target with os.replace (atomic on POSIX and Windows), so a crash leaves the old file
or the new one, never half of one. The .npz writer fixes the zip timestamps, so the same
arrays give the same bytes and the same SHA-256 (np.savez stamps the current time).
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from engine.models.assets import MANIFEST

__all__ = ["atomic_write_bytes", "npz_bytes", "update_manifest"]

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold
MANIFEST_FORMAT = 1


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write data to path crash-safely (temp file, fsync, os.replace), creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes files private; these are meant to be shipped
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Persist the rename itself (POSIX); Windows cannot open folders, nor needs to."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """A compressed .npz of arrays (keys in sorted order, fixed timestamps) as bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for key in sorted(arrays):
            info = zipfile.ZipInfo(f"{key}.npy", date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            entry = io.BytesIO()
            np.lib.format.write_array(entry, np.ascontiguousarray(arrays[key]), allow_pickle=False)
            archive.writestr(info, entry.getvalue())
    return buffer.getvalue()


def update_manifest(assets_dir: Path, section: str, entries: dict[str, Any]) -> dict[str, Any]:
    """Merge entries into manifest[section] (other entries kept) and write it crash-safely.

    Returns the new manifest.
    """
    path = assets_dir / MANIFEST
    manifest: dict[str, Any] = {"format": MANIFEST_FORMAT, "data": {}, "models": {}}
    if path.is_file():
        manifest.update(json.loads(path.read_text(encoding="utf-8")))
    manifest.setdefault(section, {}).update(entries)
    manifest[section] = dict(sorted(manifest[section].items()))
    text = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    atomic_write_bytes(path, text.encode("utf-8"))
    return manifest
