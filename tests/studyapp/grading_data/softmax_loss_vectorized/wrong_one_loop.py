# expect: no loops: found a for at line
import numpy as np


def softmax_loss_vectorized(W, X, y, reg):
    N = X.shape[0]
    loss = 0.0
    dW = np.zeros_like(W)
    for i in range(N):
        s = X[i] @ W
        s = s - s.max()
        p = np.exp(s) / np.exp(s).sum()
        loss -= np.log(p[y[i]])
        p[y[i]] -= 1
        dW += np.outer(X[i], p)
    return loss / N + reg * np.sum(W * W), dW / N + 2 * reg * W
