"""RMSNorm: forward and backward.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def rmsnorm_forward(x, gamma):
    """RMSNorm over the last axis: out = x / sqrt(mean(x**2) + eps) * gamma, eps = 1e-6.

    Inputs:
    - x: (..., D) input, e.g. (N, D) or (N, T, D)
    - gamma: (D,) scale

    Returns a tuple of:
    - out: (..., D)
    - cache: whatever your backward pass needs
    """
    raise NotImplementedError("rmsnorm_forward")


def rmsnorm_backward(dout, cache):
    """Backward pass for RMSNorm.

    Inputs:
    - dout: (..., D) upstream gradient
    - cache: what rmsnorm_forward returned

    Returns a tuple of:
    - dx: (..., D)
    - dgamma: (D,)
    """
    raise NotImplementedError("rmsnorm_backward")
