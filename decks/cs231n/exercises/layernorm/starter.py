"""Layer normalisation: forward and backward.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def layernorm_forward(x, gamma, beta, ln_param):
    """Forward pass for layer normalisation: each example normalised over its features.
    The same in train and test mode (no running statistics).

    Inputs:
    - x: (N, D) input batch
    - gamma: (D,) scale
    - beta: (D,) shift
    - ln_param: dict with 'eps', added to the variance, default 1e-5

    Returns a tuple of:
    - out: (N, D)
    - cache: whatever your backward pass needs
    """
    raise NotImplementedError("layernorm_forward")


def layernorm_backward(dout, cache):
    """Backward pass for layer normalisation.

    Inputs:
    - dout: (N, D) upstream gradient
    - cache: what layernorm_forward returned

    Returns a tuple of:
    - dx: (N, D)
    - dgamma: (D,)
    - dbeta: (D,)
    """
    raise NotImplementedError("layernorm_backward")
