"""Prepare the training data and write the held-out files the grader uses (no torch).

The digits come from scikit-learn's bundled copy (no download; scikit-learn is needed for
training only). The held-out files are written with fixed zip timestamps, so rerunning the
trainer on the same inputs reproduces them byte for byte and keeps their SHA-256.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np

from engine.models.assets import notes_path, sha256_file
from engine.models.data import (
    DIGITS_HELDOUT,
    HELDOUT_FRACTION,
    SPLIT_SEED,
    Digits,
    stratified_split,
)
from engine.models.text import (
    CHUNK,
    HELDOUT_EVERY,
    NOTES_HELDOUT,
    WINDOW,
    NotesSplit,
    encode,
    read_notes,
    split_notes,
)
from engine.training.io import atomic_write_bytes, npz_bytes

__all__ = ["digits_split", "notes_split", "sklearn_digits", "write_data_file"]


def sklearn_digits() -> tuple[Digits, str]:
    """All 1,797 digits of sklearn.datasets.load_digits, and a description of the source."""
    try:
        import sklearn
        from sklearn.datasets import load_digits
    except ImportError as err:
        raise RuntimeError(
            "training the digit models needs scikit-learn (the `train` extra): "
            "pip install scikit-learn"
        ) from err
    bunch = load_digits()
    images = np.asarray(bunch.images, dtype=np.uint8)  # integers 0..16 stored as floats
    labels = np.asarray(bunch.target, dtype=np.int64)
    source = f"sklearn.datasets.load_digits (scikit-learn {sklearn.__version__})"
    return Digits(images, labels, np.arange(len(labels))), source


def _sha256(*arrays: np.ndarray) -> str:
    h = hashlib.sha256()
    for a in arrays:
        h.update(np.ascontiguousarray(a).tobytes())
    return h.hexdigest()


def write_data_file(out: Path, relative: str, arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    """Write out/relative crash-safely; returns its manifest fields (file, sha256, bytes)."""
    blob = npz_bytes(arrays)
    path = out / relative
    atomic_write_bytes(path, blob)
    return {"file": relative, "sha256": sha256_file(path), "bytes": len(blob)}


def digits_split(out: Path | None) -> tuple[Digits, dict[str, Any]]:
    """The training digits; writes the held-out file when out is given (the main replica).

    Returns (train Digits, manifest entry of the held-out file without file fields if not
    written).
    """
    digits, source = sklearn_digits()
    train_idx, held_idx = stratified_split(digits.labels, HELDOUT_FRACTION, SPLIT_SEED)
    entry: dict[str, Any] = {
        "source": source,
        "source_sha256": _sha256(digits.images, digits.labels),
        "examples": len(held_idx),
        "train_examples": len(train_idx),
        "split": {"heldout_fraction": HELDOUT_FRACTION, "seed": SPLIT_SEED, "stratified": True},
    }
    if out is not None:
        arrays = {
            "images": digits.images[held_idx],
            "labels": digits.labels[held_idx].astype(np.uint8),
            "indices": held_idx.astype(np.int32),
        }
        entry = {**write_data_file(out, DIGITS_HELDOUT, arrays), **entry}
    train = Digits(digits.images[train_idx], digits.labels[train_idx], train_idx)
    return train, entry


def notes_split(out: Path | None) -> tuple[NotesSplit, np.ndarray, dict[str, Any]]:
    """The notes split, the training text as vocabulary indices, and the manifest entry;
    writes the held-out file when out is given."""
    text = read_notes()
    split = split_notes(text)
    entry: dict[str, Any] = {
        "source": "decks/cs231n/cs231n_notes.md",
        "source_sha256": sha256_file(notes_path()),
        "vocab_size": len(split.vocab),
        "train_characters": len(split.train_text),
        "heldout_windows": len(split.windows),
        "split": {"chunk": CHUNK, "heldout_every": HELDOUT_EVERY, "window": WINDOW},
    }
    if out is not None:
        arrays = {
            "windows": split.windows,
            "vocab": split.vocab,
            "train_counts": split.train_counts,
        }
        entry = {**write_data_file(out, NOTES_HELDOUT, arrays), **entry}
    return split, encode(split.train_text, split.vocab), entry
