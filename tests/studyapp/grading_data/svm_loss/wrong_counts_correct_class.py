# expect: forward: the loss counts the correct class too
import numpy as np


def svm_loss(x, y):
    N = x.shape[0]
    correct = x[np.arange(N), y][:, None]
    margins = np.maximum(0, x - correct + 1)
    loss = margins.sum() / N
    dx = (margins > 0).astype(float)
    dx[np.arange(N), y] = 0
    dx[np.arange(N), y] = -dx.sum(axis=1)
    return loss, dx / N
