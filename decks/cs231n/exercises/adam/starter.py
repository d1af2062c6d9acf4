"""Adam: momentum on the gradient plus RMSProp scaling, with bias correction.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def adam(w, dw, config=None):
    """Adam: momentum on the gradient plus RMSProp scaling, with bias correction.

    Inputs:
    - w: the current weights, an array of any shape (do not change it in place)
    - dw: the gradient of the loss with respect to w, w's shape
    - config: a dict of hyperparameters and optimiser state, or None for a fresh one:
      - 'learning_rate': step size, default 1e-3
      - 'beta1': decay of the first moment, default 0.9
      - 'beta2': decay of the second moment, default 0.999
      - 'epsilon': small number avoiding a division by zero, default 1e-8
      - 'm', 'v': the state, moving averages of dw and dw**2 (zeros when absent)
      - 't': the state, the number of steps taken (0 when absent)

    Returns a tuple of:
    - next_w: the updated weights, w's shape
    - config: the dict to pass to the next call, holding the new m, v and t
    """
    if config is None:
        config = {}
    raise NotImplementedError("adam")
