# expect: passed
import numpy as np


def dropout_forward(x, dropout_param):
    p = dropout_param["p"]
    if dropout_param["mode"] == "test":
        return x, ("test", None, p)
    rng = np.random.default_rng(dropout_param.get("seed"))
    keep = rng.uniform(size=x.shape) > p
    return np.where(keep, x / (1 - p), 0.0), ("train", keep, p)


def dropout_backward(dout, cache):
    mode, keep, p = cache
    return dout if mode == "test" else np.where(keep, dout / (1 - p), 0.0)
