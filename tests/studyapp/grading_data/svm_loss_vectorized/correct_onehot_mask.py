# expect: passed
import numpy as np


def svm_loss_vectorized(W, X, y, reg):
    N, C = X.shape[0], W.shape[1]
    onehot = np.eye(C)[y]
    scores = X @ W
    correct = np.sum(scores * onehot, axis=1, keepdims=True)
    active = (scores - correct + 1 > 0) & (onehot == 0)
    loss = np.sum((scores - correct + 1) * active) / N + reg * np.sum(W**2)
    coeff = active - onehot * active.sum(axis=1, keepdims=True)
    return loss, X.T.dot(coeff) / N + 2 * reg * W
