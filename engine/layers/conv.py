"""Convolution, pooling and upsampling layers (lectures 5 and 9).

Convolution here is cross-correlation (no kernel flip), as in CS231n and PyTorch's `F.conv2d`.
The `_fast` versions gather the input into columns one kernel offset at a time (HH*WW strided
copies, no per-pixel Python loop) and let BLAS do the products; the backward scatters back the
same way, so it never needs `np.add.at`.

Pooling and nearest-neighbour upsampling live in `engine.layers.pool` and are re-exported here,
so `from engine.layers.conv import max_pool_forward_fast` works too.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.layers.pool import (
    avg_pool_backward,
    avg_pool_forward,
    max_pool_backward_fast,
    max_pool_backward_naive,
    max_pool_forward_fast,
    max_pool_forward_naive,
    upsample_nearest_backward,
    upsample_nearest_forward,
)

__all__ = [
    "avg_pool_backward",
    "avg_pool_forward",
    "conv_backward_fast",
    "conv_backward_naive",
    "conv_forward_fast",
    "conv_forward_naive",
    "conv_output_size",
    "conv_transpose_backward",
    "conv_transpose_forward",
    "max_pool_backward_fast",
    "max_pool_backward_naive",
    "max_pool_forward_fast",
    "max_pool_forward_naive",
    "upsample_nearest_backward",
    "upsample_nearest_forward",
]


def conv_output_size(W: int, K: int, P: int, S: int, name: str = "width") -> int:
    """Output length of a convolution along one dimension: `(W - K + 2P) / S + 1` (lecture 5).

    Inputs:
    - W: input length (height or width) before padding
    - K: kernel length along that dimension
    - P: zero padding added on EACH side
    - S: stride
    - name: which dimension this is ("height", "width"), used in the error message

    Returns the output length. Raises ValueError when the kernel does not fit in the padded
    input or when `W - K + 2P` is not a multiple of S (the filter would not tile the input
    evenly); the message gives the numbers and the nearest input lengths (and, if any, the
    smallest padding) that would fit.
    """
    if K < 1 or S < 1 or P < 0:
        raise ValueError(f"{name}: need kernel >= 1, stride >= 1, pad >= 0; got K={K} S={S} P={P}")
    span = W - K + 2 * P
    if span < 0:
        raise ValueError(
            f"{name}: kernel {K} is larger than the padded input {W} + 2*{P} = {W + 2 * P}"
        )
    if span % S:
        lo = W - span % S  # largest input length below W that tiles
        hint = f"input {name} {lo} or {lo + S} would fit"
        pads = [p for p in range(P + 1, P + S + 1) if (W - K + 2 * p) % S == 0]
        if pads:
            hint += f", or pad {pads[0]}"
        raise ValueError(
            f"{name}: (W - K + 2P)/S + 1 = ({W} - {K} + 2*{P})/{S} + 1 is not an integer "
            f"({span} is not divisible by stride {S}); {hint}"
        )
    return span // S + 1


def _geometry(x: np.ndarray, w: np.ndarray, conv_param: dict[str, Any]) -> tuple[int, ...]:
    """(S, P, Ho, Wo) for x: (N, C, H, W), w: (F, C, HH, WW), checking the channels agree."""
    if x.shape[1] != w.shape[1]:
        raise ValueError(f"x has {x.shape[1]} channels but w expects {w.shape[1]}")
    S, P = conv_param["stride"], conv_param["pad"]
    Ho = conv_output_size(x.shape[2], w.shape[2], P, S, name="height")
    Wo = conv_output_size(x.shape[3], w.shape[3], P, S, name="width")
    return S, P, Ho, Wo


def _pad(x: np.ndarray, P: int) -> np.ndarray:
    """Zero-pad the two spatial axes of (N, C, H, W) by P on each side."""
    return np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)))


def _im2col(xp: np.ndarray, HH: int, WW: int, S: int, Ho: int, Wo: int) -> np.ndarray:
    """Columns (N, C, HH, WW, Ho, Wo): cols[n, c, a, b, i, j] = xp[n, c, a + S*i, b + S*j]."""
    N, C = xp.shape[:2]
    cols = np.empty((N, C, HH, WW, Ho, Wo), dtype=xp.dtype)
    for a in range(HH):  # HH*WW strided copies, each vectorised over batch and positions
        for b in range(WW):
            cols[:, :, a, b] = xp[:, :, a : a + S * Ho : S, b : b + S * Wo : S]
    return cols


def _col2im(cols: np.ndarray, shape: tuple[int, ...], S: int) -> np.ndarray:
    """Adjoint of `_im2col`: sum cols (N, C, HH, WW, Ho, Wo) back into an array of `shape`."""
    HH, WW, Ho, Wo = cols.shape[2:]
    out = np.zeros(shape, dtype=cols.dtype)
    for a in range(HH):  # windows overlap, so each offset adds into a strided slice
        for b in range(WW):
            out[:, :, a : a + S * Ho : S, b : b + S * Wo : S] += cols[:, :, a, b]
    return out


def conv_forward_naive(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, conv_param: dict[str, Any]
) -> tuple[np.ndarray, tuple[Any, ...]]:
    """Convolution forward pass with explicit loops (the reference learners write first).

    Inputs:
    - x: (N, C, H, W) input batch
    - w: (F, C, HH, WW) filters
    - b: (F,) biases
    - conv_param: {'stride': S, 'pad': P}, P zeros added on each side of H and W

    Returns (out, cache) with out: (N, F, Ho, Wo), Ho = (H - HH + 2P)/S + 1 and
    Wo = (W - WW + 2P)/S + 1 (ValueError when they are not integers).
    """
    S, P, Ho, Wo = _geometry(x, w, conv_param)
    N, F, HH, WW = x.shape[0], w.shape[0], w.shape[2], w.shape[3]
    xp = _pad(x, P)
    out = np.zeros((N, F, Ho, Wo), dtype=np.result_type(x, w, b))
    for n, f, i, j in np.ndindex(N, F, Ho, Wo):
        window = xp[n, :, i * S : i * S + HH, j * S : j * S + WW]  # (C, HH, WW)
        out[n, f, i, j] = np.sum(window * w[f]) + b[f]
    return out, (x, w, b, conv_param)


def conv_backward_naive(dout: np.ndarray, cache: tuple[Any, ...]) -> tuple[np.ndarray, ...]:
    """Convolution backward pass with explicit loops.

    Inputs:
    - dout: (N, F, Ho, Wo) upstream gradient
    - cache: from conv_forward_naive

    Returns (dx, dw, db) shaped like x: (N, C, H, W), w: (F, C, HH, WW), b: (F,).
    """
    x, w, _, conv_param = cache
    S, P, Ho, Wo = _geometry(x, w, conv_param)
    N, F, HH, WW = x.shape[0], w.shape[0], w.shape[2], w.shape[3]
    xp = _pad(x, P)
    dxp, dw = np.zeros_like(xp, dtype=dout.dtype), np.zeros_like(w, dtype=dout.dtype)
    for n, f, i, j in np.ndindex(N, F, Ho, Wo):
        hs, ws = i * S, j * S
        dw[f] += xp[n, :, hs : hs + HH, ws : ws + WW] * dout[n, f, i, j]
        dxp[n, :, hs : hs + HH, ws : ws + WW] += w[f] * dout[n, f, i, j]
    dx = dxp[:, :, P : P + x.shape[2], P : P + x.shape[3]]
    return dx, dw, dout.sum(axis=(0, 2, 3))


def conv_forward_fast(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, conv_param: dict[str, Any]
) -> tuple[np.ndarray, tuple[Any, ...]]:
    """Vectorised convolution forward pass (im2col by kernel offset + batched matmul).

    Inputs and output as conv_forward_naive: x: (N, C, H, W), w: (F, C, HH, WW), b: (F,),
    conv_param {'stride', 'pad'}; returns (out: (N, F, Ho, Wo), cache).
    """
    S, P, Ho, Wo = _geometry(x, w, conv_param)
    N, C = x.shape[:2]
    F, _, HH, WW = w.shape
    cols = _im2col(_pad(x, P), HH, WW, S, Ho, Wo).reshape(N, C * HH * WW, Ho * Wo)
    # (F, CKK) @ (N, CKK, HoWo) -> (N, F, HoWo): already in NCHW order, no transpose copy
    out = np.matmul(w.reshape(F, -1), cols).reshape(N, F, Ho, Wo)
    out += b.reshape(1, F, 1, 1)
    return out, (x.shape, w, cols, conv_param, (S, P, Ho, Wo))


def conv_backward_fast(dout: np.ndarray, cache: tuple[Any, ...]) -> tuple[np.ndarray, ...]:
    """Vectorised convolution backward pass.

    Inputs:
    - dout: (N, F, Ho, Wo) upstream gradient
    - cache: from conv_forward_fast

    Returns (dx, dw, db) shaped like x: (N, C, H, W), w: (F, C, HH, WW), b: (F,).
    """
    x_shape, w, cols, _, (S, P, Ho, Wo) = cache
    N, C, H, W = x_shape
    F, _, HH, WW = w.shape
    dout3 = dout.reshape(N, F, Ho * Wo)
    db = dout3.sum(axis=(0, 2))
    # per-image (F, HoWo) @ (HoWo, CKK), summed over the batch
    dw = np.matmul(dout3, cols.transpose(0, 2, 1)).sum(axis=0).reshape(w.shape)
    dcols = np.matmul(w.reshape(F, -1).T, dout3)  # (N, CKK, HoWo)
    dxp = _col2im(dcols.reshape(N, C, HH, WW, Ho, Wo), (N, C, H + 2 * P, W + 2 * P), S)
    return dxp[:, :, P : P + H, P : P + W], dw, db


def conv_transpose_forward(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, conv_param: dict[str, Any]
) -> tuple[np.ndarray, tuple[Any, ...]]:
    """Transposed convolution ("learnable upsampling", lecture 9), as `F.conv_transpose2d`.

    Each input pixel scatters a copy of its filter, scaled by the pixel value, into the output
    at stride S; overlaps add. It is exactly the input-gradient of a convolution with the same
    w, stride and pad, which is why it is called the transpose.

    Inputs:
    - x: (N, C_in, H, W) input batch
    - w: (C_in, F, HH, WW) filters, PyTorch's conv_transpose2d layout (input channels first)
    - b: (F,) biases
    - conv_param: {'stride': S, 'pad': P}; P rows/columns are cropped from each output side

    Returns (out, cache) with out: (N, F, Ho, Wo), Ho = (H-1)*S - 2P + HH and
    Wo = (W-1)*S - 2P + WW (no output_padding).
    """
    N, C, H, W = x.shape
    F, HH, WW = w.shape[1:]
    if w.shape[0] != C:
        raise ValueError(f"x has {C} channels but w expects {w.shape[0]}")
    S, P = conv_param["stride"], conv_param["pad"]
    Hf, Wf = (H - 1) * S + HH, (W - 1) * S + WW  # output size before cropping the pad
    if S < 1 or P < 0 or Hf - 2 * P < 1 or Wf - 2 * P < 1:
        raise ValueError(f"conv_transpose: no output for H={H} W={W} HH={HH} WW={WW} S={S} P={P}")
    # (F*HH*WW, C) @ (N, C, H*W) -> (N, F*HH*WW, H*W): every pixel's scaled filter
    cols = np.matmul(w.reshape(C, -1).T, x.reshape(N, C, H * W))
    full = _col2im(cols.reshape(N, F, HH, WW, H, W), (N, F, Hf, Wf), S)
    out = full[:, :, P : Hf - P, P : Wf - P] + b.reshape(1, F, 1, 1)
    return out, (x, w, conv_param)


def conv_transpose_backward(dout: np.ndarray, cache: tuple[Any, ...]) -> tuple[np.ndarray, ...]:
    """Transposed convolution backward pass (a plain strided convolution of dout).

    Inputs:
    - dout: (N, F, Ho, Wo) upstream gradient
    - cache: from conv_transpose_forward

    Returns (dx, dw, db) shaped like x: (N, C_in, H, W), w: (C_in, F, HH, WW), b: (F,).
    """
    x, w, conv_param = cache
    N, C, H, W = x.shape
    _, F, HH, WW = w.shape
    S, P = conv_param["stride"], conv_param["pad"]
    dcols = _im2col(_pad(dout, P), HH, WW, S, H, W).reshape(N, F * HH * WW, H * W)
    dx = np.matmul(w.reshape(C, -1), dcols).reshape(x.shape)
    # per-image (C, HW) @ (HW, F*HH*WW), summed over the batch
    dw = np.matmul(x.reshape(N, C, H * W), dcols.transpose(0, 2, 1)).sum(axis=0)
    return dx, dw.reshape(w.shape), dout.sum(axis=(0, 2, 3))
