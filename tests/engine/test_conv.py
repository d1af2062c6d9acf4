"""Convolution, transposed convolution and nearest upsampling vs PyTorch autograd (float64)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.layers.conv import (
    conv_backward_fast,
    conv_backward_naive,
    conv_forward_fast,
    conv_forward_naive,
    conv_output_size,
    conv_transpose_backward,
    conv_transpose_forward,
    upsample_nearest_backward,
    upsample_nearest_forward,
)
from tests.engine.conftest import assert_close, to_numpy

# (x shape, w shape, stride, pad); naive loops run on these too, so they stay tiny
CONV_CASES = [
    ((2, 3, 7, 7), (4, 3, 3, 3), 1, 1),  # 3x3 "same" conv
    ((2, 3, 7, 9), (3, 3, 3, 5), 2, 1),  # stride 2, padding, non-square input and kernel
    ((1, 2, 6, 5), (3, 2, 2, 3), 2, 0),  # batch of 1, no padding
    ((3, 1, 5, 5), (2, 1, 5, 5), 1, 2),  # kernel as large as the input
    ((2, 2, 8, 8), (2, 2, 4, 4), 4, 0),  # stride == kernel: non-overlapping patches
    ((1, 2, 4, 6), (1, 2, 1, 1), 1, 0),  # 1x1 conv, one filter
]
IMPLS = {
    "naive": (conv_forward_naive, conv_backward_naive),
    "fast": (conv_forward_fast, conv_backward_fast),
}


def _torch_grads(torch, fn, arrays, dout, **kwargs):
    """Forward `fn` on leaf tensors made from `arrays`, backprop `dout`; numpy out and grads."""
    leaves = [torch.tensor(a, requires_grad=True) for a in arrays]
    out = fn(*leaves, **kwargs)
    out.backward(torch.from_numpy(dout))
    return to_numpy(out), [to_numpy(t.grad) for t in leaves]


@pytest.mark.parametrize("impl", IMPLS)
@pytest.mark.parametrize(("x_shape", "w_shape", "stride", "pad"), CONV_CASES)
def test_conv_matches_torch(torch, rng, impl, x_shape, w_shape, stride, pad):
    forward, backward = IMPLS[impl]
    x, w = rng.standard_normal(x_shape), rng.standard_normal(w_shape)
    b = rng.standard_normal(w_shape[0])
    out, cache = forward(x, w, b, {"stride": stride, "pad": pad})
    dout = rng.standard_normal(out.shape)
    grads = backward(dout, cache)
    ref_out, ref_grads = _torch_grads(
        torch, torch.nn.functional.conv2d, (x, w, b), dout, stride=stride, padding=pad
    )
    assert_close(out, ref_out, what="out")
    for name, g, ref in zip(("dx", "dw", "db"), grads, ref_grads, strict=True):
        assert_close(g, ref, what=name)


def test_conv_naive_equals_fast(rng):
    x, w, b = rng.standard_normal((2, 3, 9, 8)), rng.standard_normal((4, 3, 3, 2)), rng.random(4)
    conv_param = {"stride": 2, "pad": 1}
    out_n, cache_n = conv_forward_naive(x, w, b, conv_param)
    out_f, cache_f = conv_forward_fast(x, w, b, conv_param)
    assert_close(out_f, out_n, tol=1e-12, what="out")
    dout = rng.standard_normal(out_n.shape)
    grads_f, grads_n = conv_backward_fast(dout, cache_f), conv_backward_naive(dout, cache_n)
    for name, g_f, g_n in zip(("dx", "dw", "db"), grads_f, grads_n, strict=True):
        assert_close(g_f, g_n, tol=1e-12, what=name)


def test_conv_output_size_matches_the_notes_rule():
    # lecture 5: (W - K + 2P) / S + 1
    assert conv_output_size(32, 3, 1, 1) == 32  # VGG's 3x3 stride 1 pad 1 keeps the size
    assert conv_output_size(7, 3, 0, 1) == 5
    assert conv_output_size(7, 3, 0, 2) == 3
    assert conv_output_size(32, 5, 2, 1) == 32
    assert conv_output_size(227, 11, 0, 4) == 55  # AlexNet conv1


def test_conv_output_size_error_says_what_fits():
    # (7 - 3 + 0) = 4 is not a multiple of 3; inputs 6 and 9 would be, and so would pad 1 (6)
    with pytest.raises(ValueError, match=r"height.*\(7 - 3 \+ 2\*0\)/3.*height 6 or 9.*or pad 1"):
        conv_output_size(7, 3, 0, 3, name="height")
    # (6 - 3 + 2P) is odd for every pad, so no pad is offered for stride 2
    with pytest.raises(ValueError, match=r"width 5 or 7 would fit$"):
        conv_output_size(6, 3, 0, 2)
    with pytest.raises(ValueError, match="larger than the padded input"):
        conv_output_size(3, 5, 0, 1)


@pytest.mark.parametrize("forward", [conv_forward_naive, conv_forward_fast])
def test_conv_rejects_shapes_that_do_not_divide(rng, forward):
    x, w, b = rng.standard_normal((1, 1, 5, 6)), rng.standard_normal((1, 1, 2, 2)), np.zeros(1)
    # height (5 - 2)/2 + 1 is not an integer
    with pytest.raises(ValueError, match="height"):
        forward(x, w, b, {"stride": 2, "pad": 0})
    with pytest.raises(ValueError, match="channels"):
        forward(x, rng.standard_normal((1, 2, 2, 2)), b, {"stride": 1, "pad": 0})


# (x shape, w shape (C_in, F, HH, WW), stride, pad)
TRANSPOSE_CASES = [
    ((2, 3, 4, 4), (3, 2, 3, 3), 1, 0),
    ((2, 3, 4, 5), (3, 4, 4, 4), 2, 1),  # the usual 2x learnable upsampling
    ((1, 2, 3, 2), (2, 3, 2, 3), 3, 0),  # batch of 1, stride > kernel height: gaps
    ((2, 1, 3, 3), (1, 2, 3, 2), 2, 1),  # non-square kernel with padding
]


@pytest.mark.parametrize(("x_shape", "w_shape", "stride", "pad"), TRANSPOSE_CASES)
def test_conv_transpose_matches_torch(torch, rng, x_shape, w_shape, stride, pad):
    x, w = rng.standard_normal(x_shape), rng.standard_normal(w_shape)
    b = rng.standard_normal(w_shape[1])
    out, cache = conv_transpose_forward(x, w, b, {"stride": stride, "pad": pad})
    H, W = x_shape[2:]
    expected_hw = ((H - 1) * stride - 2 * pad + w_shape[2], (W - 1) * stride - 2 * pad + w_shape[3])
    assert out.shape == (x_shape[0], w_shape[1], *expected_hw)
    dout = rng.standard_normal(out.shape)
    grads = conv_transpose_backward(dout, cache)
    ref_out, ref_grads = _torch_grads(
        torch, torch.nn.functional.conv_transpose2d, (x, w, b), dout, stride=stride, padding=pad
    )
    assert_close(out, ref_out, what="out")
    for name, g, ref in zip(("dx", "dw", "db"), grads, ref_grads, strict=True):
        assert_close(g, ref, what=name)


def test_conv_transpose_is_the_input_gradient_of_conv(rng):
    # lecture 9: upsampling with the transpose of the convolution matrix
    x, w = rng.standard_normal((2, 3, 7, 7)), rng.standard_normal((4, 3, 3, 3))
    conv_param = {"stride": 2, "pad": 1}
    out, cache = conv_forward_fast(x, w, np.zeros(4), conv_param)
    dout = rng.standard_normal(out.shape)
    dx, _, _ = conv_backward_fast(dout, cache)
    up, _ = conv_transpose_forward(dout, w, np.zeros(3), conv_param)
    assert_close(up, dx, tol=1e-12, what="transposed conv vs conv input gradient")


def test_conv_transpose_rejects_empty_output(rng):
    with pytest.raises(ValueError, match="no output"):
        conv_transpose_forward(
            np.ones((1, 1, 1, 1)), np.ones((1, 1, 2, 2)), np.zeros(1), {"stride": 1, "pad": 1}
        )


@pytest.mark.parametrize(("x_shape", "scale"), [((2, 3, 3, 4), 2), ((1, 2, 2, 3), (3, 2))])
def test_upsample_nearest_matches_torch(torch, rng, x_shape, scale):
    x = rng.standard_normal(x_shape)
    out, cache = upsample_nearest_forward(x, scale)
    dout = rng.standard_normal(out.shape)
    dx = upsample_nearest_backward(dout, cache)
    ref_out, (ref_dx,) = _torch_grads(
        torch,
        torch.nn.functional.interpolate,
        (x,),
        dout,
        scale_factor=scale if np.isscalar(scale) else tuple(float(s) for s in scale),
        mode="nearest",
    )
    assert_close(out, ref_out, what="out")
    assert_close(dx, ref_dx, what="dx")


def test_upsample_nearest_by_hand():
    x = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    out, cache = upsample_nearest_forward(x, 2)
    expected = np.array([[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]], dtype=float)
    np.testing.assert_array_equal(out[0, 0], expected)
    np.testing.assert_array_equal(upsample_nearest_backward(np.ones((1, 1, 4, 4)), cache), 4 * x**0)
    with pytest.raises(ValueError, match="positive integer"):
        upsample_nearest_forward(x, 1.5)
