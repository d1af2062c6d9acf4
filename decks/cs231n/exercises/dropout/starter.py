"""Inverted dropout: forward (train and test mode) and backward.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def dropout_forward(x, dropout_param):
    """Forward pass for inverted dropout.

    Inputs:
    - x: input of any shape
    - dropout_param: dict with
      - 'p': the probability of DROPPING each unit, 0 <= p < 1
      - 'mode': 'train' (drop and rescale) or 'test' (return x unchanged)
      - 'seed': optional int; the same seed must give the same mask

    Returns a tuple of:
    - out: the same shape as x
    - cache: whatever your backward pass needs
    """
    raise NotImplementedError("dropout_forward")


def dropout_backward(dout, cache):
    """Backward pass for inverted dropout.

    Inputs:
    - dout: upstream gradient, the same shape as x
    - cache: what dropout_forward returned

    Returns:
    - dx: the same shape as x
    """
    raise NotImplementedError("dropout_backward")
