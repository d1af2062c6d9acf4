# expect: passed
import numpy as np


def _cols(xp, HH, WW, S, Ho, Wo):
    N, C = xp.shape[:2]
    cols = np.empty((N, C, HH, WW, Ho, Wo))
    for a in range(HH):
        for b in range(WW):
            cols[:, :, a, b] = xp[:, :, a : a + S * Ho : S, b : b + S * Wo : S]
    return cols


def conv_forward_fast(x, w, b, conv_param):
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    S, P = conv_param["stride"], conv_param["pad"]
    Ho, Wo = 1 + (H + 2 * P - HH) // S, 1 + (W + 2 * P - WW) // S
    xp = np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)))
    cols = _cols(xp, HH, WW, S, Ho, Wo).reshape(N, C * HH * WW, Ho * Wo)
    out = (w.reshape(F, -1) @ cols).reshape(N, F, Ho, Wo) + b[None, :, None, None]
    return out, (x.shape, w, cols, S, P)


def conv_backward_fast(dout, cache):
    (N, C, H, W), w, cols, S, P = cache
    F, _, HH, WW = w.shape
    Ho, Wo = dout.shape[2:]
    d = dout.reshape(N, F, Ho * Wo)
    db = d.sum(axis=(0, 2))
    dw = np.einsum("nfk,nck->fc", d, cols).reshape(w.shape)
    dcols = (w.reshape(F, -1).T @ d).reshape(N, C, HH, WW, Ho, Wo)
    dxp = np.zeros((N, C, H + 2 * P, W + 2 * P))
    for a in range(HH):
        for b in range(WW):
            dxp[:, :, a : a + S * Ho : S, b : b + S * Wo : S] += dcols[:, :, a, b]
    return dxp[:, :, P : P + H, P : P + W], dw, db
