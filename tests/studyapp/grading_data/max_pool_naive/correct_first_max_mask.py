# expect: passed
import numpy as np


def max_pool_forward_naive(x, pool_param):
    ph, pw, S = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    Ho = (x.shape[2] - ph) // S + 1
    Wo = (x.shape[3] - pw) // S + 1
    out = np.empty((*x.shape[:2], Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            out[:, :, i, j] = np.max(x[:, :, i * S : i * S + ph, j * S : j * S + pw], axis=(2, 3))
    return out, (x, ph, pw, S)


def max_pool_backward_naive(dout, cache):
    x, ph, pw, S = cache
    N, C = x.shape[:2]
    dx = np.zeros(x.shape)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            window = x[:, :, i * S : i * S + ph, j * S : j * S + pw].reshape(N, C, -1)
            first = np.argmax(window, axis=2)  # the first maximum of each window
            mask = np.zeros_like(window)
            np.put_along_axis(mask, first[:, :, None], 1.0, axis=2)
            grad = mask * dout[:, :, i, j][:, :, None]
            dx[:, :, i * S : i * S + ph, j * S : j * S + pw] += grad.reshape(N, C, ph, pw)
    return dx
