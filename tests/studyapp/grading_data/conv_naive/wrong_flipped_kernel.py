# expect: forward: the filters are flipped
import numpy as np


def conv_forward_naive(x, w, b, conv_param):
    N, _C, H, W = x.shape
    F, _, HH, WW = w.shape
    S, P = conv_param["stride"], conv_param["pad"]
    Ho = 1 + (H + 2 * P - HH) // S
    Wo = 1 + (W + 2 * P - WW) // S
    xp = np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)))
    kernel = w[:, :, ::-1, ::-1]  # "convolution flips the kernel"
    out = np.zeros((N, F, Ho, Wo))
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    window = xp[n, :, i * S : i * S + HH, j * S : j * S + WW]
                    out[n, f, i, j] = np.sum(window * kernel[f]) + b[f]
    return out, (x, kernel, conv_param)


def conv_backward_naive(dout, cache):
    x, kernel, conv_param = cache
    S, P = conv_param["stride"], conv_param["pad"]
    F, _, HH, WW = kernel.shape
    xp = np.pad(x, ((0, 0), (0, 0), (P, P), (P, P)))
    dxp, dk = np.zeros_like(xp), np.zeros_like(kernel)
    for n in range(x.shape[0]):
        for f in range(F):
            for i in range(dout.shape[2]):
                for j in range(dout.shape[3]):
                    dk[f] += xp[n, :, i * S : i * S + HH, j * S : j * S + WW] * dout[n, f, i, j]
                    dxp[n, :, i * S : i * S + HH, j * S : j * S + WW] += (
                        kernel[f] * dout[n, f, i, j]
                    )
    dw = dk[:, :, ::-1, ::-1]
    return dxp[:, :, P : P + x.shape[2], P : P + x.shape[3]], dw, dout.sum(axis=(0, 2, 3))
