"""Two-layer net (affine - relu - affine - softmax) vs PyTorch autograd."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.gradcheck import check_loss
from engine.layers.blocks import two_layer_net_loss
from tests.engine.conftest import to_numpy


def _params(rng, D: int = 6, H: int = 5, C: int = 4, scale: float = 0.5) -> dict[str, np.ndarray]:
    return {
        "W1": rng.standard_normal((D, H)) * scale,
        "b1": rng.standard_normal(H) * 0.1,
        "W2": rng.standard_normal((H, C)) * scale,
        "b2": rng.standard_normal(C) * 0.1,
    }


def torch_two_layer(torch, X: np.ndarray, params: dict, y: np.ndarray, reg: float):
    F = torch.nn.functional
    p = {k: torch.from_numpy(v.copy()).requires_grad_() for k, v in params.items()}
    x = torch.from_numpy(X).reshape(X.shape[0], -1)
    scores = F.linear(F.relu(F.linear(x, p["W1"].T, p["b1"])), p["W2"].T, p["b2"])
    loss = F.cross_entropy(scores, torch.from_numpy(y))
    loss = loss + 0.5 * reg * ((p["W1"] ** 2).sum() + (p["W2"] ** 2).sum())
    loss.backward()
    return to_numpy(scores), float(loss.detach()), {k: to_numpy(t.grad) for k, t in p.items()}


@pytest.mark.parametrize(
    ("x_shape", "reg"), [((7, 6), 0.0), ((7, 6), 0.3), ((1, 6), 0.1), ((3, 2, 3), 0.05)]
)
def test_two_layer_net_matches_torch(torch, rng, close, x_shape, reg) -> None:
    X, params = rng.standard_normal(x_shape), _params(rng)
    y = rng.integers(0, 4, x_shape[0])
    ref_scores, ref_loss, ref_grads = torch_two_layer(torch, X, params, y, reg)
    close(two_layer_net_loss(X, params), ref_scores, what="scores")
    loss, grads = two_layer_net_loss(X, params, y, reg=reg)
    close(loss, ref_loss, what="loss")
    assert set(grads) == {"W1", "b1", "W2", "b2"}
    for name, grad in grads.items():
        assert grad.shape == params[name].shape
        close(grad, ref_grads[name], what=f"d{name}")


def test_two_layer_net_passes_gradient_check(rng) -> None:
    X, params, y = rng.standard_normal((4, 6)), _params(rng), rng.integers(0, 4, 4)
    for name in params:

        def loss_of(value: np.ndarray, name: str = name):
            loss, grads = two_layer_net_loss(X, {**params, name: value}, y, reg=0.2)
            return loss, grads[name]

        result = check_loss(loss_of, params[name])
        assert result.passed, f"{name}: {result}"


def test_two_layer_net_sanity_loss_at_small_weights(rng) -> None:
    # Small weights give near-equal scores, so the loss is about log(C) (the notes' sanity check).
    X, y = rng.standard_normal((20, 6)), rng.integers(0, 4, 20)
    loss, _ = two_layer_net_loss(X, _params(rng, scale=1e-3) | {"b2": np.zeros(4)}, y)
    assert loss == pytest.approx(math.log(4), abs=1e-4)
