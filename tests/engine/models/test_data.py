"""Data: the digits split, the notes split and vocabulary, the toy mixture, CIFAR-10 batches."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import numpy as np
import pytest

from engine.models import load_cifar10, load_digits_heldout, load_notes_heldout
from engine.models.cifar import CifarFormatError
from engine.models.data import GaussianMixture, stratified_split
from engine.models.text import (
    CONTEXT,
    build_vocab,
    decode,
    encode,
    read_notes,
    split_notes,
    unigram_perplexity,
)


def test_stratified_split_is_a_deterministic_balanced_partition() -> None:
    labels = np.repeat(np.arange(4), [10, 20, 30, 41])
    train, held = stratified_split(labels, 0.2, seed=3)
    np.testing.assert_array_equal(np.sort(np.concatenate([train, held])), np.arange(len(labels)))
    assert list(np.bincount(labels[held])) == [2, 4, 6, 8]
    np.testing.assert_array_equal(held, stratified_split(labels, 0.2, seed=3)[1])
    assert not np.array_equal(held, stratified_split(labels, 0.2, seed=4)[1])
    with pytest.raises(ValueError, match="heldout_fraction"):
        stratified_split(labels, 1.0)


def test_shipped_digits_are_a_stratified_fifth() -> None:
    digits = load_digits_heldout()
    assert digits.images.shape == (359, 8, 8) and digits.images.max() == 16
    counts = np.bincount(digits.labels, minlength=10)
    assert counts.min() >= 35 and counts.max() <= 37


def test_shipped_digits_are_the_split_of_sklearns_digits() -> None:
    datasets = pytest.importorskip("sklearn.datasets")
    bunch = datasets.load_digits()
    digits = load_digits_heldout()
    _, held = stratified_split(bunch.target)
    np.testing.assert_array_equal(digits.indices, held)
    np.testing.assert_array_equal(digits.images, bunch.images[held])


def test_shipped_notes_split_is_reproduced_from_the_notes() -> None:
    shipped, split = load_notes_heldout(), split_notes(read_notes())
    np.testing.assert_array_equal(shipped.windows, split.windows)
    np.testing.assert_array_equal(shipped.vocab, split.vocab)
    assert shipped.windows.shape[1] == CONTEXT + 1
    train_chars = set(split.train_text)
    held_text = "".join(chr(c) for c in shipped.windows.ravel())
    assert held_text not in split.train_text and len(train_chars) > 400


def test_vocabulary_is_sorted_and_round_trips_korean_and_english() -> None:
    text = "배운 점: Batch Norm"
    vocab = build_vocab(text)
    assert list(vocab) == sorted(set(map(ord, text)))
    assert decode(encode(text, vocab), vocab) == text
    with pytest.raises(ValueError, match="not in the vocabulary"):
        encode("x", vocab)


def test_unigram_baseline_is_the_smoothed_frequency_perplexity() -> None:
    split = load_notes_heldout()
    ppl = unigram_perplexity(split)
    assert 20 < ppl < len(split.vocab)  # far better than uniform, far worse than a model


def test_mixture_draws_cluster_at_their_modes() -> None:
    mixture = GaussianMixture()
    x, y = mixture.sample(4000, np.random.default_rng(0))
    dist = np.linalg.norm(x - mixture.modes()[y], axis=1)
    assert np.mean(dist < 3 * mixture.std) > 0.98
    assert np.bincount(y).min() > 400


def _write_batch(path: Path, n: int, seed: int) -> tuple[np.ndarray, list[int]]:
    rng = np.random.default_rng(seed)
    data = rng.integers(0, 256, size=(n, 3072), dtype=np.uint8)
    labels = [int(v) for v in rng.integers(0, 10, size=n)]
    with open(path, "wb") as f:  # protocol 2, as the original Python 2 pickles
        pickle.dump({b"batch_label": b"test", b"labels": labels, b"data": data}, f, protocol=2)
    return data, labels


def _write_cifar(root: Path, n: int = 4) -> dict[str, tuple[np.ndarray, list[int]]]:
    root.mkdir(parents=True)
    names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    return {name: _write_batch(root / name, n, seed) for seed, name in enumerate(names)}


def test_cifar_loader_reads_the_standard_pickles(tmp_path: Path) -> None:
    written = _write_cifar(tmp_path / "cifar-10-batches-py")
    cifar = load_cifar10(tmp_path)  # the parent folder works too
    assert cifar.x_train.shape == (20, 3, 32, 32) and cifar.x_train.dtype == np.uint8
    assert cifar.x_test.shape == (4, 3, 32, 32) and cifar.y_test.dtype == np.int64
    data, labels = written["data_batch_2"]
    # row layout: 1024 red values, then green, then blue, each 32x32 row-major
    assert cifar.x_train[4, 1, 2, 3] == data[0, 1024 + 2 * 32 + 3]
    assert list(cifar.y_train[4:8]) == labels
    np.testing.assert_array_equal(
        load_cifar10(tmp_path / "cifar-10-batches-py").x_test, cifar.x_test
    )


def test_cifar_loader_names_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="CIFAR-10 folder not found"):
        load_cifar10(tmp_path / "nowhere")
    _write_cifar(tmp_path / "c")
    (tmp_path / "c" / "data_batch_3").unlink()
    with pytest.raises(FileNotFoundError, match="missing data_batch_3"):
        load_cifar10(tmp_path / "c")


def test_cifar_loader_rejects_broken_files(tmp_path: Path) -> None:
    _write_cifar(tmp_path / "c")
    (tmp_path / "c" / "test_batch").write_bytes(b"not a pickle")
    with pytest.raises(CifarFormatError, match="test_batch"):
        load_cifar10(tmp_path / "c")
    with open(tmp_path / "c" / "test_batch", "wb") as f:
        pickle.dump({b"data": np.zeros((2, 100), np.uint8), b"labels": [0, 1]}, f, protocol=2)
    with pytest.raises(CifarFormatError, match="expected data"):
        load_cifar10(tmp_path / "c")


class _Exploit:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("echo pwned",))


def test_cifar_loader_refuses_pickles_that_run_code(tmp_path: Path) -> None:
    _write_cifar(tmp_path / "c")
    with open(tmp_path / "c" / "data_batch_1", "wb") as f:
        pickle.dump({b"data": _Exploit(), b"labels": []}, f)
    with pytest.raises(CifarFormatError, match="refusing"):
        load_cifar10(tmp_path / "c")
