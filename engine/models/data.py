"""Data for the sample models: the 8x8 digits split, the toy Gaussian mixture, verified npz files.

Nothing is downloaded. The digits come from scikit-learn's bundled copy (training only); the
held-out split the grader needs ships as `assets/data/digits_heldout.npz`, and its SHA-256 in
the manifest is checked on every load.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np

from engine.models.assets import asset_path, manifest_entry, verify_sha256

__all__ = [
    "DIGITS_HELDOUT",
    "Digits",
    "GaussianMixture",
    "digits_features",
    "load_digits_heldout",
    "load_verified_npz",
    "stratified_split",
]

DIGITS_HELDOUT = "data/digits_heldout.npz"
HELDOUT_FRACTION = 0.2
SPLIT_SEED = 231
DIGITS_MAX = 16.0  # pixel values of the 8x8 digits are integers 0..16


class Digits(NamedTuple):
    """A set of 8x8 digits: images (N, 8, 8) uint8 in 0..16, labels (N,) int64 in 0..9,
    indices (N,) int64 positions in sklearn.datasets.load_digits() order."""

    images: np.ndarray
    labels: np.ndarray
    indices: np.ndarray


def stratified_split(
    labels: np.ndarray, heldout_fraction: float = HELDOUT_FRACTION, seed: int = SPLIT_SEED
) -> tuple[np.ndarray, np.ndarray]:
    """Deterministic stratified split: each class keeps round(fraction * count) examples out.

    Inputs:
    - labels: (N,) integer class labels
    - heldout_fraction: share of every class held out, in (0, 1)
    - seed: seed of the permutation inside each class (classes in increasing order)

    Returns (train_idx, heldout_idx), sorted int64 index arrays that partition range(N).
    """
    if not 0 < heldout_fraction < 1:
        raise ValueError(f"heldout_fraction must be in (0, 1), got {heldout_fraction}")
    rng = np.random.default_rng(seed)
    held = []
    for c in np.unique(labels):
        members = np.flatnonzero(labels == c)
        held.append(rng.permutation(members)[: round(heldout_fraction * len(members))])
    heldout_idx = np.sort(np.concatenate(held)).astype(np.int64)
    train_idx = np.setdiff1d(np.arange(len(labels)), heldout_idx).astype(np.int64)
    return train_idx, heldout_idx


def digits_features(images: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Model input from raw digits: float64 in [0, 1] (pixel / 16), reshaped per example.

    Inputs:
    - images: (N, 8, 8) pixel values 0..16
    - shape: per-example shape, (64,) for the MLPs or (1, 8, 8) for the ConvNet

    Returns x: (N, *shape) float64.
    """
    return (np.asarray(images, dtype=np.float64) / DIGITS_MAX).reshape(len(images), *shape)


def load_verified_npz(
    relative: str, data_key: str, assets_dir: Path | None = None
) -> dict[str, np.ndarray]:
    """Arrays of a bundled .npz after checking its SHA-256 against manifest["data"][data_key].

    Raises AssetMissingError if the file or manifest is absent, AssetError on a hash mismatch.
    """
    path = asset_path(relative, assets_dir)
    verify_sha256(path, manifest_entry("data", data_key, assets_dir)["sha256"])
    with np.load(path, allow_pickle=False) as npz:
        return {key: npz[key] for key in npz.files}


def load_digits_heldout(assets_dir: Path | None = None) -> Digits:
    """The shipped held-out digits (about 20% of each class, 359 images), hash-verified."""
    arrays = load_verified_npz(DIGITS_HELDOUT, "digits_heldout", assets_dir)
    return Digits(
        arrays["images"],
        arrays["labels"].astype(np.int64),
        arrays["indices"].astype(np.int64),
    )


@dataclass(frozen=True)
class GaussianMixture:
    """K isotropic Gaussians with centres evenly spaced on a circle; class k is component k.

    The rectified-flow toy data: generated from a seed, never stored.
    """

    num_classes: int = 8
    radius: float = 2.0
    std: float = 0.15

    def modes(self) -> np.ndarray:
        """(K, 2) component centres, mode k at angle 2 pi k / K."""
        angles = 2.0 * np.pi * np.arange(self.num_classes) / self.num_classes
        return self.radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)

    def sample(self, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """n draws with uniform classes. Returns x: (n, 2) float64 and y: (n,) int64."""
        y = rng.integers(0, self.num_classes, size=n)
        x = self.modes()[y] + self.std * rng.standard_normal((n, 2))
        return x, y.astype(np.int64)
