# expect: passed
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv_forward_fast(x, w, b, conv_param):
    S, P = conv_param["stride"], conv_param["pad"]
    HH, WW = w.shape[2:]
    xp = np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)))
    windows = sliding_window_view(xp, (HH, WW), axis=(2, 3))[:, :, ::S, ::S]
    out = np.einsum("nchwij,fcij->nfhw", windows, w, optimize=True) + b.reshape(1, -1, 1, 1)
    return out, (xp, windows, w, S, P)


def conv_backward_fast(dout, cache):
    xp, windows, w, S, P = cache
    HH, WW = w.shape[2:]
    Ho, Wo = dout.shape[2:]
    dw = np.einsum("nchwij,nfhw->fcij", windows, dout, optimize=True)
    dxp = np.zeros_like(xp)
    for i in range(HH):
        for j in range(WW):
            contrib = np.einsum("nfhw,fc->nchw", dout, w[:, :, i, j], optimize=True)
            dxp[:, :, i : i + S * Ho : S, j : j + S * Wo : S] += contrib
    H, W = xp.shape[2] - 2 * P, xp.shape[3] - 2 * P
    return dxp[:, :, P : P + H, P : P + W], dw, dout.sum(axis=(0, 2, 3))
