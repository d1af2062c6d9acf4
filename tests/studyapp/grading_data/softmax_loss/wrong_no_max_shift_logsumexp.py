# expect: edge cases: the loss is infinite on scores around 1000
import numpy as np


def softmax_loss(x, y):
    N = x.shape[0]
    loss = np.mean(np.log(np.sum(np.exp(x), axis=1)) - x[np.arange(N), y])
    probs = np.exp(x - x.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    probs[np.arange(N), y] -= 1
    return loss, probs / N
