"""Max and average pooling vs PyTorch autograd (float64), naive == fast, and the tie rule."""

from __future__ import annotations

import numpy as np
import pytest

from engine.layers.pool import (
    avg_pool_backward,
    avg_pool_forward,
    max_pool_backward_fast,
    max_pool_backward_naive,
    max_pool_forward_fast,
    max_pool_forward_naive,
)
from tests.engine.conftest import assert_close, to_numpy

# (x shape, pool_height, pool_width, stride)
POOL_CASES = [
    ((2, 3, 8, 8), 2, 2, 2),  # VGG/ResNet 2x2 stride 2: the reshape (tiles) path
    ((2, 2, 5, 7), 2, 2, 2),  # tiles path with a leftover row and column (floor rule)
    ((2, 2, 7, 9), 3, 3, 2),  # overlapping windows (AlexNet-style 3x3 stride 2)
    ((1, 2, 6, 5), 2, 3, 1),  # batch of 1, non-square pool, stride 1: heavy overlap
    ((2, 1, 8, 7), 2, 2, 3),  # stride > pool: gaps between windows
    ((1, 1, 6, 6), 3, 3, 3),  # 3x3 tiles
]
MAX_IMPLS = {
    "naive": (max_pool_forward_naive, max_pool_backward_naive),
    "fast": (max_pool_forward_fast, max_pool_backward_fast),
}


def _torch_pool(torch, fn, x, dout, ph, pw, stride):
    xt = torch.tensor(x, requires_grad=True)
    out = fn(xt, kernel_size=(ph, pw), stride=stride)
    out.backward(torch.from_numpy(dout))
    return to_numpy(out), to_numpy(xt.grad)


def _params(ph, pw, stride):
    return {"pool_height": ph, "pool_width": pw, "stride": stride}


@pytest.mark.parametrize("impl", MAX_IMPLS)
@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize(("x_shape", "ph", "pw", "stride"), POOL_CASES)
def test_max_pool_matches_torch(torch, rng, impl, ties, x_shape, ph, pw, stride):
    forward, backward = MAX_IMPLS[impl]
    # small integers make many windows tie; torch's CPU kernel also picks the first max
    x = rng.integers(0, 3, x_shape).astype(float) if ties else rng.standard_normal(x_shape)
    out, cache = forward(x, _params(ph, pw, stride))
    dout = rng.standard_normal(out.shape)
    dx = backward(dout, cache)
    ref_out, ref_dx = _torch_pool(torch, torch.nn.functional.max_pool2d, x, dout, ph, pw, stride)
    assert_close(out, ref_out, what="out")
    assert_close(dx, ref_dx, what="dx")


@pytest.mark.parametrize(("x_shape", "ph", "pw", "stride"), POOL_CASES)
def test_max_pool_naive_equals_fast_with_ties(rng, x_shape, ph, pw, stride):
    x = rng.integers(-1, 2, x_shape).astype(float)
    out_n, cache_n = max_pool_forward_naive(x, _params(ph, pw, stride))
    out_f, cache_f = max_pool_forward_fast(x, _params(ph, pw, stride))
    np.testing.assert_array_equal(out_f, out_n)
    dout = rng.standard_normal(out_n.shape)
    np.testing.assert_array_equal(
        max_pool_backward_fast(dout, cache_f), max_pool_backward_naive(dout, cache_n)
    )


def test_max_pool_fast_handles_non_contiguous_input(rng):
    # a transposed view: the tiles path reshapes views of x and of dx
    x = rng.integers(0, 3, (2, 3, 9, 8)).astype(float).transpose(0, 1, 3, 2)
    out_n, cache_n = max_pool_forward_naive(x, _params(2, 2, 2))
    out_f, cache_f = max_pool_forward_fast(x, _params(2, 2, 2))
    np.testing.assert_array_equal(out_f, out_n)
    dout = rng.standard_normal(out_n.shape)
    np.testing.assert_array_equal(
        max_pool_backward_fast(dout, cache_f), max_pool_backward_naive(dout, cache_n)
    )


@pytest.mark.parametrize("impl", MAX_IMPLS)
def test_max_pool_tie_rule_by_hand(impl):
    forward, backward = MAX_IMPLS[impl]
    # 2x2 stride 2 windows: [[1,3],[3,2]] ties at (0,1),(1,0) -> (0,1);
    # [[3,0],[1,1]] single max at (0,0); [[5,5],[5,5]] all tie -> (0,0); [[0,1],[2,2]] -> (1,0)
    x = np.array([[1, 3, 3, 0], [3, 2, 1, 1], [5, 5, 0, 1], [5, 5, 2, 2]], dtype=float)
    out, cache = forward(x[None, None], _params(2, 2, 2))
    np.testing.assert_array_equal(out[0, 0], [[3, 3], [5, 2]])
    dx = backward(np.array([[[[10.0, 20.0], [30.0, 40.0]]]]), cache)
    expected = np.array([[0, 10, 20, 0], [0, 0, 0, 0], [30, 0, 0, 0], [0, 0, 40, 0]], dtype=float)
    np.testing.assert_array_equal(dx[0, 0], expected)


@pytest.mark.parametrize("impl", MAX_IMPLS)
def test_max_pool_tie_rule_overlapping_windows_by_hand(impl):
    forward, backward = MAX_IMPLS[impl]
    # constant input, 2x2 stride 1: every window ties everywhere, so each window's gradient
    # goes to its own top-left entry
    out, cache = forward(np.ones((1, 1, 3, 3)), _params(2, 2, 1))
    np.testing.assert_array_equal(out, np.ones((1, 1, 2, 2)))
    dx = backward(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), cache)
    np.testing.assert_array_equal(dx[0, 0], [[1, 2, 0], [3, 4, 0], [0, 0, 0]])
    # a single max shared by all four windows collects all their gradients
    x = np.zeros((1, 1, 3, 3))
    x[0, 0, 1, 1] = 1.0
    out, cache = forward(x, _params(2, 2, 1))
    dx = backward(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), cache)
    np.testing.assert_array_equal(dx[0, 0], [[0, 0, 0], [0, 10, 0], [0, 0, 0]])


@pytest.mark.parametrize(("x_shape", "ph", "pw", "stride"), POOL_CASES)
def test_avg_pool_matches_torch(torch, rng, x_shape, ph, pw, stride):
    x = rng.standard_normal(x_shape)
    out, cache = avg_pool_forward(x, _params(ph, pw, stride))
    dout = rng.standard_normal(out.shape)
    dx = avg_pool_backward(dout, cache)
    ref_out, ref_dx = _torch_pool(torch, torch.nn.functional.avg_pool2d, x, dout, ph, pw, stride)
    assert_close(out, ref_out, what="out")
    assert_close(dx, ref_dx, what="dx")


@pytest.mark.parametrize(
    "forward", [max_pool_forward_naive, max_pool_forward_fast, avg_pool_forward]
)
def test_pool_rejects_window_larger_than_input(forward):
    with pytest.raises(ValueError, match="does not fit"):
        forward(np.zeros((1, 1, 2, 5)), _params(3, 3, 1))
