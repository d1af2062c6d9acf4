# expect: forward: dx[i, y_i] is -1 instead of minus the number of active margins
# expect: gradient check: disagrees with the numerical gradient
import numpy as np


def svm_loss(x, y):
    N = x.shape[0]
    correct = x[np.arange(N), y][:, None]
    margins = np.maximum(0, x - correct + 1)
    margins[np.arange(N), y] = 0
    loss = margins.sum() / N
    dx = (margins > 0).astype(float)
    dx[np.arange(N), y] = -1
    return loss, dx / N
