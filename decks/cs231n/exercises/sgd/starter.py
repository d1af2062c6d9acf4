"""Vanilla stochastic gradient descent.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def sgd(w, dw, config=None):
    """Vanilla stochastic gradient descent.

    Inputs:
    - w: the current weights, an array of any shape (do not change it in place)
    - dw: the gradient of the loss with respect to w, w's shape
    - config: a dict of hyperparameters and optimiser state, or None for a fresh one:
      - 'learning_rate': step size, default 1e-2

    Returns a tuple of:
    - next_w: the updated weights, w's shape
    - config: the dict to pass to the next call, holding the filled-in defaults
    """
    if config is None:
        config = {}
    raise NotImplementedError("sgd")
