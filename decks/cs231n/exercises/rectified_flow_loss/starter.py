"""The rectified flow training loss.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def rectified_flow_loss(v_pred, x, z):
    """L = mean of (v_pred - (z - x))**2 over every element.

    Inputs:
    - v_pred: (N, ...) the network's velocity f(x_t, t)
    - x: (N, ...) data samples (t = 0)
    - z: (N, ...) noise samples (t = 1)

    Returns a tuple of:
    - loss: scalar
    - dv_pred: (N, ...) gradient with respect to v_pred
    """
    raise NotImplementedError("rectified_flow_loss")
