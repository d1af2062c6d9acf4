"""Convolution layer, with explicit loops.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def conv_forward_naive(x, w, b, conv_param):
    """Forward pass for a convolutional layer (cross-correlation, as in CS231n and PyTorch).

    Inputs:
    - x: (N, C, H, W) input batch
    - w: (F, C, HH, WW) filters
    - b: (F,) biases
    - conv_param: dict with
      - 'stride': S, the step between neighbouring windows
      - 'pad': P, the number of zeros added on EACH side of H and W

    Returns a tuple of:
    - out: (N, F, Ho, Wo) with Ho = 1 + (H + 2P - HH) / S and Wo = 1 + (W + 2P - WW) / S
    - cache: whatever your backward pass needs
    """
    raise NotImplementedError("conv_forward_naive")


def conv_backward_naive(dout, cache):
    """Backward pass for a convolutional layer.

    Inputs:
    - dout: (N, F, Ho, Wo) upstream gradient
    - cache: what conv_forward_naive returned

    Returns a tuple of:
    - dx: (N, C, H, W), the shape of x (without the padding)
    - dw: (F, C, HH, WW)
    - db: (F,)
    """
    raise NotImplementedError("conv_backward_naive")
