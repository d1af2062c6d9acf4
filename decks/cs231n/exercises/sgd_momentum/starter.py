"""Stochastic gradient descent with momentum.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def sgd_momentum(w, dw, config=None):
    """Stochastic gradient descent with momentum.

    Inputs:
    - w: the current weights, an array of any shape (do not change it in place)
    - dw: the gradient of the loss with respect to w, w's shape
    - config: a dict of hyperparameters and optimiser state, or None for a fresh one:
      - 'learning_rate': step size, default 1e-2
      - 'momentum': rho in [0, 1), default 0.9
      - 'velocity': the state, an array of w's shape (zeros when absent)

    Returns a tuple of:
    - next_w: the updated weights, w's shape
    - config: the dict to pass to the next call, holding the new velocity
    """
    if config is None:
        config = {}
    raise NotImplementedError("sgd_momentum")
