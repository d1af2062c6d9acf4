"""Attention and transformer layers (lecture 8).

Scaled dot-product attention, multi-head self-attention, sinusoidal positional encoding and a
pre-norm transformer block. RMSNorm, SwiGLU, ViT patch embedding and the MoE router live in
`engine.layers.transformer_parts` and are re-exported here.
Shapes: N batch, T queries (tokens), S keys, d per-head width, D model width.
Masks are boolean with True = may attend (the convention of F.scaled_dot_product_attention).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.layers.linear import affine_backward, affine_forward, gelu_backward, gelu_forward
from engine.layers.norm import layernorm_backward, layernorm_forward
from engine.layers.transformer_parts import (
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

__all__ = [
    "moe_backward",
    "moe_forward",
    "moe_router_backward",
    "moe_router_forward",
    "multihead_self_attention_backward",
    "multihead_self_attention_forward",
    "patch_embed_backward",
    "patch_embed_forward",
    "rmsnorm_backward",
    "rmsnorm_forward",
    "scaled_dot_product_attention_backward",
    "scaled_dot_product_attention_forward",
    "sinusoidal_positional_encoding",
    "swiglu_backward",
    "swiglu_forward",
    "transformer_block_backward",
    "transformer_block_forward",
]

Cache = Any
MHSA_KEYS = ("Wq", "bq", "Wk", "bk", "Wv", "bv", "Wo", "bo")
BLOCK_KEYS = ("ln1_gamma", "ln1_beta", *MHSA_KEYS, "ln2_gamma", "ln2_beta", "W1", "b1", "W2", "b2")
LN_EPS = 1e-5  # torch.nn.LayerNorm's default


def _masked_softmax(scores: np.ndarray, allowed: np.ndarray | None) -> np.ndarray:
    """Softmax over the last axis where only `allowed` entries take part; a row with no allowed
    entry gives all zeros (not NaN), so its attention output is zero."""
    if allowed is not None:
        scores = np.where(allowed, scores, -np.inf)  # exp(-inf) = 0: masked keys get no weight
    row_max = np.max(scores, axis=-1, keepdims=True)
    row_max = np.where(np.isfinite(row_max), row_max, 0.0)  # fully masked row: max is -inf
    e = np.exp(scores - row_max)  # <= 1, never overflows even for logits of 1e3
    denom = np.sum(e, axis=-1, keepdims=True)
    weights: np.ndarray = np.zeros_like(e)
    np.divide(e, denom, out=weights, where=denom > 0)
    return weights


def scaled_dot_product_attention_forward(
    q: np.ndarray,
    k: np.ndarray,
    v: np.ndarray,
    mask: np.ndarray | None = None,
    causal: bool = False,
) -> tuple[np.ndarray, Cache]:
    """out = softmax(q k^T / sqrt(d)) v, softmax over the keys.

    Any number of leading batch axes, the same for q, k and v: (N, T, d) or (N, H, T, d) both work.
    q: (..., T, d) queries; k: (..., S, d) keys; v: (..., S, d_v) values;
    mask: bool, broadcastable to (..., T, S), True = query may attend to key (e.g. a key-padding
    mask (N, 1, 1, S) with heads); causal: query t attends only keys s <= t (top-left aligned,
    like torch's is_causal); combined with mask by AND.
    A query whose keys are all masked gets weights 0 and output 0 (not NaN), and no gradient.
    Returns out: (..., T, d_v) and a cache for scaled_dot_product_attention_backward.
    """
    T, S, d = q.shape[-2], k.shape[-2], q.shape[-1]
    allowed = None if mask is None else np.asarray(mask, dtype=bool)
    if causal:
        tri = np.tril(np.ones((T, S), dtype=bool))  # (T, S): key s <= query t
        allowed = tri if allowed is None else allowed & tri
    scale = 1.0 / np.sqrt(d)  # keeps the dot products' variance ~1 so softmax does not saturate
    weights = _masked_softmax(q @ np.swapaxes(k, -1, -2) * scale, allowed)  # (..., T, S)
    return weights @ v, (q, k, v, weights, scale)


def scaled_dot_product_attention_backward(
    dout: np.ndarray, cache: Cache
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward of scaled_dot_product_attention_forward. dout: (..., T, d_v).

    Returns (dq (..., T, d), dk (..., S, d), dv (..., S, d_v)).
    """
    q, k, v, weights, scale = cache
    dv = np.swapaxes(weights, -1, -2) @ dout
    dweights = dout @ np.swapaxes(v, -1, -2)  # (..., T, S)
    # softmax Jacobian; masked entries have weight 0, so they get no gradient either
    dscores = weights * (dweights - np.sum(weights * dweights, axis=-1, keepdims=True))
    dq = dscores @ k * scale
    dk = np.swapaxes(dscores, -1, -2) @ q * scale
    return dq, dk, dv


def _rows(a: np.ndarray) -> np.ndarray:
    return a.reshape(-1, a.shape[-1])  # (N, T, D) -> (N*T, D)


def _split_heads(a: np.ndarray, num_heads: int) -> np.ndarray:
    N, T, D = a.shape
    return a.reshape(N, T, num_heads, D // num_heads).transpose(0, 2, 1, 3)  # (N, h, T, D/h)


def _merge_heads(a: np.ndarray) -> np.ndarray:
    N, h, T, d = a.shape
    return a.transpose(0, 2, 1, 3).reshape(N, T, h * d)  # (N, h, T, d) -> (N, T, h*d)


def multihead_self_attention_forward(
    x: np.ndarray,
    params: dict[str, np.ndarray],
    num_heads: int,
    mask: np.ndarray | None = None,
    causal: bool = False,
) -> tuple[np.ndarray, Cache]:
    """Multi-head self-attention: Q, K, V all come from x; each of the h heads attends in its own
    D/h-wide slice; the heads are concatenated and mixed by Wo.

    x: (N, T, D) tokens; params: "Wq", "Wk", "Wv", "Wo" (D, D) in x @ W layout and biases
    "bq", "bk", "bv", "bo" (D,); num_heads: h, must divide D;
    mask: bool broadcastable to (N, h, T, T), True = may attend (key padding: (N, 1, 1, T));
    causal: token t attends only tokens <= t.
    Returns out: (N, T, D) and a cache for multihead_self_attention_backward.
    """
    D = x.shape[-1]
    if D % num_heads:
        raise ValueError(f"num_heads {num_heads} does not divide the model width {D}")
    p = params
    q, k, v = (_split_heads(x @ p[f"W{c}"] + p[f"b{c}"], num_heads) for c in "qkv")
    heads, attn_cache = scaled_dot_product_attention_forward(q, k, v, mask, causal)
    merged = _merge_heads(heads)  # (N, T, D): the heads side by side
    return merged @ p["Wo"] + p["bo"], (x, p, num_heads, merged, attn_cache)


def multihead_self_attention_backward(
    dout: np.ndarray, cache: Cache
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Backward of multihead_self_attention_forward. dout: (N, T, D).

    Returns (dx (N, T, D), dparams) with dparams holding the gradient of every entry of params
    under the same key. dparams["bk"] is zero up to rounding: a key bias adds the same q.bk to
    all of a query's scores, and softmax ignores such shifts.
    """
    x, p, num_heads, merged, attn_cache = cache
    grads = {"Wo": _rows(merged).T @ _rows(dout), "bo": _rows(dout).sum(axis=0)}
    dheads = _split_heads(dout @ p["Wo"].T, num_heads)
    dq, dk, dv = scaled_dot_product_attention_backward(dheads, attn_cache)
    dx = np.zeros_like(x, dtype=np.result_type(x, dout))
    for c, dheads_c in zip("qkv", (dq, dk, dv), strict=True):
        dproj = _merge_heads(dheads_c)  # (N, T, D)
        grads[f"W{c}"] = _rows(x).T @ _rows(dproj)
        grads[f"b{c}"] = _rows(dproj).sum(axis=0)
        dx += dproj @ p[f"W{c}"].T  # x feeds all three projections
    return dx, {key: grads[key] for key in MHSA_KEYS}


def sinusoidal_positional_encoding(T: int, D: int) -> np.ndarray:
    """Positional encoding of "Attention Is All You Need":
    PE[pos, 2i] = sin(pos / 10000^(2i/D)), PE[pos, 2i+1] = cos(pos / 10000^(2i/D)).

    Added to the token embeddings, since self-attention alone is permutation equivariant and
    cannot see order. Each (sin, cos) pair rotates with pos, so PE[pos + k] is a fixed linear
    map of PE[pos]. T: number of positions; D: model width (an odd D ends with a sin column).
    Returns PE: (T, D).
    """
    pos = np.arange(T, dtype=np.float64)[:, None]  # (T, 1)
    angles = pos / 10000.0 ** (np.arange(0, D, 2) / D)  # (T, ceil(D/2)): column i uses 2i/D
    pe = np.empty((T, D))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles[:, : D // 2])
    return pe


def transformer_block_forward(
    x: np.ndarray,
    params: dict[str, np.ndarray],
    num_heads: int,
    causal: bool = False,
    mask: np.ndarray | None = None,
) -> tuple[np.ndarray, Cache]:
    """Pre-norm transformer block (GPT-2 / ViT style):
    h = x + MHSA(LN1(x)); out = h + MLP(LN2(h)), MLP(z) = GELU(z W1 + b1) W2 + b2 (exact erf GELU).

    Pre-norm keeps the residual path free of normalisation, so the block can pass x through
    exactly (the notes' reason for preferring it over the original post-norm block,
    x -> LN(x + MHSA(x)) -> LN(. + MLP(.))). LayerNorm (eps 1e-5) comes from engine.layers.norm;
    RMSNorm and SwiGLU are the LLaMA alternatives in this module.
    x: (N, T, D) tokens; params: "ln1_gamma", "ln1_beta", "ln2_gamma", "ln2_beta" (D,); the
    attention params "Wq", "bq", ..., "Wo", "bo" of multihead_self_attention_forward; MLP
    "W1" (D, F), "b1" (F,), "W2" (F, D), "b2" (D,) (usually F = 4D); num_heads: divides D;
    causal: token t attends only tokens <= t; mask: as in multihead_self_attention_forward.
    Returns out: (N, T, D) and a cache for transformer_block_backward.
    """
    N, T, D = x.shape
    p = params
    a, ln1_cache = layernorm_forward(_rows(x), p["ln1_gamma"], p["ln1_beta"], {"eps": LN_EPS})
    attn_params = {key: p[key] for key in MHSA_KEYS}
    attn, attn_cache = multihead_self_attention_forward(
        a.reshape(N, T, D), attn_params, num_heads, mask, causal
    )
    h = x + attn  # residual: identity path plus the attention update
    z, ln2_cache = layernorm_forward(_rows(h), p["ln2_gamma"], p["ln2_beta"], {"eps": LN_EPS})
    m, fc1_cache = affine_forward(z, p["W1"], p["b1"])  # (N*T, F)
    g, gelu_cache = gelu_forward(m)
    mlp, fc2_cache = affine_forward(g, p["W2"], p["b2"])  # (N*T, D)
    out = h + mlp.reshape(N, T, D)
    return out, (ln1_cache, attn_cache, ln2_cache, fc1_cache, gelu_cache, fc2_cache)


def transformer_block_backward(
    dout: np.ndarray, cache: Cache
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Backward of transformer_block_forward. dout: (N, T, D).

    Returns (dx (N, T, D), dparams) with the gradient of every entry of params under its key.
    """
    ln1_cache, attn_cache, ln2_cache, fc1_cache, gelu_cache, fc2_cache = cache
    grads: dict[str, np.ndarray] = {}
    dg, grads["W2"], grads["b2"] = affine_backward(_rows(dout), fc2_cache)
    dz, grads["W1"], grads["b1"] = affine_backward(gelu_backward(dg, gelu_cache), fc1_cache)
    dh_mlp, grads["ln2_gamma"], grads["ln2_beta"] = layernorm_backward(dz, ln2_cache)
    dh = dout + dh_mlp.reshape(dout.shape)  # h feeds the output directly and through the MLP
    da, attn_grads = multihead_self_attention_backward(dh, attn_cache)
    grads.update(attn_grads)
    dx_attn, grads["ln1_gamma"], grads["ln1_beta"] = layernorm_backward(_rows(da), ln1_cache)
    dx = dh + dx_attn.reshape(dout.shape)  # likewise x: residual plus the attention branch
    return dx, {key: grads[key] for key in BLOCK_KEYS}
