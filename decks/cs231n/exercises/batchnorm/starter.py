"""Batch normalisation: forward (train and test mode) and backward.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def batchnorm_forward(x, gamma, beta, bn_param):
    """Forward pass for batch normalisation: each feature normalised over the batch.

    Inputs:
    - x: (N, D) input batch
    - gamma: (D,) scale
    - beta: (D,) shift
    - bn_param: dict with
      - 'mode': 'train' or 'test'; required
      - 'eps': added to the variance, default 1e-5
      - 'momentum': default 0.9; running = momentum * running + (1 - momentum) * batch
      - 'running_mean', 'running_var': (D,) arrays, zeros and ones when absent; train mode
        stores the updated ones back into bn_param

    Returns a tuple of:
    - out: (N, D)
    - cache: whatever your backward pass needs
    """
    raise NotImplementedError("batchnorm_forward")


def batchnorm_backward(dout, cache):
    """Backward pass for batch normalisation (train or test mode, as the forward ran).

    Inputs:
    - dout: (N, D) upstream gradient
    - cache: what batchnorm_forward returned

    Returns a tuple of:
    - dx: (N, D)
    - dgamma: (D,)
    - dbeta: (D,)
    """
    raise NotImplementedError("batchnorm_backward")
