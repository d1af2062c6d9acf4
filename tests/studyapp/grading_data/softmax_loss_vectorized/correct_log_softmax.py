# expect: passed
import numpy as np


def softmax_loss_vectorized(W, X, y, reg):
    N, C = X.shape[0], W.shape[1]
    s = X.dot(W)
    m = np.max(s, axis=1, keepdims=True)
    log_p = s - m - np.log(np.sum(np.exp(s - m), axis=1, keepdims=True))
    Y = np.eye(C)[y]
    loss = -np.sum(Y * log_p) / N + reg * np.sum(W**2)
    dW = X.T.dot(np.exp(log_p) - Y) / N + 2 * reg * W
    return loss, dW
