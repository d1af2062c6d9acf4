# expect: dropout properties: the backward does not use the forward's mask
import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    rng = np.random.default_rng(dropout_param.get("seed"))
    if mode == "train":
        mask = (rng.random(x.shape) >= p) / (1 - p)
        return x * mask, dropout_param
    return x, dropout_param


def dropout_backward(dout, cache):
    dropout_param = cache
    if dropout_param["mode"] == "test":
        return dout
    p = dropout_param["p"]
    mask = (np.random.rand(*dout.shape) >= p) / (1 - p)  # a fresh mask: not the forward's
    return dout * mask
