# expect: forward: out is the window's mean
import numpy as np


def max_pool_forward_naive(x, pool_param):
    N, C, H, W = x.shape
    ph, pw, S = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    Ho, Wo = 1 + (H - ph) // S, 1 + (W - pw) // S
    out = np.zeros((N, C, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            out[:, :, i, j] = x[:, :, i * S : i * S + ph, j * S : j * S + pw].mean(axis=(2, 3))
    return out, (x.shape, pool_param)


def max_pool_backward_naive(dout, cache):
    shape, pool_param = cache
    ph, pw, S = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    dx = np.zeros(shape)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            dx[:, :, i * S : i * S + ph, j * S : j * S + pw] += dout[:, :, i : i + 1, j : j + 1] / (
                ph * pw
            )
    return dx
