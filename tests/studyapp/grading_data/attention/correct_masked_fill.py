# expect: passed
import numpy as np


def _softmax(s):
    s = s - np.max(s, axis=-1, keepdims=True)
    e = np.exp(s)
    return e / np.sum(e, axis=-1, keepdims=True)


def scaled_dot_product_attention_forward(q, k, v, mask):
    kt = k.swapaxes(-1, -2)
    scores = np.matmul(q, kt) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(np.broadcast_to(mask, scores.shape), scores, -1e30)
    p = _softmax(scores)
    return np.matmul(p, v), (q, k, v, p)


def scaled_dot_product_attention_backward(dout, cache):
    q, k, v, p = cache
    c = 1.0 / np.sqrt(q.shape[-1])
    dv = np.matmul(p.swapaxes(-1, -2), dout)
    dp = np.matmul(dout, v.swapaxes(-1, -2))
    ds = p * (dp - (p * dp).sum(-1, keepdims=True))
    return c * np.matmul(ds, k), c * np.matmul(ds.swapaxes(-1, -2), q), dv
