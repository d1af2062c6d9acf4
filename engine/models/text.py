"""Character data for the language models: the lecture notes, their vocabulary and split.

The vocabulary is every distinct character of the notes (Korean and English), sorted by code
point, so it is deterministic. The split is interleaved so that every lecture is represented
on both sides: the notes are cut into chunks of CHUNK characters and every HELDOUT_EVERY-th
chunk is held out. A held-out chunk is read as CHUNK // WINDOW windows of WINDOW characters:
the model sees characters 0..T-1 of a window (T = CONTEXT) from a fresh state and predicts
1..T. The held-out windows, the vocabulary and the training character counts (for the
unigram baseline) ship in `assets/data/notes_heldout.npz`, so grading never needs the notes.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np

from engine.models.assets import notes_path
from engine.models.data import load_verified_npz

__all__ = [
    "CONTEXT",
    "NOTES_HELDOUT",
    "NotesSplit",
    "build_vocab",
    "codes_to_indices",
    "decode",
    "encode",
    "load_notes_heldout",
    "read_notes",
    "split_notes",
    "unigram_perplexity",
]

NOTES_HELDOUT = "data/notes_heldout.npz"
CONTEXT = 64  # T: characters a model conditions on
WINDOW = CONTEXT + 1  # T inputs plus the target after the last one
CHUNK = 8 * WINDOW
HELDOUT_EVERY = 10


class NotesSplit(NamedTuple):
    """windows: (W, WINDOW) int32 held-out code points; vocab: (V,) int32 sorted code points;
    train_counts: (V,) int64 occurrences of each vocab character in the training text;
    train_text: the training characters (empty when loaded from the shipped file)."""

    windows: np.ndarray
    vocab: np.ndarray
    train_counts: np.ndarray
    train_text: str


def read_notes() -> str:
    """The full text of decks/cs231n/cs231n_notes.md (UTF-8)."""
    return notes_path().read_text(encoding="utf-8")


def build_vocab(text: str) -> np.ndarray:
    """(V,) int32 sorted code points of the distinct characters of text."""
    return np.array(sorted({ord(ch) for ch in text}), dtype=np.int32)


def encode(text: str, vocab: np.ndarray) -> np.ndarray:
    """(L,) int64 vocabulary indices of the characters of text; ValueError for unknown ones."""
    return codes_to_indices(np.fromiter(map(ord, text), dtype=np.int64, count=len(text)), vocab)


def codes_to_indices(codes: np.ndarray, vocab: np.ndarray) -> np.ndarray:
    """Vocabulary indices (same shape, int64) of code points; ValueError for unknown ones."""
    codes = np.asarray(codes, dtype=np.int64)
    idx = np.searchsorted(vocab, codes)
    known = (idx < len(vocab)) & (vocab[np.minimum(idx, len(vocab) - 1)] == codes)
    if not known.all():
        missing = sorted({chr(c) for c in codes[~known]})
        raise ValueError(f"characters not in the vocabulary: {missing!r}")
    return idx.astype(np.int64)


def decode(idx: np.ndarray, vocab: np.ndarray) -> str:
    """The string of vocabulary indices idx: (L,)."""
    return "".join(chr(int(c)) for c in vocab[np.asarray(idx, dtype=np.int64)])


def split_notes(text: str) -> NotesSplit:
    """Split the notes: every HELDOUT_EVERY-th chunk of CHUNK characters is held out.

    The training text is the other chunks joined in order, plus the tail shorter than a chunk.
    """
    vocab = build_vocab(text)
    num_chunks = len(text) // CHUNK
    chunks = [text[i * CHUNK : (i + 1) * CHUNK] for i in range(num_chunks)]
    held = [c for i, c in enumerate(chunks) if i % HELDOUT_EVERY == HELDOUT_EVERY - 1]
    train = "".join(c for i, c in enumerate(chunks) if i % HELDOUT_EVERY != HELDOUT_EVERY - 1)
    train += text[num_chunks * CHUNK :]
    codes = np.array([[ord(ch) for ch in chunk] for chunk in held], dtype=np.int32)
    counts = np.bincount(encode(train, vocab), minlength=len(vocab)).astype(np.int64)
    return NotesSplit(codes.reshape(-1, WINDOW), vocab, counts, train)


def load_notes_heldout(assets_dir: Path | None = None) -> NotesSplit:
    """The shipped held-out windows, vocabulary and training counts (hash-verified)."""
    arrays = load_verified_npz(NOTES_HELDOUT, "notes_heldout", assets_dir)
    return NotesSplit(arrays["windows"], arrays["vocab"], arrays["train_counts"], "")


def unigram_perplexity(split: NotesSplit) -> float:
    """Held-out perplexity of the add-one-smoothed training unigram distribution: the baseline
    a character model must beat (it ignores context entirely)."""
    probs = (split.train_counts + 1.0) / (split.train_counts.sum() + len(split.vocab))
    targets = codes_to_indices(split.windows[:, 1:], split.vocab)
    return float(np.exp(-np.mean(np.log(probs[targets]))))
