"""RMSNorm, SwiGLU, ViT patch embedding and the MoE router vs PyTorch autograd in float64
(lectures 8 and 9)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.layers import (
    moe_backward,
    moe_forward,
    moe_router_backward,
    moe_router_forward,
    patch_embed_backward,
    patch_embed_forward,
    rmsnorm_backward,
    rmsnorm_forward,
    swiglu_backward,
    swiglu_forward,
)
from tests.engine.conftest import assert_close, leaves, to_numpy


def _check(grads, tensors, names):
    for g, t, name in zip(grads, tensors, names, strict=True):
        assert_close(g, to_numpy(t.grad), what=f"d{name}")


# ---------------------------------------------------------------------------- RMSNorm


@pytest.mark.parametrize(
    ("shape", "offset", "eps"),
    [((4, 6), 0.0, 1e-6), ((2, 3, 5), 0.0, 1e-6), ((1, 1, 4), 0.0, 1e-5), ((3, 4), 1e3, 1e-6)],
)
def test_rmsnorm_vs_torch(torch, rng, shape, offset, eps):
    D = shape[-1]
    x, gamma = rng.normal(size=shape) + offset, rng.normal(size=D)
    out, cache = rmsnorm_forward(x, gamma, eps=eps)
    tensors = leaves(torch, x, gamma)
    ref = torch.nn.functional.rms_norm(tensors[0], (D,), weight=tensors[1], eps=eps)
    xt, gt = tensors
    formula = xt / torch.sqrt((xt**2).mean(-1, keepdim=True) + eps) * gt
    dout = rng.normal(size=out.shape)
    ref.backward(torch.from_numpy(dout))
    assert_close(out, to_numpy(ref), what="out")
    assert_close(out, to_numpy(formula), what="out vs formula")
    _check(rmsnorm_backward(dout, cache), tensors, ["x", "gamma"])


def test_rmsnorm_by_hand():
    """x = (3, 4): mean square 12.5; no mean is subtracted (unlike LayerNorm)."""
    out, _ = rmsnorm_forward(np.array([[3.0, 4.0]]), np.ones(2), eps=0.0)
    np.testing.assert_allclose(out, [[3 / math.sqrt(12.5), 4 / math.sqrt(12.5)]], rtol=1e-15)
    out, _ = rmsnorm_forward(np.full((1, 3), 7.0), np.ones(3), eps=0.0)
    np.testing.assert_allclose(out, 1.0, rtol=1e-15)  # LayerNorm would give 0 here


# ---------------------------------------------------------------------------- SwiGLU


@pytest.mark.parametrize("gate", ["silu", "sigmoid"])
@pytest.mark.parametrize(("lead", "scale"), [((2, 3), 1.0), ((1,), 1.0), ((4,), 30.0)])
def test_swiglu_vs_torch(torch, rng, gate, lead, scale):
    D, F = 6, 16  # the notes' hidden width F = 8D/3
    x = rng.normal(size=(*lead, D)) * scale  # scale 30: pre-activations ~1e2, saturated gates
    W1, W2, W3 = (rng.normal(size=s) for s in [(D, F), (D, F), (F, D)])
    out, cache = swiglu_forward(x, W1, W2, W3, gate=gate)
    tensors = leaves(torch, x, W1, W2, W3)
    xt, W1t, W2t, W3t = tensors
    act = torch.nn.functional.silu if gate == "silu" else torch.sigmoid
    ref = (act(xt @ W1t) * (xt @ W2t)) @ W3t  # the notes' form when gate="sigmoid"
    dout = rng.normal(size=out.shape)
    ref.backward(torch.from_numpy(dout))
    assert np.all(np.isfinite(out))
    assert_close(out, to_numpy(ref), what="out")
    _check(swiglu_backward(dout, cache), tensors, ["x", "W1", "W2", "W3"])


def test_swiglu_rejects_unknown_gate(rng):
    W = rng.normal(size=(2, 2))
    with pytest.raises(ValueError, match="gate"):
        swiglu_forward(rng.normal(size=(1, 2)), W, W, W, gate="relu")


# ---------------------------------------------------------------------------- patch embedding


@pytest.mark.parametrize(
    ("N", "C", "H", "W", "P", "D"),
    [(2, 3, 4, 6, 2, 5), (1, 2, 6, 6, 3, 4), (2, 1, 3, 3, 1, 2), (1, 3, 4, 4, 4, 7)],
)
def test_patch_embed_vs_conv2d(torch, rng, N, C, H, W, P, D):
    x, w, b = rng.normal(size=(N, C, H, W)), rng.normal(size=(D, C, P, P)), rng.normal(size=D)
    out, cache = patch_embed_forward(x, w, b, P)
    assert out.shape == (N, (H // P) * (W // P), D)
    tensors = leaves(torch, x, w, b)
    conv = torch.nn.functional.conv2d(*tensors, stride=P)  # (N, D, H/P, W/P)
    ref = conv.flatten(2).transpose(1, 2)  # (N, num_patches, D), row-major patches
    dout = rng.normal(size=out.shape)
    ref.backward(torch.from_numpy(dout))
    assert_close(out, to_numpy(ref), what="out")
    _check(patch_embed_backward(dout, cache), tensors, ["x", "w", "b"])


def test_patch_embed_patch_order_by_hand():
    """Patch 1 (second in row-major order) of a 2x4 image with P = 2 is columns 2..3."""
    x = np.arange(8.0).reshape(1, 1, 2, 4)
    out, _ = patch_embed_forward(x, np.ones((1, 1, 2, 2)), np.zeros(1), 2)  # w sums each patch
    np.testing.assert_array_equal(out[0, :, 0], [0 + 1 + 4 + 5, 2 + 3 + 6 + 7])


def test_patch_embed_rejects_bad_shapes(rng):
    with pytest.raises(ValueError, match="not divisible"):
        patch_embed_forward(
            rng.normal(size=(1, 1, 5, 4)), rng.normal(size=(3, 1, 2, 2)), np.zeros(3), 2
        )
    with pytest.raises(ValueError, match="not divisible"):
        patch_embed_forward(
            rng.normal(size=(1, 1, 4, 6)), rng.normal(size=(3, 1, 4, 4)), np.zeros(3), 4
        )
    with pytest.raises(ValueError, match="w must have shape"):
        patch_embed_forward(
            rng.normal(size=(1, 2, 4, 4)), rng.normal(size=(3, 1, 2, 2)), np.zeros(3), 2
        )


# ---------------------------------------------------------------------------- MoE router


def _torch_router(torch, xt, wt, k):
    vals, idx = torch.topk(xt @ wt, k, dim=1)  # sorted, largest first
    return idx, torch.softmax(vals, dim=1)  # top-k THEN softmax


@pytest.mark.parametrize(
    ("N", "E", "k", "scale"), [(6, 5, 2, 1.0), (1, 4, 1, 1.0), (4, 4, 4, 1.0), (5, 6, 3, 1e3)]
)
def test_moe_router_vs_torch_topk_softmax(torch, rng, N, E, k, scale):
    D = 3
    x, w_gate = rng.normal(size=(N, D)) * scale, rng.normal(size=(D, E))  # scale 1e3: logits ~1e3
    indices, weights, cache = moe_router_forward(x, w_gate, k)
    xt, wt = leaves(torch, x, w_gate)
    idx_ref, w_ref = _torch_router(torch, xt, wt, k)
    dweights = rng.normal(size=weights.shape)
    w_ref.backward(torch.from_numpy(dweights))
    np.testing.assert_array_equal(indices, to_numpy(idx_ref))
    assert np.all(np.isfinite(weights))
    assert_close(weights, to_numpy(w_ref), what="weights")
    np.testing.assert_allclose(weights.sum(axis=1), 1.0, rtol=1e-14)
    dx, dw_gate = moe_router_backward(dweights, cache)
    assert_close(dx, to_numpy(xt.grad), what="dx")
    assert_close(dw_gate, to_numpy(wt.grad), what="dw_gate")
    unused = np.setdiff1d(np.arange(E), indices)
    np.testing.assert_array_equal(dw_gate[:, unused], 0.0)  # gradient only via selected logits
    if k == 1:  # a single selected expert has weight exactly 1: no gradient at all
        np.testing.assert_array_equal(weights, 1.0)
        np.testing.assert_array_equal(dx, 0.0)


def test_moe_router_ties_go_to_lower_index():
    x = np.array([[1.0], [1.0]])
    w_gate = np.array([[1.0, 3.0, 3.0, 2.0, 3.0]])  # three experts tie at the top
    indices, weights, _ = moe_router_forward(x, w_gate, 2)
    np.testing.assert_array_equal(indices, [[1, 2], [1, 2]])
    np.testing.assert_allclose(weights, 0.5)
    indices, weights, _ = moe_router_forward(x, w_gate, 4)
    np.testing.assert_array_equal(indices[0], [1, 2, 4, 3])
    e = np.exp([0.0, 0.0, 0.0, -1.0])  # softmax over the kept logits 3, 3, 3, 2 only
    np.testing.assert_allclose(weights[0], e / e.sum(), rtol=1e-15)


def test_moe_router_rejects_bad_k(rng):
    for k in (0, 4):
        with pytest.raises(ValueError, match="k must be"):
            moe_router_forward(rng.normal(size=(2, 3)), rng.normal(size=(3, 3)), k)


@pytest.mark.parametrize(("N", "E", "k"), [(5, 4, 2), (1, 3, 1), (3, 3, 3)])
def test_moe_forward_vs_torch(torch, rng, N, E, k):
    """Notes' MoE MLP: expert weights W1 (E, D, 4D), W2 (E, 4D, D), k of E experts per token."""
    D = 3
    F = 4 * D
    x, w_gate = rng.normal(size=(N, D)), rng.normal(size=(D, E))
    experts = {
        "W1": rng.normal(size=(E, D, F)),
        "b1": rng.normal(size=(E, F)),
        "W2": rng.normal(size=(E, F, D)),
        "b2": rng.normal(size=(E, D)),
    }
    out, cache = moe_forward(x, w_gate, experts, k)
    xt, wt, *ets = leaves(torch, x, w_gate, *experts.values())
    Et = dict(zip(experts, ets, strict=True))
    idx, weights = _torch_router(torch, xt, wt, k)
    ref = torch.zeros(N, D)
    for j in range(k):  # token n goes through expert idx[n, j] with weight weights[n, j]
        e = idx[:, j]
        hidden = torch.relu(torch.einsum("nd,ndf->nf", xt, Et["W1"][e]) + Et["b1"][e])
        y = torch.einsum("nf,nfd->nd", hidden, Et["W2"][e]) + Et["b2"][e]
        ref = ref + weights[:, j : j + 1] * y
    dout = rng.normal(size=out.shape)
    ref.backward(torch.from_numpy(dout))
    assert_close(out, to_numpy(ref), what="out")
    dx, dw_gate, dexperts = moe_backward(dout, cache)
    assert_close(dx, to_numpy(xt.grad), what="dx")
    assert_close(dw_gate, to_numpy(wt.grad), what="dw_gate")
    assert list(dexperts) == list(experts)
    for key in experts:
        assert_close(dexperts[key], to_numpy(Et[key].grad), what=f"d{key}")
