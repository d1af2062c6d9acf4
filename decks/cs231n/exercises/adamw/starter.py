"""AdamW: Adam plus decoupled weight decay.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def adamw(w, dw, config=None):
    """AdamW: Adam plus decoupled weight decay.

    Inputs:
    - w: the current weights, an array of any shape (do not change it in place)
    - dw: the gradient of the loss with respect to w, w's shape
    - config: a dict of hyperparameters and optimiser state, or None for a fresh one:
      - 'learning_rate', 'beta1', 'beta2', 'epsilon': as in adam (1e-3, 0.9, 0.999, 1e-8)
      - 'weight_decay': decay strength, default 1e-2
      - 'm', 'v', 't': the state, as in adam

    Returns a tuple of:
    - next_w: the updated weights, w's shape
    - config: the dict to pass to the next call, holding the new m, v and t
    """
    if config is None:
        config = {}
    raise NotImplementedError("adamw")
