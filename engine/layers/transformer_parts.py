"""Transformer building blocks besides attention: RMSNorm, SwiGLU MLP, ViT patch embedding and
the mixture-of-experts router (lectures 8 and 9). `engine.layers.attention` re-exports them.

Shapes: N batch, T tokens, D model width, F hidden width, E experts, k experts kept per token.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from engine.layers.linear import sigmoid

__all__ = [
    "moe_backward",
    "moe_forward",
    "moe_router_backward",
    "moe_router_forward",
    "patch_embed_backward",
    "patch_embed_forward",
    "rmsnorm_backward",
    "rmsnorm_forward",
    "swiglu_backward",
    "swiglu_forward",
]

Cache = Any


def rmsnorm_forward(
    x: np.ndarray, gamma: np.ndarray, eps: float = 1e-6
) -> tuple[np.ndarray, Cache]:
    """RMSNorm over the last axis: out = x / sqrt(mean(x^2) + eps) * gamma.

    Unlike LayerNorm it neither subtracts the mean nor adds a shift (no beta).
    x: (..., D) input; gamma: (D,) scale; eps: added to the mean square.
    Returns out: (..., D) and a cache for rmsnorm_backward.
    """
    inv_rms = 1.0 / np.sqrt(np.mean(x**2, axis=-1, keepdims=True) + eps)  # (..., 1)
    x_hat = x * inv_rms
    return x_hat * gamma, (x_hat, inv_rms, gamma)


def rmsnorm_backward(dout: np.ndarray, cache: Cache) -> tuple[np.ndarray, np.ndarray]:
    """Backward of rmsnorm_forward. dout: (..., D). Returns (dx (..., D), dgamma (D,))."""
    x_hat, inv_rms, gamma = cache
    dx_hat = dout * gamma
    # x_hat = x * r(x); r depends on every x_j, which gives the projection term
    dx = inv_rms * (dx_hat - x_hat * np.mean(dx_hat * x_hat, axis=-1, keepdims=True))
    dgamma = (dout * x_hat).reshape(-1, x_hat.shape[-1]).sum(axis=0)
    return dx, dgamma


def swiglu_forward(
    x: np.ndarray,
    W1: np.ndarray,
    W2: np.ndarray,
    W3: np.ndarray,
    gate: Literal["silu", "sigmoid"] = "silu",
) -> tuple[np.ndarray, Cache]:
    """Gated MLP: out = (act(x W1) * (x W2)) W3, no biases.

    gate="silu" (default) is SwiGLU as used in LLaMA / PaLM: act(a) = silu(a) = a * sigmoid(a)
    (Shazeer 2020, "GLU Variants"). gate="sigmoid" is the literal form in the course notes,
    (sigmoid(x W1) * x W2) W3, which is the original GLU. The notes pick F = 8D/3 so that the
    three matrices cost about as much as a 4D-wide two-matrix MLP.
    x: (..., D); W1, W2: (D, F); W3: (F, D_out).
    Returns out: (..., D_out) and a cache for swiglu_backward.
    """
    if gate not in ("silu", "sigmoid"):
        raise ValueError(f"gate must be 'silu' or 'sigmoid', got {gate!r}")
    a, b = x @ W1, x @ W2  # (..., F) each
    s = sigmoid(a)
    act = a * s if gate == "silu" else s
    hidden = act * b
    return hidden @ W3, (x, W1, W2, W3, a, b, s, act, hidden, gate)


def swiglu_backward(
    dout: np.ndarray, cache: Cache
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Backward of swiglu_forward. dout: (..., D_out).

    Returns (dx (..., D), dW1 (D, F), dW2 (D, F), dW3 (F, D_out)).
    """
    x, W1, W2, W3, a, b, s, act, hidden, gate = cache
    dhidden = dout @ W3.T
    dact_da = s * (1.0 + a * (1.0 - s)) if gate == "silu" else s * (1.0 - s)
    da, db = dhidden * b * dact_da, dhidden * act
    dx = da @ W1.T + db @ W2.T
    x2 = x.reshape(-1, x.shape[-1])  # (rows, D): all leading axes are rows
    F = W1.shape[1]
    dW1, dW2 = x2.T @ da.reshape(-1, F), x2.T @ db.reshape(-1, F)
    dW3 = hidden.reshape(-1, F).T @ dout.reshape(-1, W3.shape[1])
    return dx, dW1, dW2, dW3


def patch_embed_forward(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, patch_size: int
) -> tuple[np.ndarray, Cache]:
    """ViT patch embedding: cut the image into non-overlapping P x P patches and map each one
    linearly to D dims. This is exactly a convolution with kernel = stride = P, flattened.

    x: (N, C, H, W) images, H and W divisible by P; w: (D, C, P, P) filters (conv layout);
    b: (D,) bias; patch_size: P.
    Returns out: (N, (H/P) * (W/P), D), patches in row-major order, and a cache.
    """
    N, C, H, W = x.shape
    P = patch_size
    if H % P or W % P:
        raise ValueError(f"image size {H}x{W} is not divisible by patch_size {P}")
    if w.shape[1:] != (C, P, P):
        raise ValueError(f"w must have shape (D, {C}, {P}, {P}), got {w.shape}")
    Hp, Wp = H // P, W // P
    patches = x.reshape(N, C, Hp, P, Wp, P).transpose(0, 2, 4, 1, 3, 5)  # (N, Hp, Wp, C, P, P)
    patches = patches.reshape(N, Hp * Wp, C * P * P)
    out = patches @ w.reshape(w.shape[0], -1).T + b  # (N, Hp*Wp, D)
    return out, (patches, x.shape, w)


def patch_embed_backward(
    dout: np.ndarray, cache: Cache
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward of patch_embed_forward. dout: (N, num_patches, D).

    Returns (dx (N, C, H, W), dw (D, C, P, P), db (D,)).
    """
    patches, (N, C, H, W), w = cache
    D, _, P, _ = w.shape
    dpatches = dout @ w.reshape(D, -1)  # (N, Hp*Wp, C*P*P)
    dx = dpatches.reshape(N, H // P, W // P, C, P, P).transpose(0, 3, 1, 4, 2, 5)
    dx = dx.reshape(N, C, H, W)
    dw = dout.reshape(-1, D).T @ patches.reshape(-1, C * P * P)  # (D, C*P*P)
    return dx, dw.reshape(w.shape), dout.sum(axis=(0, 1))


def moe_router_forward(
    x: np.ndarray, w_gate: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, Cache]:
    """Top-k mixture-of-experts router, top-k THEN softmax (as in Mixtral).

    logits = x w_gate; keep each token's k largest logits; weights = softmax over those k only,
    so they sum to 1 and the unselected experts get exactly 0. (Softmax-then-top-k would instead
    keep the probabilities over all E experts, which then sum to < 1.) Ties go to the lower expert
    index. Indices are ordered by decreasing logit.
    x: (N, D) tokens; w_gate: (D, E) router weights; k: experts per token, 1 <= k <= E.
    Returns indices: (N, k) int, weights: (N, k), and a cache for moe_router_backward.
    """
    E = w_gate.shape[1]
    if not 1 <= k <= E:
        raise ValueError(f"k must be in [1, {E}], got {k}")
    logits = x @ w_gate  # (N, E)
    # a stable sort of -logits keeps equal logits in index order: ties -> lower index first
    indices = np.argsort(-logits, axis=1, kind="stable")[:, :k]  # (N, k)
    top = np.take_along_axis(logits, indices, axis=1)  # (N, k)
    e = np.exp(top - top[:, :1])  # the first column is the row max
    weights = e / e.sum(axis=1, keepdims=True)
    return indices, weights, (x, w_gate, indices, weights)


def moe_router_backward(dweights: np.ndarray, cache: Cache) -> tuple[np.ndarray, np.ndarray]:
    """Backward of the router weights. dweights: (N, k) upstream gradient of the weights.

    Only the k selected logits get gradient (the top-k choice itself is piecewise constant).
    Returns (dx (N, D), dw_gate (D, E)).
    """
    x, w_gate, indices, weights = cache
    dtop = weights * (dweights - np.sum(weights * dweights, axis=1, keepdims=True))  # softmax'
    dlogits = np.zeros((x.shape[0], w_gate.shape[1]))
    np.put_along_axis(dlogits, indices, dtop, axis=1)  # indices are distinct within a row
    return dlogits @ w_gate.T, x.T @ dlogits


def moe_forward(
    x: np.ndarray, w_gate: np.ndarray, experts: dict[str, np.ndarray], k: int
) -> tuple[np.ndarray, Cache]:
    """Mixture-of-experts MLP: out[n] = sum_j weights[n, j] * expert_{indices[n, j]}(x[n]),
    with expert_e(x) = relu(x W1[e] + b1[e]) W2[e] + b2[e] and the top-k router above.

    As a readable reference every expert runs on every token and the k chosen outputs are then
    gathered; a real MoE runs only the chosen ones (that is where its saving comes from).
    x: (N, D); w_gate: (D, E); experts: "W1" (E, D, F), "b1" (E, F), "W2" (E, F, D), "b2" (E, D);
    k: experts per token. Returns out: (N, D) and a cache for moe_backward.
    """
    indices, weights, router_cache = moe_router_forward(x, w_gate, k)
    pre = np.einsum("nd,edf->nef", x, experts["W1"]) + experts["b1"]  # (N, E, F)
    hid = np.maximum(pre, 0.0)
    y_all = np.einsum("nef,efd->ned", hid, experts["W2"]) + experts["b2"]  # (N, E, D)
    chosen = np.take_along_axis(y_all, indices[:, :, None], axis=1)  # (N, k, D)
    out = np.einsum("nk,nkd->nd", weights, chosen)
    return out, (x, experts, pre, hid, chosen, indices, weights, router_cache)


def moe_backward(
    dout: np.ndarray, cache: Cache
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Backward of moe_forward. dout: (N, D).

    Returns (dx (N, D), dw_gate (D, E), dexperts) with dexperts holding dW1, db1, dW2, db2 under
    the keys "W1", "b1", "W2", "b2"; experts no token chose get zero gradient.
    """
    x, experts, pre, hid, chosen, indices, weights, router_cache = cache
    dweights = np.einsum("nkd,nd->nk", chosen, dout)
    dy_all = np.zeros((*pre.shape[:2], dout.shape[1]))  # (N, E, D): zero for unchosen experts
    np.put_along_axis(dy_all, indices[:, :, None], weights[:, :, None] * dout[:, None], axis=1)
    dpre = np.einsum("ned,efd->nef", dy_all, experts["W2"]) * (pre > 0)
    dexperts = {
        "W1": np.einsum("nd,nef->edf", x, dpre),
        "b1": dpre.sum(axis=0),
        "W2": np.einsum("nef,ned->efd", hid, dy_all),
        "b2": dy_all.sum(axis=0),
    }
    dx_router, dw_gate = moe_router_backward(dweights, router_cache)
    dx = np.einsum("nef,edf->nd", dpre, experts["W1"]) + dx_router
    return dx, dw_gate, dexperts
