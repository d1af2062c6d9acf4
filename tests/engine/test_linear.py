"""Affine layer and activations vs PyTorch autograd (float64), plus the numerical check."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from engine.gradcheck import check_layer
from engine.layers.linear import (
    affine_backward,
    affine_forward,
    gelu_backward,
    gelu_forward,
    leaky_relu_backward,
    leaky_relu_forward,
    relu_backward,
    relu_forward,
    sigmoid_backward,
    sigmoid_forward,
    tanh_backward,
    tanh_forward,
)
from tests.engine.conftest import to_numpy


def torch_forward_backward(torch, fn, arrays, dout):
    """Output of fn on tensors made from arrays, and the gradients for a random upstream dout."""
    tensors = [torch.from_numpy(a.copy()).requires_grad_() for a in arrays]
    out = fn(*tensors)
    out.backward(torch.from_numpy(dout))
    return to_numpy(out), [to_numpy(t.grad) for t in tensors]


@pytest.mark.parametrize("x_shape", [(4, 6), (1, 6), (3, 2, 3), (2, 1, 2, 3)])
def test_affine_matches_torch(torch, rng, close, x_shape) -> None:
    x = rng.standard_normal(x_shape)
    w, b = rng.standard_normal((6, 5)), rng.standard_normal(5)
    out, cache = affine_forward(x, w, b)
    dout = rng.standard_normal(out.shape)
    dx, dw, db = affine_backward(dout, cache)

    def ref(xt, wt, bt):
        return torch.nn.functional.linear(xt.reshape(xt.shape[0], -1), wt.T, bt)

    out_t, (dx_t, dw_t, db_t) = torch_forward_backward(torch, ref, [x, w, b], dout)
    close(out, out_t, what="out")
    assert dx.shape == x.shape
    close(dx, dx_t, what="dx")
    close(dw, dw_t, what="dw")
    close(db, db_t, what="db")


def test_affine_passes_gradient_check(rng) -> None:
    x, w, b = rng.standard_normal((3, 2, 2)), rng.standard_normal((4, 3)), rng.standard_normal(3)
    assert check_layer(affine_forward, affine_backward, (x, w, b)).passed


def _activation_cases(torch):
    F = torch.nn.functional
    return {
        "relu": (relu_forward, relu_backward, (), F.relu),
        "leaky_default": (leaky_relu_forward, leaky_relu_backward, (), F.leaky_relu),
        "leaky_0.2": (
            leaky_relu_forward,
            leaky_relu_backward,
            (0.2,),
            lambda t: F.leaky_relu(t, 0.2),
        ),
        "sigmoid": (sigmoid_forward, sigmoid_backward, (), torch.sigmoid),
        "tanh": (tanh_forward, tanh_backward, (), torch.tanh),
        "gelu": (gelu_forward, gelu_backward, (), F.gelu),
        "gelu_none": (gelu_forward, gelu_backward, ("none",), F.gelu),
        "gelu_tanh": (
            gelu_forward,
            gelu_backward,
            ("tanh",),
            lambda t: F.gelu(t, approximate="tanh"),
        ),
    }


ACTIVATIONS = ["relu", "leaky_default", "leaky_0.2", "sigmoid", "tanh"]
ACTIVATIONS += ["gelu", "gelu_none", "gelu_tanh"]


def _edge_inputs() -> np.ndarray:
    # Kinks exactly at 0 (torch's convention there), saturation and large magnitudes.
    return np.array([[-1000.0, -40.0, -5.0, -1e-12, 0.0, 1e-12, 5.0, 40.0, 1000.0]])


@pytest.mark.parametrize("name", ACTIVATIONS)
@pytest.mark.parametrize("inputs", ["random", "batch_of_one", "edge"])
def test_activation_matches_torch(torch, rng, close, name, inputs) -> None:
    forward, backward, params, ref = _activation_cases(torch)[name]
    x = {
        "random": rng.standard_normal((4, 3, 2)) * 3.0,
        "batch_of_one": rng.standard_normal((1, 5)),
        "edge": _edge_inputs(),
    }[inputs]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow / invalid-value warnings anywhere
        out, cache = forward(x, *params)
        dout = rng.standard_normal(out.shape)
        dx = backward(dout, cache)
    out_t, (dx_t,) = torch_forward_backward(torch, ref, [x], dout)
    close(out, out_t, what=f"{name} out")
    close(dx, dx_t, what=f"{name} dx")


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_passes_gradient_check(torch, rng, name) -> None:
    forward, backward, params, _ = _activation_cases(torch)[name]
    x = np.concatenate([rng.standard_normal(8) * 2.0, _edge_inputs()[0]])
    result = check_layer(forward, backward, (x,), params=params)
    assert result.passed, str(result)


def test_sigmoid_is_stable_at_large_magnitudes() -> None:
    # Underflow of exp(-1000) to 0 is the right answer; overflow or 0/0 would be a bug.
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        out, cache = sigmoid_forward(np.array([-1000.0, 1000.0]))
        dx = sigmoid_backward(np.ones(2), cache)
    assert np.array_equal(out, [0.0, 1.0])
    assert np.array_equal(dx, [0.0, 0.0])


def test_activation_hand_values() -> None:
    x = np.array([-2.0, 0.0, 3.0])
    assert np.array_equal(relu_forward(x)[0], [0.0, 0.0, 3.0])
    assert np.array_equal(relu_backward(np.ones(3), relu_forward(x)[1]), [0.0, 0.0, 1.0])
    assert np.allclose(leaky_relu_forward(x, 0.1)[0], [-0.2, 0.0, 3.0])
    assert sigmoid_forward(np.array([0.0]))[0][0] == 0.5
    assert sigmoid_backward(np.ones(1), sigmoid_forward(np.array([0.0]))[1])[0] == 0.25
    assert gelu_forward(np.array([0.0]))[0][0] == 0.0
    assert gelu_backward(np.ones(1), gelu_forward(np.array([0.0]))[1])[0] == 0.5  # Phi(0)
    with pytest.raises(ValueError):
        gelu_forward(x, approximate="erf")
