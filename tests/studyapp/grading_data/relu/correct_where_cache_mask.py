# expect: passed
import numpy as np


def relu_forward(x):
    mask = x > 0
    out = np.where(mask, x, 0.0)
    return out, mask


def relu_backward(dout, cache):
    mask = cache
    dx = dout.copy()
    dx[~mask] = 0
    return dx
