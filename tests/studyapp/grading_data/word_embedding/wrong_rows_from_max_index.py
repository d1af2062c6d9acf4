# expect: edge cases: dW has x.max() + 1 rows
import numpy as np


def word_embedding_forward(x, W):
    return W[x], x


def word_embedding_backward(dout, cache):
    x = cache
    dW = np.zeros((x.max() + 1, dout.shape[-1]))
    np.add.at(dW, x, dout)
    return dW
