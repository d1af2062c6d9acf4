# expect: passed
import numpy as np


def _step(x, prev_h, Wx, Wh, b):
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)
    return next_h, (x, prev_h, next_h)


def _step_back(dnext_h, cache, Wx, Wh):
    x, prev_h, next_h = cache
    da = dnext_h * (1 - next_h * next_h)
    return da @ Wx.T, da @ Wh.T, x.T @ da, prev_h.T @ da, da.sum(0)


def rnn_forward(x, h0, Wx, Wh, b):
    hs, caches = [], []
    h = h0
    for t in range(x.shape[1]):
        h, c = _step(x[:, t, :], h, Wx, Wh, b)
        hs.append(h)
        caches.append(c)
    return np.stack(hs, axis=1), (caches, Wx, Wh)


def rnn_backward(dh, cache):
    caches, Wx, Wh = cache
    grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(Wh.shape[1])]
    dxs = [None] * len(caches)
    carry = np.zeros(dh[:, 0].shape)
    for t in range(len(caches) - 1, -1, -1):
        dxs[t], carry, *step_grads = _step_back(dh[:, t] + carry, caches[t], Wx, Wh)
        grads = [g + s for g, s in zip(grads, step_grads, strict=False)]
    return np.stack(dxs, axis=1), carry, grads[0], grads[1], grads[2]
