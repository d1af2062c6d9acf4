# expect: edge cases: dx passes the gradient where x == 0
import numpy as np


def relu_forward(x):
    return np.maximum(0, x), x


def relu_backward(dout, cache):
    x = cache
    return dout * (x >= 0)
