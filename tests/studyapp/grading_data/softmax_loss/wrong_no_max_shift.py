# expect: edge cases: exp overflows to inf; subtract each row's max
import numpy as np


def softmax_loss(x, y):
    N = x.shape[0]
    probs = np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
    loss = -np.log(probs[np.arange(N), y]).mean()
    dx = probs.copy()
    dx[np.arange(N), y] -= 1
    return loss, dx / N
