"""Max-pooling layer, with explicit loops.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def max_pool_forward_naive(x, pool_param):
    """Forward pass for a max-pooling layer (no padding).

    Inputs:
    - x: (N, C, H, W) input batch
    - pool_param: dict with
      - 'pool_height': ph, 'pool_width': pw, the window size
      - 'stride': S, the step between neighbouring windows

    Returns a tuple of:
    - out: (N, C, Ho, Wo) with Ho = 1 + (H - ph) // S and Wo = 1 + (W - pw) // S
    - cache: whatever your backward pass needs
    """
    raise NotImplementedError("max_pool_forward_naive")


def max_pool_backward_naive(dout, cache):
    """Backward pass for a max-pooling layer; a window's gradient goes to its first maximum
    (row-major), and gradients add where windows overlap.

    Inputs:
    - dout: (N, C, Ho, Wo) upstream gradient
    - cache: what max_pool_forward_naive returned

    Returns:
    - dx: (N, C, H, W)
    """
    raise NotImplementedError("max_pool_backward_naive")
