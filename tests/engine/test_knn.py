"""k-NN distances vs torch.cdist and the loop reference; prediction and tie-breaking."""

from __future__ import annotations

import numpy as np
import pytest

from engine.layers.knn import compute_distances, compute_distances_two_loops, knn_predict
from tests.engine.conftest import to_numpy


@pytest.mark.parametrize(("metric", "p"), [("l2", 2.0), ("l1", 1.0)])
@pytest.mark.parametrize(("n_test", "n_train", "dim"), [(5, 7, 4), (1, 3, 6), (4, 30, 3)])
def test_distances_match_cdist_and_loops(torch, rng, close, metric, p, n_test, n_train, dim):
    X_test, X_train = rng.standard_normal((n_test, dim)), rng.standard_normal((n_train, dim))
    dists = compute_distances(X_test, X_train, metric=metric)
    assert dists.shape == (n_test, n_train)
    # compute_mode keeps torch from using the same |a|^2 + |b|^2 - 2ab expansion as ours.
    ref = torch.cdist(
        torch.from_numpy(X_test), torch.from_numpy(X_train), p=p,
        compute_mode="donot_use_mm_for_euclid_dist",
    )  # fmt: skip
    close(dists, to_numpy(ref), what=f"{metric} vs cdist")
    close(dists, compute_distances_two_loops(X_test, X_train, metric=metric), what="vs loops")


def test_distances_by_hand() -> None:
    a, b = np.array([[0.0, 0.0]]), np.array([[3.0, 4.0], [-1.0, 1.0]])
    assert np.allclose(compute_distances(a, b, "l2"), [[5.0, np.sqrt(2.0)]], rtol=1e-15)
    assert np.array_equal(compute_distances(a, b, "l1"), [[7.0, 2.0]])
    with pytest.raises(ValueError):
        compute_distances(a, b, "cosine")


def test_l2_identical_points_are_near_zero(rng) -> None:
    # The expansion trick cancels: identical points come out at ~sqrt(eps) * |x|, never negative.
    X = rng.standard_normal((6, 5)) * 10.0
    dists = compute_distances(X, X)
    assert np.all(np.isfinite(dists)) and np.all(dists >= 0)
    assert np.max(np.abs(np.diag(dists))) < 1e-6
    assert np.array_equal(np.diag(compute_distances(X, X, "l1")), np.zeros(6))


def test_rotation_changes_l1_but_not_l2(rng, close) -> None:
    # The notes (lecture 2): L1 measures along the coordinate axes, so rotating them changes it.
    X_test, X_train = rng.standard_normal((4, 3)), rng.standard_normal((6, 3))
    Q, _ = np.linalg.qr(rng.standard_normal((3, 3)))  # a random orthogonal matrix
    l2, l2_rot = compute_distances(X_test, X_train), compute_distances(X_test @ Q, X_train @ Q)
    close(l2_rot, l2, tol=1e-12, what="L2 after rotation")
    l1 = compute_distances(X_test, X_train, "l1")
    l1_rot = compute_distances(X_test @ Q, X_train @ Q, "l1")
    assert np.max(np.abs(l1_rot - l1)) > 1e-2
    # The 45-degree example by hand: (1, 0) has L1 norm 1, rotated to (1, 1)/sqrt(2) it is sqrt(2).
    c = np.sqrt(0.5)
    R = np.array([[c, -c], [c, c]])
    e = np.array([[1.0, 0.0]])
    origin = np.zeros((1, 2))
    assert compute_distances(e @ R.T, origin, "l1")[0, 0] == pytest.approx(np.sqrt(2.0))
    assert compute_distances(e @ R.T, origin, "l2")[0, 0] == pytest.approx(1.0)


def test_knn_predict_k1_on_training_set_returns_training_labels(rng) -> None:
    X = rng.standard_normal((10, 4))
    y = rng.integers(0, 3, 10)
    assert np.array_equal(knn_predict(compute_distances(X, X), y, k=1), y)


def test_knn_predict_majority_and_ties() -> None:
    y_train = np.array([2, 1, 1, 0, 2])
    dists = np.array(
        [
            [0.1, 0.2, 0.3, 0.9, 0.8],  # k=3 nearest labels 2, 1, 1 -> 1
            [0.5, 0.9, 0.9, 0.1, 0.2],  # nearest 0, 2, then 2 -> 2
            [0.3, 0.1, 0.9, 0.2, 0.9],  # nearest 1, 0, 2: a three-way tie -> smallest label 0
        ]
    )
    assert np.array_equal(knn_predict(dists, y_train, k=3), [1, 2, 0])
    # Two-way vote tie between labels 2 and 1 -> 1; equal distances: the earlier point is nearer.
    assert np.array_equal(knn_predict(dists[:1], y_train, k=2), [1])
    assert np.array_equal(knn_predict(np.zeros((1, 5)), y_train, k=1), [2])
    assert np.array_equal(knn_predict(np.zeros((1, 5)), y_train, k=5), [1])
    with pytest.raises(ValueError):
        knn_predict(dists, y_train, k=6)
