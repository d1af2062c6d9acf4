"""Temporal affine layer: the same affine map at every time step.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def temporal_affine_forward(x, w, b):
    """Forward pass: out[n, t] = x[n, t] @ w + b.

    Inputs:
    - x: (N, T, D) input sequence
    - w: (D, M) weights
    - b: (M,) biases

    Returns a tuple of:
    - out: (N, T, M)
    - cache: whatever your backward pass needs
    """
    raise NotImplementedError("temporal_affine_forward")


def temporal_affine_backward(dout, cache):
    """Backward pass for the temporal affine layer.

    Inputs:
    - dout: (N, T, M) upstream gradient
    - cache: what temporal_affine_forward returned

    Returns a tuple of:
    - dx: (N, T, D)
    - dw: (D, M)
    - db: (M,)
    """
    raise NotImplementedError("temporal_affine_backward")
