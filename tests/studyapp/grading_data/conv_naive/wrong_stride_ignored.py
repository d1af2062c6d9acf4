# expect: forward: correct except with a stride above 1
import numpy as np


def conv_forward_naive(x, w, b, conv_param):
    N, _C, H, W = x.shape
    F, _, HH, WW = w.shape
    S, P = conv_param["stride"], conv_param["pad"]
    Ho = 1 + (H + 2 * P - HH) // S
    Wo = 1 + (W + 2 * P - WW) // S
    xp = np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)))
    out = np.zeros((N, F, Ho, Wo))
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    out[n, f, i, j] = np.sum(xp[n, :, i : i + HH, j : j + WW] * w[f]) + b[f]
    return out, (x, w, b, conv_param)


def conv_backward_naive(dout, cache):
    x, w, _b, conv_param = cache
    P = conv_param["pad"]
    F, _, HH, WW = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)))
    dxp, dw = np.zeros_like(xp), np.zeros_like(w)
    for n in range(x.shape[0]):
        for f in range(F):
            for i in range(dout.shape[2]):
                for j in range(dout.shape[3]):
                    dw[f] += xp[n, :, i : i + HH, j : j + WW] * dout[n, f, i, j]
                    dxp[n, :, i : i + HH, j : j + WW] += w[f] * dout[n, f, i, j]
    return dxp[:, :, P : P + x.shape[2], P : P + x.shape[3]], dw, dout.sum(axis=(0, 2, 3))
