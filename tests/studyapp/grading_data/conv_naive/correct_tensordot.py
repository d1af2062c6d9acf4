# expect: passed
import numpy as np


def conv_forward_naive(x, w, b, conv_param):
    S, P = conv_param["stride"], conv_param["pad"]
    F, _C, HH, WW = w.shape
    xp = np.pad(x, [(0, 0), (0, 0), (P, P), (P, P)], mode="constant")
    Ho = (xp.shape[2] - HH) // S + 1
    Wo = (xp.shape[3] - WW) // S + 1
    out = np.empty((x.shape[0], F, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            patch = xp[:, :, i * S : i * S + HH, j * S : j * S + WW]  # (N, C, HH, WW)
            out[:, :, i, j] = np.tensordot(patch, w, axes=([1, 2, 3], [1, 2, 3])) + b
    return out, (xp, w, S, P)


def conv_backward_naive(dout, cache):
    xp, w, S, P = cache
    _F, _C, HH, WW = w.shape
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            patch = xp[:, :, i * S : i * S + HH, j * S : j * S + WW]
            g = dout[:, :, i, j]  # (N, F)
            dw += np.tensordot(g, patch, axes=([0], [0]))
            dxp[:, :, i * S : i * S + HH, j * S : j * S + WW] += np.tensordot(g, w, axes=([1], [0]))
    H, W = xp.shape[2] - 2 * P, xp.shape[3] - 2 * P
    return dxp[:, :, P : P + H, P : P + W], dw, dout.sum(axis=(0, 2, 3))
