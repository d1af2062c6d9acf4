# expect: forward: the velocity is an exponential average
import numpy as np


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    lr = config.setdefault("learning_rate", 1e-2)
    mu = config.setdefault("momentum", 0.9)
    v = mu * config.get("velocity", np.zeros_like(w)) + (1 - mu) * dw
    config["velocity"] = v
    return w - lr * v, config
