"""SVM and softmax losses vs PyTorch, naive vs vectorised, and the notes' sanity facts."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from engine.gradcheck import check_loss
from engine.layers.losses import (
    softmax_loss,
    softmax_loss_naive,
    softmax_loss_vectorized,
    svm_loss,
    svm_loss_naive,
    svm_loss_vectorized,
)
from tests.engine.conftest import to_numpy


def torch_loss_and_grad(torch, fn, x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    xt = torch.from_numpy(x.copy()).requires_grad_()
    loss = fn(xt, torch.from_numpy(y))
    loss.backward()
    return float(loss.detach()), to_numpy(xt.grad)


def torch_hinge(torch, x, y, margin: float = 1.0):
    """The notes' hinge, sum_{j != y} max(0, s_j - s_y + margin) averaged over N, in torch ops."""
    correct = x.gather(1, y[:, None])
    margins = torch.clamp(x - correct + margin, min=0)
    mask = torch.ones_like(x).scatter(1, y[:, None], 0.0)
    return (margins * mask).sum() / x.shape[0]


def _scores(rng, kind: str) -> tuple[np.ndarray, np.ndarray]:
    shapes = {"random": (6, 5), "batch_of_one": (1, 4), "large": (5, 7)}
    N, C = shapes[kind]
    scale = 1e3 if kind == "large" else 2.0
    return rng.standard_normal((N, C)) * scale, rng.integers(0, C, N)


@pytest.mark.parametrize("kind", ["random", "batch_of_one", "large"])
def test_softmax_loss_matches_cross_entropy(torch, rng, close, kind) -> None:
    x, y = _scores(rng, kind)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # logits ~1e3 must not overflow
        loss, dx = softmax_loss(x, y)
    ref_loss, ref_dx = torch_loss_and_grad(torch, torch.nn.functional.cross_entropy, x, y)
    close(loss, ref_loss, what="loss")
    close(dx, ref_dx, what="dx")


@pytest.mark.parametrize("kind", ["random", "batch_of_one", "large"])
@pytest.mark.parametrize("margin", [1.0, 2.5])
def test_svm_loss_matches_torch(torch, rng, close, kind, margin) -> None:
    x, y = _scores(rng, kind)
    loss, dx = svm_loss(x, y, margin=margin)
    ref_loss, ref_dx = torch_loss_and_grad(
        torch, lambda s, t: torch_hinge(torch, s, t, margin), x, y
    )
    close(loss, ref_loss, what="loss")
    close(dx, ref_dx, what="dx")


def test_svm_loss_is_C_times_multi_margin_loss(torch, rng, close) -> None:
    # F.multi_margin_loss(p=1) averages the hinge terms over the C classes as well as over N
    # (dividing by x.size(1)), so the CS231n loss is exactly C times it.
    x, y = _scores(rng, "random")
    C = x.shape[1]
    for margin in (1.0, 2.5):

        def mml_fn(s, t, margin: float = margin):
            return torch.nn.functional.multi_margin_loss(s, t, p=1, margin=margin)

        mml, mml_dx = torch_loss_and_grad(torch, mml_fn, x, y)
        loss, dx = svm_loss(x, y, margin=margin)
        close(loss, C * mml, what="loss")
        close(dx, C * mml_dx, what="dx")


def test_slide_examples_by_hand() -> None:
    # Lecture 2's three images (cat, car, frog) and their class scores.
    x = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
    y = np.array([0, 1, 2])
    # Hinge: cat 2.9 + 0, car 0 + 0, frog 6.3 + 6.6; averaged over 3 images.
    assert svm_loss(x, y)[0] == pytest.approx((2.9 + 0.0 + 12.9) / 3, abs=1e-12)
    cat = -math.log(math.exp(3.2) / (math.exp(3.2) + math.exp(5.1) + math.exp(-1.7)))
    assert softmax_loss(x[:1], y[:1])[0] == pytest.approx(cat, abs=1e-12)  # about 2.04


def test_hinge_kink_counts_as_inactive() -> None:
    loss, dx = svm_loss(np.array([[0.0, -1.0]]), np.array([0]))  # margin -1 - 0 + 1 = 0
    assert loss == 0.0 and np.array_equal(dx, np.zeros((1, 2)))


@pytest.mark.parametrize("C", [2, 10, 100])
def test_sanity_softmax_equal_scores_give_log_C(rng, C) -> None:
    # The notes: with all scores equal the loss is -log(1/C) = log(C).
    x = np.full((7, C), 3.7)
    assert softmax_loss(x, rng.integers(0, C, 7))[0] == pytest.approx(math.log(C), abs=1e-12)
    W = np.zeros((5, C))
    X = rng.standard_normal((7, 5))
    loss, _ = softmax_loss_vectorized(W, X, rng.integers(0, C, 7), 0.0)
    assert loss == pytest.approx(math.log(C), abs=1e-12)


@pytest.mark.parametrize("C", [2, 10, 100])
def test_sanity_svm_near_zero_scores_give_C_minus_1(rng, C) -> None:
    # The notes: with W small the scores are near 0 and every margin is about 1: loss C - 1.
    X, y = rng.standard_normal((7, 5)), rng.integers(0, C, 7)
    assert svm_loss_vectorized(np.zeros((5, C)), X, y, 0.0)[0] == pytest.approx(C - 1, abs=1e-12)
    small = svm_loss_vectorized(rng.standard_normal((5, C)) * 1e-6, X, y, 0.0)[0]
    assert small == pytest.approx(C - 1, abs=1e-4)


@pytest.mark.parametrize(
    ("naive", "vectorized"),
    [(svm_loss_naive, svm_loss_vectorized), (softmax_loss_naive, softmax_loss_vectorized)],
)
@pytest.mark.parametrize("reg", [0.0, 0.3])
def test_naive_equals_vectorized(rng, close, naive, vectorized, reg) -> None:
    W, X, y = rng.standard_normal((4, 3)), rng.standard_normal((5, 4)), rng.integers(0, 3, 5)
    loss_n, dW_n = naive(W, X, y, reg)
    loss_v, dW_v = vectorized(W, X, y, reg)
    close(loss_n, loss_v, what="loss")
    close(dW_n, dW_v, what="dW")


@pytest.mark.parametrize("which", ["svm", "softmax"])
@pytest.mark.parametrize("reg", [0.0, 0.25])
def test_linear_classifier_matches_torch(torch, rng, close, which, reg) -> None:
    W, X, y = rng.standard_normal((6, 4)), rng.standard_normal((8, 6)), rng.integers(0, 4, 8)
    ours = {"svm": svm_loss_vectorized, "softmax": softmax_loss_vectorized}[which]
    data = {
        "svm": lambda s, t: torch_hinge(torch, s, t),
        "softmax": torch.nn.functional.cross_entropy,
    }[which]
    Wt = torch.from_numpy(W.copy()).requires_grad_()
    # The convention: reg * sum(W^2), gradient 2 * reg * W.
    ref = data(torch.from_numpy(X) @ Wt, torch.from_numpy(y)) + reg * (Wt * Wt).sum()
    ref.backward()
    loss, dW = ours(W, X, y, reg)
    close(loss, float(ref.detach()), what="loss")
    close(dW, to_numpy(Wt.grad), what="dW")


def test_regularisation_convention_by_hand() -> None:
    W = np.array([[1.0, -2.0], [0.5, 0.0]])
    X, y = np.zeros((3, 2)), np.array([0, 1, 0])
    for fn, data_loss in ((svm_loss_vectorized, 1.0), (softmax_loss_vectorized, math.log(2))):
        loss, dW = fn(W, X, y, 0.1)
        assert loss == pytest.approx(data_loss + 0.1 * 5.25, abs=1e-12)  # sum W^2 = 5.25
        assert np.allclose(dW, 0.2 * W, atol=1e-15)  # X = 0: only 2 * reg * W remains


@pytest.mark.parametrize("fn", [svm_loss, softmax_loss])
def test_losses_pass_gradient_check(rng, fn) -> None:
    x, y = rng.standard_normal((5, 4)), rng.integers(0, 4, 5)
    assert check_loss(fn, x, y).passed


@pytest.mark.parametrize("fn", [svm_loss_vectorized, softmax_loss_vectorized, svm_loss_naive])
def test_linear_classifiers_pass_gradient_check(rng, fn) -> None:
    W, X, y = rng.standard_normal((3, 4)), rng.standard_normal((4, 3)), rng.integers(0, 4, 4)
    result = check_loss(fn, W, X, y, 0.1)
    assert result.passed, str(result)
