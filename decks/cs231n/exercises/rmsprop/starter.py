"""RMSProp: per-coordinate step sizes from a running mean of squared gradients.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def rmsprop(w, dw, config=None):
    """RMSProp: per-coordinate step sizes from a running mean of squared gradients.

    Inputs:
    - w: the current weights, an array of any shape (do not change it in place)
    - dw: the gradient of the loss with respect to w, w's shape
    - config: a dict of hyperparameters and optimiser state, or None for a fresh one:
      - 'learning_rate': step size, default 1e-2
      - 'decay_rate': in [0, 1), default 0.99
      - 'epsilon': small number avoiding a division by zero, default 1e-8
      - 'cache': the state, the running mean of dw**2 (zeros when absent)

    Returns a tuple of:
    - next_w: the updated weights, w's shape
    - config: the dict to pass to the next call, holding the new cache
    """
    if config is None:
        config = {}
    raise NotImplementedError("rmsprop")
