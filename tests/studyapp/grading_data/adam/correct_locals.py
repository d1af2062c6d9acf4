# expect: passed
import numpy as np

DEFAULTS = {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}


def adam(w, dw, config=None):
    config = dict(DEFAULTS, **(config or {}))
    b1, b2 = config["beta1"], config["beta2"]
    t = config.get("t", 0) + 1
    m = b1 * config.get("m", 0.0) + (1 - b1) * dw
    v = b2 * config.get("v", 0.0) + (1 - b2) * (dw * dw)
    step = (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + config["epsilon"])
    config.update(m=m, v=v, t=t)
    return w - config["learning_rate"] * step, config
