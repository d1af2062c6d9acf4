"""ReLU layer: forward and backward.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def relu_forward(x):
    """Forward pass for a layer of rectified linear units: out = max(0, x).

    Inputs:
    - x: input of any shape

    Returns a tuple of:
    - out: the same shape as x
    - cache: whatever your backward pass needs
    """
    raise NotImplementedError("relu_forward")


def relu_backward(dout, cache):
    """Backward pass for a layer of rectified linear units.

    Inputs:
    - dout: upstream gradient, the same shape as x
    - cache: what relu_forward returned

    Returns:
    - dx: the same shape as x (0 where x <= 0)
    """
    raise NotImplementedError("relu_backward")
