"""Affine (fully connected) layer: forward and backward.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def affine_forward(x, w, b):
    """Forward pass for an affine layer: out = x_flat @ w + b.

    Inputs:
    - x: (N, d_1, ..., d_k) input; each example is flattened to D = d_1 * ... * d_k
    - w: (D, M) weights
    - b: (M,) biases

    Returns a tuple of:
    - out: (N, M)
    - cache: whatever your backward pass needs
    """
    raise NotImplementedError("affine_forward")


def affine_backward(dout, cache):
    """Backward pass for an affine layer.

    Inputs:
    - dout: (N, M) upstream gradient
    - cache: what affine_forward returned

    Returns a tuple of:
    - dx: (N, d_1, ..., d_k), the same shape as x
    - dw: (D, M)
    - db: (M,)
    """
    raise NotImplementedError("affine_backward")
