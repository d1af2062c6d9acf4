# expect: passed
import numpy as np


def sgd(w, dw, config=None):
    config = config or {}
    config["learning_rate"] = config.get("learning_rate", 1e-2)
    return np.subtract(w, config["learning_rate"] * dw), config
