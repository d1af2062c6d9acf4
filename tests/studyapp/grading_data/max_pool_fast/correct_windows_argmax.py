# expect: passed
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def max_pool_forward_fast(x, pool_param):
    ph, pw, S = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    windows = sliding_window_view(x, (ph, pw), axis=(2, 3))[:, :, ::S, ::S]
    flat = windows.reshape((*windows.shape[:4], -1))
    arg = flat.argmax(axis=-1)
    out = np.take_along_axis(flat, arg[..., None], axis=-1)[..., 0]
    return out, (x.shape, arg, pool_param)


def max_pool_backward_fast(dout, cache):
    shape, arg, pool_param = cache
    pw, S = pool_param["pool_width"], pool_param["stride"]
    N, C, Ho, Wo = dout.shape
    rows = np.arange(Ho)[:, None] * S + arg // pw
    cols = np.arange(Wo)[None, :] * S + arg % pw
    dx = np.zeros(shape)
    n = np.arange(N)[:, None, None, None]
    c = np.arange(C)[None, :, None, None]
    np.add.at(dx, (n, c, rows, cols), dout)
    return dx
