# expect: passed
import numpy as np


def word_embedding_forward(x, W):
    V = W.shape[0]
    onehot = np.eye(V)[x.reshape(-1)]  # (N*T, V)
    out = (onehot @ W).reshape(*x.shape, W.shape[1])
    return out, (onehot, x.shape)


def word_embedding_backward(dout, cache):
    onehot, _ = cache
    return onehot.T @ dout.reshape(-1, dout.shape[-1])
