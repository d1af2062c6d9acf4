# expect: passed
import numpy as np


def softmax_loss(x, y):
    N = x.shape[0]
    m = x.max(axis=1, keepdims=True)
    log_z = m + np.log(np.sum(np.exp(x - m), axis=1, keepdims=True))
    log_p = x - log_z
    loss = -np.sum(log_p[np.arange(N), y]) / N
    onehot = np.zeros_like(x)
    onehot[np.arange(N), y] = 1
    return loss, (np.exp(log_p) - onehot) / N
