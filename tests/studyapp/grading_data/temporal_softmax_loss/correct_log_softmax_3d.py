# expect: passed
import numpy as np


def temporal_softmax_loss(x, y, mask):
    N = x.shape[0]
    m = x.max(axis=2, keepdims=True)
    log_p = x - m - np.log(np.exp(x - m).sum(axis=2, keepdims=True))
    picked = np.take_along_axis(log_p, y[:, :, None], axis=2)[:, :, 0]
    loss = -np.sum(picked[mask]) / N
    onehot = np.zeros_like(x)
    np.put_along_axis(onehot, y[:, :, None], 1.0, axis=2)
    dx = (np.exp(log_p) - onehot) * mask[:, :, None] / N
    return loss, dx
