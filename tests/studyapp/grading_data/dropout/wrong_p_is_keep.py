# expect: dropout properties: is p the keep probability in your code?
import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    rng = np.random.default_rng(dropout_param.get("seed"))
    if mode == "train":
        mask = (rng.random(x.shape) < p) / p  # the old assignment's p: keep probability
        return x * mask, (mode, mask)
    return x, (mode, None)


def dropout_backward(dout, cache):
    mode, mask = cache
    return dout * mask if mode == "train" else dout
