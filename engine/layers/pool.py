"""Pooling and nearest-neighbour upsampling (lectures 5 and 9); re-exported by engine.layers.conv.

Pooling output size follows CS231n and PyTorch (`ceil_mode=False`): Ho = 1 + (H - ph) // S, so
rows/columns that do not fill a whole window at the bottom/right edge are ignored. There is no
padding (the notes, lecture 5: pooling is meant to throw information away).

Max-pooling tie rule: when several entries of a window share the maximum, the gradient goes to
the FIRST one in row-major order within the window (what `np.argmax` on the window returns, as
in the CS231n naive version; PyTorch's CPU kernel does the same). Every version here follows it,
including overlapping windows (stride < pool), where one input may receive gradient from
several windows and the contributions add. Inputs are assumed finite (no NaN).
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np

__all__ = [
    "avg_pool_backward",
    "avg_pool_forward",
    "max_pool_backward_fast",
    "max_pool_backward_naive",
    "max_pool_forward_fast",
    "max_pool_forward_naive",
    "upsample_nearest_backward",
    "upsample_nearest_forward",
]


def _pool_geometry(shape: tuple[int, ...], pool_param: dict[str, Any]) -> tuple[int, ...]:
    """(ph, pw, S, Ho, Wo) for an input of shape (N, C, H, W)."""
    ph, pw, S = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    H, W = shape[2], shape[3]
    if min(ph, pw, S) < 1 or ph > H or pw > W:
        raise ValueError(f"pool {ph}x{pw} stride {S} does not fit an input of {H}x{W}")
    return ph, pw, S, 1 + (H - ph) // S, 1 + (W - pw) // S


def _offset(a: int, b: int, S: int, Ho: int, Wo: int) -> tuple[slice, ...]:
    """Index of entry (a, b) of every window: x[_offset(...)] has shape (N, C, Ho, Wo)."""
    return (slice(None), slice(None), slice(a, a + S * Ho, S), slice(b, b + S * Wo, S))


def max_pool_forward_naive(
    x: np.ndarray, pool_param: dict[str, Any]
) -> tuple[np.ndarray, tuple[Any, ...]]:
    """Max-pooling forward pass with explicit loops.

    Inputs:
    - x: (N, C, H, W) input batch
    - pool_param: {'pool_height': ph, 'pool_width': pw, 'stride': S}

    Returns (out, cache) with out: (N, C, Ho, Wo), Ho = 1 + (H - ph) // S, Wo likewise.
    """
    ph, pw, S, Ho, Wo = _pool_geometry(x.shape, pool_param)
    out = np.zeros((*x.shape[:2], Ho, Wo), dtype=x.dtype)
    for n, c, i, j in np.ndindex(out.shape):
        out[n, c, i, j] = np.max(x[n, c, i * S : i * S + ph, j * S : j * S + pw])
    return out, (x, pool_param)


def max_pool_backward_naive(dout: np.ndarray, cache: tuple[Any, ...]) -> np.ndarray:
    """Max-pooling backward pass with explicit loops; ties go to the first max (row-major).

    Inputs:
    - dout: (N, C, Ho, Wo) upstream gradient
    - cache: from max_pool_forward_naive

    Returns dx: (N, C, H, W).
    """
    x, pool_param = cache
    ph, pw, S, _, _ = _pool_geometry(x.shape, pool_param)
    dx = np.zeros_like(x, dtype=dout.dtype)
    for n, c, i, j in np.ndindex(dout.shape):
        window = x[n, c, i * S : i * S + ph, j * S : j * S + pw]
        a, b = np.unravel_index(np.argmax(window), window.shape)  # first max, row-major
        dx[n, c, i * S + a, j * S + b] += dout[n, c, i, j]  # += : overlapping windows add
    return dx


def _window_views(a: np.ndarray, ph: int, pw: int, S: int, Ho: int, Wo: int) -> list[np.ndarray]:
    """The ph*pw views (N, C, Ho, Wo) of entry (r, s) of every window, in row-major (r, s) order.

    They are views, so writing into the views of a zero array scatters into it.
    """
    N, C = a.shape[:2]
    if ph == pw == S:  # non-overlapping tiles: the reshape trick, (N, C, Ho, ph, Wo, pw)
        tiles = a[:, :, : Ho * ph, : Wo * pw].reshape(N, C, Ho, ph, Wo, pw)
        return [tiles[:, :, :, r, :, s] for r, s in np.ndindex(ph, pw)]
    return [a[_offset(r, s, S, Ho, Wo)] for r, s in np.ndindex(ph, pw)]


def max_pool_forward_fast(
    x: np.ndarray, pool_param: dict[str, Any]
) -> tuple[np.ndarray, tuple[Any, ...]]:
    """Vectorised max-pooling forward pass, same result as the naive version.

    Loops only over the ph*pw window offsets, each step vectorised over the whole batch.
    Non-overlapping windows (pool_height == pool_width == stride) view x as
    (N, C, Ho, ph, Wo, pw) tiles (the reshape trick); any other geometry, overlapping windows
    included, uses strided slices.

    Inputs:
    - x: (N, C, H, W) input batch
    - pool_param: {'pool_height': ph, 'pool_width': pw, 'stride': S}

    Returns (out, cache) with out: (N, C, Ho, Wo), Ho = 1 + (H - ph) // S, Wo likewise.
    """
    ph, pw, S, Ho, Wo = _pool_geometry(x.shape, pool_param)
    views = _window_views(x, ph, pw, S, Ho, Wo)
    out = views[0].copy()
    for view in views[1:]:
        np.maximum(out, view, out=out)
    return out, (x, out, pool_param)


def max_pool_backward_fast(dout: np.ndarray, cache: tuple[Any, ...]) -> np.ndarray:
    """Vectorised max-pooling backward pass; ties go to the first max (row-major).

    Walks the window offsets in row-major order and gives each window's gradient to the first
    offset whose value equals the window's max (a `free` mask marks windows not yet served).

    Inputs:
    - dout: (N, C, Ho, Wo) upstream gradient
    - cache: from max_pool_forward_fast

    Returns dx: (N, C, H, W).
    """
    x, out, pool_param = cache
    ph, pw, S, Ho, Wo = _pool_geometry(x.shape, pool_param)
    dx = np.zeros(x.shape, dtype=dout.dtype)
    free = np.ones(out.shape, dtype=bool)
    x_views = _window_views(x, ph, pw, S, Ho, Wo)
    for xv, dxv in zip(x_views, _window_views(dx, ph, pw, S, Ho, Wo), strict=True):
        hit = xv == out
        hit &= free
        free ^= hit
        dxv += dout * hit  # += : with overlapping windows an input can win several
    return dx


def avg_pool_forward(
    x: np.ndarray, pool_param: dict[str, Any]
) -> tuple[np.ndarray, tuple[Any, ...]]:
    """Average-pooling forward pass (vectorised over the ph*pw window offsets).

    Inputs:
    - x: (N, C, H, W) input batch
    - pool_param: {'pool_height': ph, 'pool_width': pw, 'stride': S}

    Returns (out, cache) with out: (N, C, Ho, Wo), the mean of each window,
    Ho = 1 + (H - ph) // S, Wo likewise.
    """
    ph, pw, S, Ho, Wo = _pool_geometry(x.shape, pool_param)
    out = np.zeros((*x.shape[:2], Ho, Wo), dtype=x.dtype)
    for a, b in np.ndindex(ph, pw):
        out += x[_offset(a, b, S, Ho, Wo)]
    return out / (ph * pw), (x.shape, pool_param)


def avg_pool_backward(dout: np.ndarray, cache: tuple[Any, ...]) -> np.ndarray:
    """Average-pooling backward pass: each window spreads dout / (ph*pw) over its entries.

    Inputs:
    - dout: (N, C, Ho, Wo) upstream gradient
    - cache: from avg_pool_forward

    Returns dx: (N, C, H, W).
    """
    x_shape, pool_param = cache
    ph, pw, S, Ho, Wo = _pool_geometry(x_shape, pool_param)
    dx = np.zeros(x_shape, dtype=dout.dtype)
    share = dout / (ph * pw)
    for a, b in np.ndindex(ph, pw):
        dx[_offset(a, b, S, Ho, Wo)] += share
    return dx


def _scales(scale: int | tuple[int, int]) -> tuple[int, int]:
    sh, sw = cast("tuple[int, int]", (scale, scale) if np.isscalar(scale) else scale)
    if int(sh) != sh or int(sw) != sw or sh < 1 or sw < 1:
        raise ValueError(f"upsampling scale must be a positive integer (or a pair); got {scale}")
    return int(sh), int(sw)


def upsample_nearest_forward(
    x: np.ndarray, scale: int | tuple[int, int]
) -> tuple[np.ndarray, tuple[Any, ...]]:
    """Nearest-neighbour upsampling (lecture 9): copy each pixel into a scale x scale block.

    Same as `F.interpolate(x, scale_factor=scale, mode="nearest")` for integer factors.

    Inputs:
    - x: (N, C, H, W) input batch
    - scale: positive integer factor, or a pair (sh, sw) for height and width

    Returns (out, cache) with out: (N, C, H*sh, W*sw).
    """
    sh, sw = _scales(scale)
    N, C, H, W = x.shape
    blocks = np.broadcast_to(x[:, :, :, None, :, None], (N, C, H, sh, W, sw))
    return blocks.reshape(N, C, H * sh, W * sw), (x.shape, (sh, sw))


def upsample_nearest_backward(dout: np.ndarray, cache: tuple[Any, ...]) -> np.ndarray:
    """Nearest-neighbour upsampling backward pass: sum the gradient over each block.

    Inputs:
    - dout: (N, C, H*sh, W*sw) upstream gradient
    - cache: from upsample_nearest_forward

    Returns dx: (N, C, H, W).
    """
    (N, C, H, W), (sh, sw) = cache
    dx: np.ndarray = dout.reshape(N, C, H, sh, W, sw).sum(axis=(3, 5))  # (N, C, H, W)
    return dx
