# expect: passed
import numpy as np


def affine_forward(x, w, b):
    x2 = x.reshape(len(x), -1)
    return np.einsum("nd,dm->nm", x2, w) + b, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    x2 = x.reshape(len(x), -1)
    dx = np.einsum("nm,dm->nd", dout, w).reshape(x.shape)
    dw = np.einsum("nd,nm->dm", x2, dout)
    return dx, dw, np.sum(dout, axis=0)
