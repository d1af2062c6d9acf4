"""Classification losses on scores and the linear-classifier forms (lecture 2).

Losses on scores return `(loss, dscores)`, averaged over the batch. The linear-classifier forms
take the weights and the data, compute the scores `X @ W` themselves and add L2 regularisation with
the CS231n assignment convention `reg * sum(W * W)`, whose gradient is `2 * reg * W` (no 1/2).

Sanity facts from the notes (tested): with all scores equal the softmax loss is log(C); with scores
near zero the SVM loss (margin 1) is C - 1. At a hinge's kink (margin exactly 0) the gradient
counts the margin as inactive, so the subgradient used is 0 there.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = [
    "softmax_loss",
    "softmax_loss_naive",
    "softmax_loss_vectorized",
    "svm_loss",
    "svm_loss_naive",
    "svm_loss_vectorized",
]


def svm_loss(x: np.ndarray, y: np.ndarray, margin: float = 1.0) -> tuple[float, np.ndarray]:
    """Multiclass SVM (hinge) loss `mean_i sum_{j != y_i} max(0, x_ij - x_iy_i + margin)`.

    Args:
        x: (N, C) scores; x[i, j] is the score of class j for example i.
        y: (N,) integer labels in [0, C).
        margin: the required gap (delta) between the correct score and every other one.

    Returns:
        loss: scalar, averaged over the N examples.
        dx: (N, C) gradient of the loss with respect to x.
    """
    N = x.shape[0]
    rows = np.arange(N)
    correct = x[rows, y][:, None]  # (N, 1)
    margins = np.maximum(0.0, x - correct + margin)
    margins[rows, y] = 0.0  # the correct class is not compared with itself
    loss = margins.sum() / N
    active = (margins > 0).astype(x.dtype)
    # Each active margin pushes its own score up and the correct score down.
    active[rows, y] = -active.sum(axis=1)
    return float(loss), active / N


def softmax_loss(x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Softmax cross-entropy loss `mean_i -log softmax(x_i)[y_i]`, stable for huge scores.

    Args:
        x: (N, C) scores (logits).
        y: (N,) integer labels in [0, C).

    Returns:
        loss: scalar, averaged over the N examples.
        dx: (N, C) gradient `(softmax(x) - onehot(y)) / N`.
    """
    N = x.shape[0]
    rows = np.arange(N)
    # Shifting by the row max changes nothing mathematically and keeps exp from overflowing.
    shifted = x - x.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[rows, y].sum() / N
    dx = np.exp(log_probs)
    dx[rows, y] -= 1.0
    return float(loss), dx / N


def svm_loss_naive(
    W: np.ndarray, X: np.ndarray, y: np.ndarray, reg: float
) -> tuple[float, np.ndarray]:
    """Linear SVM loss with explicit loops over examples and classes (the assignment's reference).

    Args:
        W: (D, C) weights.
        X: (N, D) data, one example per row.
        y: (N,) integer labels in [0, C).
        reg: L2 strength; adds reg * sum(W * W) to the loss and 2 * reg * W to the gradient.

    Returns:
        loss: scalar data loss averaged over N plus the regularisation.
        dW: (D, C) gradient with respect to W.
    """
    dW = np.zeros_like(W)
    num_classes, num_train = W.shape[1], X.shape[0]
    loss = 0.0
    for i in range(num_train):
        scores = X[i] @ W
        correct_score = scores[y[i]]
        for j in range(num_classes):
            if j == y[i]:
                continue
            margin = scores[j] - correct_score + 1.0
            if margin > 0:
                loss += margin
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]
    loss = loss / num_train + reg * np.sum(W * W)
    dW = dW / num_train + 2.0 * reg * W
    return float(loss), dW


def svm_loss_vectorized(
    W: np.ndarray, X: np.ndarray, y: np.ndarray, reg: float
) -> tuple[float, np.ndarray]:
    """Linear SVM loss without loops: `svm_loss(X @ W, y)` plus reg * sum(W * W).

    Args:
        W: (D, C) weights.
        X: (N, D) data, one example per row.
        y: (N,) integer labels in [0, C).
        reg: L2 strength; adds reg * sum(W * W) to the loss and 2 * reg * W to the gradient.

    Returns:
        loss: scalar data loss averaged over N plus the regularisation.
        dW: (D, C) gradient with respect to W.
    """
    return _linear_classifier_loss(svm_loss, W, X, y, reg)


def softmax_loss_naive(
    W: np.ndarray, X: np.ndarray, y: np.ndarray, reg: float
) -> tuple[float, np.ndarray]:
    """Linear softmax loss with explicit loops over examples and classes (the reference).

    Args:
        W: (D, C) weights.
        X: (N, D) data, one example per row.
        y: (N,) integer labels in [0, C).
        reg: L2 strength; adds reg * sum(W * W) to the loss and 2 * reg * W to the gradient.

    Returns:
        loss: scalar data loss averaged over N plus the regularisation.
        dW: (D, C) gradient with respect to W.
    """
    dW = np.zeros_like(W)
    num_classes, num_train = W.shape[1], X.shape[0]
    loss = 0.0
    for i in range(num_train):
        scores = X[i] @ W
        scores = scores - np.max(scores)  # stability: exp of the largest score is 1
        denom = np.sum(np.exp(scores))
        loss += np.log(denom) - scores[y[i]]
        for j in range(num_classes):
            p = np.exp(scores[j]) / denom
            dW[:, j] += (p - (j == y[i])) * X[i]
    loss = loss / num_train + reg * np.sum(W * W)
    dW = dW / num_train + 2.0 * reg * W
    return float(loss), dW


def softmax_loss_vectorized(
    W: np.ndarray, X: np.ndarray, y: np.ndarray, reg: float
) -> tuple[float, np.ndarray]:
    """Linear softmax loss without loops: `softmax_loss(X @ W, y)` plus reg * sum(W * W).

    Args:
        W: (D, C) weights.
        X: (N, D) data, one example per row.
        y: (N,) integer labels in [0, C).
        reg: L2 strength; adds reg * sum(W * W) to the loss and 2 * reg * W to the gradient.

    Returns:
        loss: scalar data loss averaged over N plus the regularisation.
        dW: (D, C) gradient with respect to W.
    """
    return _linear_classifier_loss(softmax_loss, W, X, y, reg)


def _linear_classifier_loss(
    loss_on_scores: Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray]],
    W: np.ndarray,
    X: np.ndarray,
    y: np.ndarray,
    reg: float,
) -> tuple[float, np.ndarray]:
    """A score loss applied to scores = X @ W, plus reg * sum(W * W); returns (loss, dW)."""
    data_loss, dscores = loss_on_scores(X @ W, y)
    loss = data_loss + reg * np.sum(W * W)
    dW = X.T @ dscores + 2.0 * reg * W  # (D, N) @ (N, C)
    return float(loss), dW
