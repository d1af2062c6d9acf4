"""Normalisation and dropout layers (lecture 6).

Batch norm normalises each feature over the batch; layer norm normalises each example over its
features; group norm normalises each example over groups of channels (lecture 6 of the notes).
All three share one normalise-along-axes helper and its backward (the compact formula).
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = [
    "batchnorm_backward",
    "batchnorm_backward_alt",
    "batchnorm_forward",
    "dropout_backward",
    "dropout_forward",
    "groupnorm_backward",
    "groupnorm_forward",
    "layernorm_backward",
    "layernorm_forward",
    "spatial_batchnorm_backward",
    "spatial_batchnorm_forward",
    "spatial_groupnorm_backward",
    "spatial_groupnorm_forward",
]


def _normalize(x: np.ndarray, axis: int | tuple[int, ...], eps: float) -> tuple[np.ndarray, ...]:
    """(xhat, mean, var, inv_std) with statistics over `axis` (biased variance, keepdims)."""
    mean = x.mean(axis=axis, keepdims=True)
    xc = x - mean  # centre first: stable for large offsets such as 1e3
    var = np.mean(xc * xc, axis=axis, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    return xc * inv_std, mean, var, inv_std


def _normalize_backward(
    dxhat: np.ndarray, xhat: np.ndarray, inv_std: np.ndarray, axis: int | tuple[int, ...]
) -> np.ndarray:
    """Compact backward of xhat = (x - mean) * inv_std over `axis`:

    dx = inv_std * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)), means over `axis`.
    """
    mean_d = dxhat.mean(axis=axis, keepdims=True)
    mean_dx = np.mean(dxhat * xhat, axis=axis, keepdims=True)
    dx: np.ndarray = inv_std * (dxhat - mean_d - xhat * mean_dx)
    return dx


def batchnorm_forward(
    x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, bn_param: dict[str, Any]
) -> tuple[np.ndarray, tuple[Any, ...]]:
    """Batch normalisation forward pass: each feature normalised over the batch, then scaled.

    Inputs:
    - x: (N, D) input batch
    - gamma: (D,) scale; beta: (D,) shift
    - bn_param: dict with
      - 'mode': 'train' (batch statistics) or 'test' (running statistics); required
      - 'eps': added to the variance, default 1e-5
      - 'momentum': default 0.9, as in CS231n:
        running = momentum * running + (1 - momentum) * batch
        (PyTorch's `momentum` is the weight of the batch, i.e. 1 - ours: 0.1 <-> 0.9)
      - 'running_mean', 'running_var': (D,), start at zeros and ones when absent; train mode
        writes the updated arrays back into bn_param

    The running variance tracks the BIASED batch variance (divide by N), as CS231n does;
    PyTorch's BatchNorm tracks the unbiased one (divide by N - 1, i.e. var * N / (N - 1)), so
    only running_var differs from torch; running_mean and the outputs agree (both normalise
    with the biased variance).

    N = 1 in train mode is degenerate (variance 0): the output is beta and the gradient with
    respect to x is 0, all finite. PyTorch raises an error instead.

    Returns (out, cache) with out: (N, D).
    """
    mode = bn_param["mode"]
    eps, momentum = bn_param.get("eps", 1e-5), bn_param.get("momentum", 0.9)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.ones(D, dtype=x.dtype))
    if mode == "train":
        xhat, mean, var, inv_std = _normalize(x, 0, eps)
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mean[0]
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var[0]
    elif mode == "test":
        inv_std = 1.0 / np.sqrt(running_var + eps)
        xhat = (x - running_mean) * inv_std
        bn_param.setdefault("running_mean", running_mean)
        bn_param.setdefault("running_var", running_var)
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")
    return gamma * xhat + beta, (mode, xhat, gamma, inv_std)


def batchnorm_backward(dout: np.ndarray, cache: tuple[Any, ...]) -> tuple[np.ndarray, ...]:
    """Batch normalisation backward pass (the compact formula).

    dx = gamma * inv_std / N * (N * dout - sum(dout) - xhat * sum(dout * xhat)), sums over
    the batch; in test mode the statistics are constants, so dx = gamma * inv_std * dout.

    Inputs:
    - dout: (N, D) upstream gradient
    - cache: from batchnorm_forward

    Returns (dx: (N, D), dgamma: (D,), dbeta: (D,)).
    """
    mode, xhat, gamma, inv_std = cache
    dgamma, dbeta = np.sum(dout * xhat, axis=0), dout.sum(axis=0)
    if mode == "test":
        return dout * gamma * inv_std, dgamma, dbeta
    return _normalize_backward(dout * gamma, xhat, inv_std, 0), dgamma, dbeta


def batchnorm_backward_alt(dout: np.ndarray, cache: tuple[Any, ...]) -> tuple[np.ndarray, ...]:
    """Batch normalisation backward pass, step by step through the computational graph.

    Same inputs and outputs as batchnorm_backward (train-mode cache only); kept as the staged
    derivation learners check their own against: xhat = xc * inv_std, xc = x - mean,
    inv_std = (var + eps)^(-1/2), var = mean(xc^2).
    """
    mode, xhat, gamma, inv_std = cache
    if mode != "train":
        return batchnorm_backward(dout, cache)
    N = dout.shape[0]
    xc = xhat / inv_std  # (N, D) centred input, recovered from the cache
    dxhat = dout * gamma
    dinv_std = np.sum(dxhat * xc, axis=0)
    dvar = dinv_std * -0.5 * inv_std**3
    dxc = dxhat * inv_std + 2.0 * xc * dvar / N
    dx = dxc - dxc.mean(axis=0)  # through mean = sum(x) / N
    return dx, np.sum(dout * xhat, axis=0), dout.sum(axis=0)


def spatial_batchnorm_forward(
    x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, bn_param: dict[str, Any]
) -> tuple[np.ndarray, tuple[Any, ...]]:
    """Spatial batch normalisation: per channel, statistics over N, H and W.

    Inputs:
    - x: (N, C, H, W) input batch
    - gamma: (C,) scale; beta: (C,) shift
    - bn_param: as for batchnorm_forward, with (C,) running statistics

    Returns (out, cache) with out: (N, C, H, W).
    """
    N, C, H, W = x.shape
    x2 = x.transpose(0, 2, 3, 1).reshape(-1, C)  # (N*H*W, C)
    out2, cache = batchnorm_forward(x2, gamma, beta, bn_param)
    return out2.reshape(N, H, W, C).transpose(0, 3, 1, 2), cache


def spatial_batchnorm_backward(dout: np.ndarray, cache: tuple[Any, ...]) -> tuple[np.ndarray, ...]:
    """Spatial batch normalisation backward pass.

    Inputs:
    - dout: (N, C, H, W) upstream gradient
    - cache: from spatial_batchnorm_forward

    Returns (dx: (N, C, H, W), dgamma: (C,), dbeta: (C,)).
    """
    N, C, H, W = dout.shape
    dout2 = dout.transpose(0, 2, 3, 1).reshape(-1, C)  # (N*H*W, C)
    dx2, dgamma, dbeta = batchnorm_backward(dout2, cache)
    return dx2.reshape(N, H, W, C).transpose(0, 3, 1, 2), dgamma, dbeta


def layernorm_forward(
    x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, ln_param: dict[str, Any]
) -> tuple[np.ndarray, tuple[Any, ...]]:
    """Layer normalisation forward pass: each example normalised over its features.

    Same in train and test (no running statistics), and fine with a batch of 1.

    Inputs:
    - x: (N, D) input batch
    - gamma: (D,) scale; beta: (D,) shift
    - ln_param: {'eps': added to the variance, default 1e-5}

    Returns (out, cache) with out: (N, D).
    """
    xhat, _, _, inv_std = _normalize(x, 1, ln_param.get("eps", 1e-5))
    return gamma * xhat + beta, (xhat, gamma, inv_std)


def layernorm_backward(dout: np.ndarray, cache: tuple[Any, ...]) -> tuple[np.ndarray, ...]:
    """Layer normalisation backward pass.

    Inputs:
    - dout: (N, D) upstream gradient
    - cache: from layernorm_forward

    Returns (dx: (N, D), dgamma: (D,), dbeta: (D,)).
    """
    xhat, gamma, inv_std = cache
    dx = _normalize_backward(dout * gamma, xhat, inv_std, 1)
    return dx, np.sum(dout * xhat, axis=0), dout.sum(axis=0)


def groupnorm_forward(
    x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, G: int, gn_param: dict[str, Any]
) -> tuple[np.ndarray, tuple[Any, ...]]:
    """Group normalisation forward pass: per example, statistics over each group of C // G
    channels and all their pixels (G = 1 is layer norm over (C, H, W); G = C is instance norm).

    Inputs:
    - x: (N, C, H, W) input batch, C divisible by G
    - gamma, beta: per-channel scale and shift, shaped (1, C, 1, 1) as in CS231n, or (C,);
      the gradients come back in the shape given
    - G: number of groups
    - gn_param: {'eps': added to the variance, default 1e-5}

    Returns (out, cache) with out: (N, C, H, W).
    """
    N, C = x.shape[:2]
    if G < 1 or C % G:
        raise ValueError(f"groupnorm: C = {C} channels cannot be split into G = {G} groups")
    xg = x.reshape(N, G, -1)  # (N, G, C//G * H * W)
    xhat_g, _, _, inv_std = _normalize(xg, 2, gn_param.get("eps", 1e-5))
    xhat = xhat_g.reshape(x.shape)
    g4 = gamma.reshape(1, C, 1, 1)
    out = g4 * xhat + beta.reshape(1, C, 1, 1)
    return out, (xhat, g4, inv_std, G, gamma.shape)


def groupnorm_backward(dout: np.ndarray, cache: tuple[Any, ...]) -> tuple[np.ndarray, ...]:
    """Group normalisation backward pass.

    Inputs:
    - dout: (N, C, H, W) upstream gradient
    - cache: from groupnorm_forward

    Returns (dx: (N, C, H, W), dgamma, dbeta), the last two shaped like the gamma given.
    """
    xhat, g4, inv_std, G, param_shape = cache
    N = dout.shape[0]
    dxhat = (dout * g4).reshape(N, G, -1)  # (N, G, C//G * H * W)
    dx = _normalize_backward(dxhat, xhat.reshape(N, G, -1), inv_std, 2).reshape(dout.shape)
    dgamma = np.sum(dout * xhat, axis=(0, 2, 3)).reshape(param_shape)
    dbeta = dout.sum(axis=(0, 2, 3)).reshape(param_shape)
    return dx, dgamma, dbeta


# CS231n's assignment names for the same layer
spatial_groupnorm_forward = groupnorm_forward
spatial_groupnorm_backward = groupnorm_backward


def dropout_forward(
    x: np.ndarray, dropout_param: dict[str, Any]
) -> tuple[np.ndarray, tuple[Any, ...]]:
    """Inverted dropout forward pass.

    `p` is the probability of DROPPING a unit (as in the notes and PyTorch). The old CS231n
    assignment used p as the probability of KEEPING; we do not.

    Train mode zeroes each unit with probability p and scales the survivors by 1/(1 - p), so
    E[out] = x and test mode is the identity. The notes' form (lecture 6: "multiply by p at test
    time", p there being the keep probability) leaves training unscaled and multiplies the test
    output by the keep probability 1 - p; both give train-time expectation == test-time output,
    inverted dropout just moves the scaling to training so inference does nothing.

    Inputs:
    - x: input of any shape
    - dropout_param: dict with
      - 'p': drop probability, 0 <= p <= 1 (p = 1 drops everything: output 0)
      - 'mode': 'train' or 'test'
      - 'seed': optional int; the same seed gives the same mask (for gradient checks)

    Returns (out, cache) with out shaped like x.
    """
    p, mode = dropout_param["p"], dropout_param["mode"]
    if not 0 <= p <= 1:
        raise ValueError(f"dropout p is the drop probability, in [0, 1]; got {p}")
    if mode == "test":
        return x, (dropout_param, None)
    if mode != "train":
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")
    rng = np.random.default_rng(dropout_param.get("seed"))
    keep = rng.random(x.shape) >= p  # P(keep) = 1 - p
    mask = keep / (1 - p) if p < 1 else np.zeros(x.shape)
    return x * mask, (dropout_param, mask)


def dropout_backward(dout: np.ndarray, cache: tuple[Any, ...]) -> np.ndarray:
    """Inverted dropout backward pass: the same mask (scale included) multiplies dout.

    Inputs:
    - dout: upstream gradient, shaped like x
    - cache: from dropout_forward

    Returns dx shaped like x.
    """
    dropout_param, mask = cache
    return dout if dropout_param["mode"] == "test" else dout * mask
