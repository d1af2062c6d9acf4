# expect: passed
import numpy as np


def temporal_softmax_loss(x, y, mask):
    N, T, V = x.shape
    x2 = x.reshape(N * T, V)
    y2 = y.reshape(N * T)
    m2 = mask.reshape(N * T)
    shifted = x2 - x2.max(axis=1, keepdims=True)
    probs = np.exp(shifted)
    probs /= probs.sum(axis=1, keepdims=True)
    loss = -np.sum(m2 * np.log(probs[np.arange(N * T), y2])) / N
    dx2 = probs.copy()
    dx2[np.arange(N * T), y2] -= 1
    dx2 /= N
    dx2 *= m2[:, None]
    return loss, dx2.reshape(N, T, V)
