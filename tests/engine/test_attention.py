"""Attention, multi-head self-attention, positional encoding and the transformer block vs PyTorch
autograd in float64 (lecture 8)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.layers import (
    multihead_self_attention_backward,
    multihead_self_attention_forward,
    scaled_dot_product_attention_backward,
    scaled_dot_product_attention_forward,
    sinusoidal_positional_encoding,
    transformer_block_backward,
    transformer_block_forward,
)
from tests.engine.conftest import assert_close, leaves, to_numpy

MHSA_KEYS = ("Wq", "bq", "Wk", "bk", "Wv", "bv", "Wo", "bo")


def _torch_attention(torch, q, k, v, allowed=None):
    """softmax(q k^T / sqrt(d)) v with torch ops; fully masked rows give 0 (our definition)."""
    scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    if allowed is None:
        return torch.softmax(scores, dim=-1) @ v
    allowed = torch.as_tensor(allowed).expand(scores.shape)
    has_key = allowed.any(dim=-1, keepdim=True)
    safe = allowed | ~has_key  # a fully masked row runs unmasked and is zeroed below
    weights = torch.softmax(scores.masked_fill(~safe, -math.inf), dim=-1) * has_key
    return weights @ v


def _check_param_grads(dp, expected, scale):
    """dbk is exactly 0 in exact arithmetic (a key bias shifts all of a query's scores equally,
    and softmax ignores shifts), so both sides are rounding noise: compare it to `scale`."""
    for key, e in expected.items():
        if key == "bk":
            assert np.max(np.abs(dp[key])) < 1e-12 * scale, "dbk should vanish"
            assert np.max(np.abs(e)) < 1e-12 * scale, "torch's dbk should vanish"
        else:
            assert_close(dp[key], e, what=f"d{key}")


def _causal(T, S):
    return np.tril(np.ones((T, S), dtype=bool))


# ---------------------------------------------------------------------------- scaled dot-product

SDPA_CASES = {
    "3d": ((3, 4, 5, 6), None, False),  # (N, T, S, d): q (N, T, d)
    "4d-heads": ((2, 3, 4, 4, 5), None, False),  # (N, H, T, S, d)
    "causal": ((2, 3, 5, 5, 4), None, True),
    "causal-T<S": ((2, 3, 5, 4), None, True),
    "padding": ((3, 2, 4, 4, 3), "pad", False),
    "padding+causal": ((3, 2, 4, 4, 3), "pad", True),
    "T=1": ((2, 1, 4, 3), None, False),
    "N=1,T=S=1": ((1, 1, 1, 1, 3), None, True),
}


@pytest.mark.parametrize("case", SDPA_CASES, ids=list(SDPA_CASES))
@pytest.mark.parametrize("scale", [1.0, 1e3])
def test_sdpa_vs_torch(torch, rng, case, scale):
    dims, mask_kind, causal = SDPA_CASES[case]
    *lead, T, S, d = dims
    q = rng.normal(size=(*lead, T, d)) * scale  # scale 1e3: logits ~1e3, near one-hot softmax
    k, v = rng.normal(size=(*lead, S, d)), rng.normal(size=(*lead, S, d))
    mask = None
    if mask_kind == "pad":  # key padding (N, 1, 1, S): the last keys of some sequences are pads
        keep = np.ones((lead[0], S), dtype=bool)
        keep[0, -2:] = keep[1, -1] = False
        mask = keep[:, None, None, :]
    out, cache = scaled_dot_product_attention_forward(q, k, v, mask=mask, causal=causal)
    allowed = mask if not causal else (_causal(T, S) if mask is None else mask & _causal(T, S))
    tensors = leaves(torch, q, k, v)
    ref = _torch_attention(torch, *tensors, allowed)
    dout = rng.normal(size=out.shape)
    ref.backward(torch.from_numpy(dout))
    assert np.all(np.isfinite(out))
    assert_close(out, to_numpy(ref), what="out")
    grads = scaled_dot_product_attention_backward(dout, cache)
    for g, t, name in zip(grads, tensors, "qkv", strict=True):
        assert_close(g, to_numpy(t.grad), what=f"d{name}")
    # torch's own kernel, with its boolean mask meaning True = take part, like ours
    F = torch.nn.functional
    Q, K, V = (torch.from_numpy(a) for a in (q, k, v))
    attn_mask = None if allowed is None else torch.from_numpy(np.asarray(allowed))
    assert_close(out, to_numpy(F.scaled_dot_product_attention(Q, K, V, attn_mask=attn_mask)))
    if mask is None:
        ref2 = F.scaled_dot_product_attention(Q, K, V, is_causal=causal)
        assert_close(out, to_numpy(ref2), what="out vs is_causal")


def test_sdpa_fully_masked_row_gives_zeros_not_nan(torch, rng):
    N, T, S, d = 2, 3, 4, 5
    q, k, v = rng.normal(size=(N, T, d)), rng.normal(size=(N, S, d)), rng.normal(size=(N, S, d))
    mask = np.ones((N, T, S), dtype=bool)
    mask[0, 1] = False  # query 1 of batch 0 may attend to nothing
    mask[1, :, 0] = False
    out, cache = scaled_dot_product_attention_forward(q, k, v, mask=mask)
    dout = rng.normal(size=out.shape)
    dq, dk, dv = scaled_dot_product_attention_backward(dout, cache)
    assert all(np.all(np.isfinite(a)) for a in (out, dq, dk, dv))
    np.testing.assert_array_equal(out[0, 1], 0.0)
    np.testing.assert_array_equal(dq[0, 1], 0.0)
    tensors = leaves(torch, q, k, v)
    ref = _torch_attention(torch, *tensors, mask)
    ref.backward(torch.from_numpy(dout))
    assert_close(out, to_numpy(ref), what="out")
    for g, t, name in zip((dq, dk, dv), tensors, "qkv", strict=True):
        assert_close(g, to_numpy(t.grad), what=f"d{name}")
    F = torch.nn.functional  # torch's kernel also returns 0 for a fully masked row
    ref_f = F.scaled_dot_product_attention(
        *(torch.from_numpy(a) for a in (q, k, v)), attn_mask=torch.from_numpy(mask)
    )
    assert_close(out, to_numpy(ref_f), what="out vs F.sdpa")


def test_sdpa_masked_keys_get_zero_weight(rng):
    """Notes: masked scores are set to -inf so softmax gives them weight 0: changing the value
    at a masked (future) position cannot change the output."""
    N, T, d = 2, 4, 3
    q, k, v = (rng.normal(size=(N, T, d)) for _ in range(3))
    out, _ = scaled_dot_product_attention_forward(q, k, v, causal=True)
    v2, k2 = v.copy(), k.copy()
    v2[:, -1] += 100.0  # only the last query may look at the last token
    k2[:, -1] -= 50.0
    out2, _ = scaled_dot_product_attention_forward(q, k2, v2, causal=True)
    np.testing.assert_array_equal(out[:, :-1], out2[:, :-1])
    # the first query sees only itself: its output is exactly its own value
    np.testing.assert_allclose(out[:, 0], v[:, 0], rtol=0, atol=1e-15)


def test_sdpa_by_hand():
    """d = 4, so scores are q.k / 2: here 0 and ln 3, giving weights 1/4 and 3/4."""
    q = np.array([[[1.0, 0.0, 0.0, 0.0]]])
    k = np.array([[[0.0, 0.0, 0.0, 0.0], [2 * math.log(3.0), 0.0, 0.0, 0.0]]])  # sqrt(4) = 2
    v = np.array([[[4.0, 0.0, 0.0, 0.0], [0.0, 8.0, 0.0, 0.0]]])
    out, _ = scaled_dot_product_attention_forward(q, k, v)
    np.testing.assert_allclose(out, [[[1.0, 6.0, 0.0, 0.0]]], rtol=1e-14)


# ---------------------------------------------------------------------------- multi-head


def _mhsa_params(rng, D):
    p = {}
    for c in "qkvo":
        p[f"W{c}"] = rng.normal(size=(D, D)) / math.sqrt(D)
        p[f"b{c}"] = rng.normal(size=D)
    return p


def _torch_mha_module(torch, p, D, h):
    """nn.MultiheadAttention with our weights: in_proj_weight is [Wq; Wk; Wv] transposed (3D, D)."""
    mha = torch.nn.MultiheadAttention(D, h, batch_first=True, dropout=0.0)
    with torch.no_grad():
        mha.in_proj_weight.copy_(
            torch.from_numpy(np.concatenate([p["Wq"].T, p["Wk"].T, p["Wv"].T]))
        )
        mha.in_proj_bias.copy_(torch.from_numpy(np.concatenate([p["bq"], p["bk"], p["bv"]])))
        mha.out_proj.weight.copy_(torch.from_numpy(p["Wo"].T))
        mha.out_proj.bias.copy_(torch.from_numpy(p["bo"]))
    return mha


MHSA_CASES = {
    "plain": (3, 5, 8, 2, None),  # (N, T, D, heads, mask kind)
    "causal": (2, 4, 6, 3, "causal"),
    "padding": (3, 5, 8, 4, "pad"),
    "one-head": (2, 3, 4, 1, None),
    "N=1": (1, 4, 6, 2, "causal"),
    "T=1": (2, 1, 4, 2, None),
}


@pytest.mark.parametrize("case", MHSA_CASES, ids=list(MHSA_CASES))
def test_mhsa_vs_torch_multihead_attention(torch, rng, case):
    N, T, D, h, kind = MHSA_CASES[case]
    x, p = rng.normal(size=(N, T, D)), _mhsa_params(rng, D)
    keep = np.ones((N, T), dtype=bool)
    if kind == "pad":
        keep[0, -2:] = keep[2, -1] = False
    mask = keep[:, None, None, :] if kind == "pad" else None
    out, cache = multihead_self_attention_forward(x, p, h, mask=mask, causal=kind == "causal")
    mha = _torch_mha_module(torch, p, D, h)
    xt = torch.tensor(x, requires_grad=True)
    # torch's attn_mask / key_padding_mask use True = NOT allowed: the opposite of ours
    attn_mask = torch.from_numpy(~_causal(T, T)) if kind == "causal" else None
    pad = torch.from_numpy(~keep) if kind == "pad" else None
    ref, _ = mha(xt, xt, xt, attn_mask=attn_mask, key_padding_mask=pad, need_weights=False)
    dout = rng.normal(size=out.shape)
    ref.backward(torch.from_numpy(dout))
    assert_close(out, to_numpy(ref), what="out")
    dx, dp = multihead_self_attention_backward(dout, cache)
    assert list(dp) == list(MHSA_KEYS)
    assert_close(dx, to_numpy(xt.grad), what="dx")
    dWq, dWk, dWv = np.split(to_numpy(mha.in_proj_weight.grad), 3)
    dbq, dbk, dbv = np.split(to_numpy(mha.in_proj_bias.grad), 3)
    expected = {"Wq": dWq.T, "Wk": dWk.T, "Wv": dWv.T, "bq": dbq, "bk": dbk, "bv": dbv}
    expected |= {"Wo": to_numpy(mha.out_proj.weight.grad).T, "bo": to_numpy(mha.out_proj.bias.grad)}
    _check_param_grads(dp, expected, np.max(np.abs(dp["Wv"])))


def test_mhsa_permutation_equivariant(rng):
    """Notes: self-attention without positions is permutation equivariant: permuting the tokens
    permutes the outputs the same way and changes nothing else."""
    N, T, D = 2, 5, 6
    x, p = rng.normal(size=(N, T, D)), _mhsa_params(rng, D)
    perm = rng.permutation(T)
    out, _ = multihead_self_attention_forward(x, p, 3)
    out_perm, _ = multihead_self_attention_forward(x[:, perm], p, 3)
    assert_close(out_perm, out[:, perm], tol=1e-13)


def test_mhsa_fully_padded_sequence_gives_output_bias(rng):
    N, T, D = 2, 3, 4
    x, p = rng.normal(size=(N, T, D)), _mhsa_params(rng, D)
    keep = np.ones((N, T), dtype=bool)
    keep[1] = False  # batch element 1 is all padding
    out, cache = multihead_self_attention_forward(x, p, 2, mask=keep[:, None, None, :])
    dx, _ = multihead_self_attention_backward(np.ones_like(out), cache)
    np.testing.assert_allclose(out[1], np.broadcast_to(p["bo"], (T, D)), rtol=0, atol=1e-15)
    assert np.all(np.isfinite(dx)) and np.all(dx[1] == 0.0)


def test_mhsa_rejects_heads_not_dividing_width(rng):
    with pytest.raises(ValueError, match="does not divide"):
        multihead_self_attention_forward(rng.normal(size=(1, 2, 6)), _mhsa_params(rng, 6), 4)


# ---------------------------------------------------------------------------- positional encoding


def test_positional_encoding_hand_values():
    pe = sinusoidal_positional_encoding(3, 4)  # frequencies 1 and 1 / 10000^(2/4) = 1/100
    expected = [
        [0.0, 1.0, 0.0, 1.0],
        [math.sin(1), math.cos(1), math.sin(0.01), math.cos(0.01)],
        [math.sin(2), math.cos(2), math.sin(0.02), math.cos(0.02)],
    ]
    np.testing.assert_allclose(pe, expected, rtol=0, atol=1e-15)
    odd = sinusoidal_positional_encoding(2, 5)  # the last column is sin with exponent 4/5
    assert odd.shape == (2, 5)
    np.testing.assert_allclose(odd[1, 4], math.sin(1 / 10000 ** (4 / 5)), rtol=1e-15)
    w1 = 1 / 10000 ** (2 / 5)
    np.testing.assert_allclose(odd[1, :4], [math.sin(1), math.cos(1), math.sin(w1), math.cos(w1)])


def test_positional_encoding_properties():
    T, D = 50, 16
    pe = sinusoidal_positional_encoding(T, D)
    assert pe.shape == (T, D) and np.all(np.abs(pe) <= 1.0)
    np.testing.assert_allclose(pe[:, 0::2] ** 2 + pe[:, 1::2] ** 2, 1.0, rtol=1e-14)
    np.testing.assert_array_equal(pe[0], np.tile([0.0, 1.0], D // 2))
    # relative positions: PE[pos + k] is PE[pos] rotated pairwise by angle k * w_i
    k, w = 7, 1.0 / 10000 ** (np.arange(0, D, 2) / D)
    c, s = np.cos(k * w), np.sin(k * w)
    sin_p, cos_p = pe[:-k, 0::2], pe[:-k, 1::2]
    np.testing.assert_allclose(pe[k:, 0::2], sin_p * c + cos_p * s, atol=1e-12)
    np.testing.assert_allclose(pe[k:, 1::2], cos_p * c - sin_p * s, atol=1e-12)
    assert len({tuple(row) for row in np.round(pe, 12)}) == T  # every position is distinct


# ---------------------------------------------------------------------------- transformer block


def _block_params(rng, D, F):
    p = _mhsa_params(rng, D)
    for i in (1, 2):
        p[f"ln{i}_gamma"] = 1.0 + 0.1 * rng.normal(size=D)
        p[f"ln{i}_beta"] = 0.1 * rng.normal(size=D)
    p["W1"], p["b1"] = rng.normal(size=(D, F)) / math.sqrt(D), rng.normal(size=F)
    p["W2"], p["b2"] = rng.normal(size=(F, D)) / math.sqrt(F), rng.normal(size=D)
    return p


def _torch_block(torch, x, P, h, allowed):
    """Pre-norm block written with torch ops: x + MHSA(LN(x)), then + MLP(LN(.)), exact GELU."""
    F = torch.nn.functional
    N, T, D = x.shape

    def heads(a):
        return a.reshape(N, T, h, D // h).transpose(1, 2)

    a = F.layer_norm(x, (D,), P["ln1_gamma"], P["ln1_beta"], eps=1e-5)
    q, k, v = (heads(a @ P[f"W{c}"] + P[f"b{c}"]) for c in "qkv")
    att = _torch_attention(torch, q, k, v, allowed).transpose(1, 2).reshape(N, T, D)
    x = x + att @ P["Wo"] + P["bo"]
    z = F.layer_norm(x, (D,), P["ln2_gamma"], P["ln2_beta"], eps=1e-5)
    return x + F.gelu(z @ P["W1"] + P["b1"]) @ P["W2"] + P["b2"]


BLOCK_CASES = {
    "plain": (2, 4, 8, 2, False, False),  # (N, T, D, heads, causal, padding)
    "causal": (2, 5, 6, 3, True, False),
    "padding": (3, 4, 8, 2, False, True),
    "N=1,T=1": (1, 1, 4, 2, True, False),
}


@pytest.mark.parametrize("case", BLOCK_CASES, ids=list(BLOCK_CASES))
def test_transformer_block_vs_torch(torch, rng, case):
    N, T, D, h, causal, padding = BLOCK_CASES[case]
    x, p = rng.normal(size=(N, T, D)), _block_params(rng, D, 4 * D)
    mask = None
    if padding:
        keep = np.ones((N, T), dtype=bool)
        keep[0, -1] = keep[2, -2:] = False
        mask = keep[:, None, None, :]
    out, cache = transformer_block_forward(x, p, h, causal=causal, mask=mask)
    allowed = _causal(T, T) if causal else mask
    xt, *pts = leaves(torch, x, *p.values())
    P = dict(zip(p, pts, strict=True))
    ref = _torch_block(torch, xt, P, h, allowed)
    dout = rng.normal(size=out.shape)
    ref.backward(torch.from_numpy(dout))
    assert_close(out, to_numpy(ref), what="out")
    dx, dp = transformer_block_backward(dout, cache)
    assert_close(dx, to_numpy(xt.grad), what="dx")
    assert set(dp) == set(p)
    expected = {key: to_numpy(P[key].grad) for key in p}
    _check_param_grads(dp, expected, np.max(np.abs(dp["Wv"])))


def test_transformer_block_prenorm_passes_identity(rng):
    """Notes: in a pre-norm block LayerNorm sits off the residual path, so when both branches
    output zero the block is exactly the identity (and so is its gradient)."""
    N, T, D = 2, 3, 4
    x, p = rng.normal(size=(N, T, D)) * 5.0, _block_params(rng, D, 8)
    for key in ("Wo", "bo", "W2", "b2"):
        p[key] = np.zeros_like(p[key])
    out, cache = transformer_block_forward(x, p, 2, causal=True)
    np.testing.assert_array_equal(out, x)
    dout = rng.normal(size=out.shape)
    np.testing.assert_array_equal(transformer_block_backward(dout, cache)[0], dout)
