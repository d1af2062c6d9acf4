# expect: backward: dx is dout times the ReLU output
# expect: gradient check: disagrees with the numerical gradient
import numpy as np


def relu_forward(x):
    out = np.maximum(0, x)
    return out, out


def relu_backward(dout, cache):
    out = cache
    return dout * out
