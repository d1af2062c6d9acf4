"""k-nearest-neighbour distances and prediction (lecture 2).

The notes' point about the metric: L1 distance sums differences along the coordinate axes, so it
changes when the axes are rotated; L2 distance does not (tested).
"""

from __future__ import annotations

import numpy as np

__all__ = ["compute_distances", "compute_distances_two_loops", "knn_predict"]


def _check_metric(metric: str) -> None:
    if metric not in ("l1", "l2"):
        raise ValueError(f"metric must be 'l1' or 'l2', got {metric!r}")


def compute_distances_two_loops(
    X_test: np.ndarray, X_train: np.ndarray, metric: str = "l2"
) -> np.ndarray:
    """Distances from every test point to every training point, one pair at a time (reference).

    Args:
        X_test: (N_test, D) test points, one per row.
        X_train: (N_train, D) training points, one per row.
        metric: "l2" (Euclidean) or "l1" (Manhattan).

    Returns:
        dists: (N_test, N_train); dists[i, j] is the distance between X_test[i] and X_train[j].
    """
    _check_metric(metric)
    dists = np.zeros((X_test.shape[0], X_train.shape[0]))
    for i in range(X_test.shape[0]):
        for j in range(X_train.shape[0]):
            diff = X_test[i] - X_train[j]
            dists[i, j] = np.sum(np.abs(diff)) if metric == "l1" else np.sqrt(np.sum(diff**2))
    return dists


def compute_distances(X_test: np.ndarray, X_train: np.ndarray, metric: str = "l2") -> np.ndarray:
    """Distances from every test point to every training point, without Python loops.

    L2 uses the assignment's expansion |a - b|^2 = |a|^2 + |b|^2 - 2 a.b (one matrix product, no
    (N_test, N_train, D) temporary); its round-off is relative to |a|^2 + |b|^2, so the distance
    between two (near-)identical points comes out as about sqrt(eps) * |a| instead of 0. L1 has
    no such identity and broadcasts the differences, using O(N_test * N_train * D) memory.

    Args:
        X_test: (N_test, D) test points, one per row.
        X_train: (N_train, D) training points, one per row.
        metric: "l2" (Euclidean) or "l1" (Manhattan).

    Returns:
        dists: (N_test, N_train); dists[i, j] is the distance between X_test[i] and X_train[j].
    """
    _check_metric(metric)
    if metric == "l1":
        diff = X_test[:, None, :] - X_train[None, :, :]  # (N_test, N_train, D)
        l1_dists: np.ndarray = np.abs(diff).sum(axis=2)
        return l1_dists
    test_sq = np.sum(X_test**2, axis=1)[:, None]  # (N_test, 1)
    train_sq = np.sum(X_train**2, axis=1)[None, :]  # (1, N_train)
    squared = test_sq + train_sq - 2.0 * X_test @ X_train.T
    # Cancellation can leave tiny negatives where the true squared distance is 0.
    dists: np.ndarray = np.sqrt(np.maximum(squared, 0.0))
    return dists


def knn_predict(dists: np.ndarray, y_train: np.ndarray, k: int = 1) -> np.ndarray:
    """Majority vote among the k nearest training points of each test point.

    Ties: among training points at equal distance the one listed first in X_train counts as
    nearer (stable sort), and a tie in the vote goes to the smaller label (as in the assignment,
    which takes the first maximum of np.bincount).

    Args:
        dists: (N_test, N_train) distances, e.g. from `compute_distances`.
        y_train: (N_train,) non-negative integer labels of the training points.
        k: number of neighbours that vote, 1 <= k <= N_train.

    Returns:
        y_pred: (N_test,) predicted labels.
    """
    if not 1 <= k <= dists.shape[1]:
        raise ValueError(f"k must be in [1, {dists.shape[1]}], got {k}")
    y_train = np.asarray(y_train)
    nearest = np.argsort(dists, axis=1, kind="stable")[:, :k]  # (N_test, k)
    closest_y = y_train[nearest]  # (N_test, k)
    labels = np.arange(int(y_train.max()) + 1)
    votes = (closest_y[:, :, None] == labels).sum(axis=1)  # (N_test, num_labels)
    # argmax returns the first, i.e. smallest, label
    y_pred: np.ndarray = labels[np.argmax(votes, axis=1)]
    return y_pred
