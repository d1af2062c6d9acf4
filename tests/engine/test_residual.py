"""Residual block (identity shortcut, two convs) vs PyTorch autograd (float64)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.layers.blocks import residual_block_backward, residual_block_forward
from tests.engine.conftest import assert_close, to_numpy


def _params(rng, C, K=3):
    return {
        "W1": rng.standard_normal((C, C, K, K)) * 0.3,
        "b1": rng.standard_normal(C) * 0.1,
        "W2": rng.standard_normal((C, C, K, K)) * 0.3,
        "b2": rng.standard_normal(C) * 0.1,
    }


@pytest.mark.parametrize(
    ("x_shape", "K", "pad"), [((2, 3, 5, 6), 3, 1), ((1, 2, 4, 4), 3, 1), ((2, 2, 5, 5), 5, 2)]
)
def test_residual_block_matches_torch(torch, rng, x_shape, K, pad):
    F = torch.nn.functional
    x = rng.standard_normal(x_shape)
    params = _params(rng, x_shape[1], K)
    conv_param = {"stride": 1, "pad": pad}
    out, cache = residual_block_forward(x, params, conv_param)
    dout = rng.standard_normal(out.shape)
    dx, grads = residual_block_backward(dout, cache)

    xt = torch.tensor(x, requires_grad=True)
    pt = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    h1 = F.relu(F.conv2d(xt, pt["W1"], pt["b1"], padding=pad))
    ref = F.relu(F.conv2d(h1, pt["W2"], pt["b2"], padding=pad) + xt)  # H(x) = F(x) + x
    ref.backward(torch.from_numpy(dout))

    assert_close(out, to_numpy(ref), what="out")
    assert_close(dx, to_numpy(xt.grad), what="dx")
    assert set(grads) == set(params)
    for name, g in grads.items():
        assert g.shape == params[name].shape
        assert_close(g, to_numpy(pt[name].grad), what=f"d{name}")


def test_zero_second_conv_passes_a_previous_block_output_through(rng):
    # notes, lecture 6 (ResNet Q2): with the added layer's weights at 0 the block forwards the
    # previous block's (non-negative, post-ReLU) output unchanged
    x = np.maximum(0, rng.standard_normal((2, 3, 4, 4)))
    params = _params(rng, 3)
    params["W2"][:] = 0
    params["b2"][:] = 0
    out, _ = residual_block_forward(x, params, {"stride": 1, "pad": 1})
    np.testing.assert_array_equal(out, x)


def test_residual_block_needs_a_shape_preserving_conv(rng):
    x = rng.standard_normal((1, 2, 6, 6))
    with pytest.raises(ValueError, match="shortcut"):
        residual_block_forward(x, _params(rng, 2), {"stride": 1, "pad": 0})
