# expect: passed
import numpy as np


def rmsprop(w, dw, config=None):
    config = config if config is not None else {}
    learning_rate = config.get("learning_rate", 1e-2)
    decay_rate = config.get("decay_rate", 0.99)
    eps = config.get("epsilon", 1e-8)
    grad_squared = config.get("cache", np.zeros(w.shape))
    grad_squared = decay_rate * grad_squared + (1 - decay_rate) * dw * dw
    config.update(learning_rate=learning_rate, decay_rate=decay_rate, epsilon=eps)
    config["cache"] = grad_squared
    return w - learning_rate * dw / (np.sqrt(grad_squared) + eps), config
