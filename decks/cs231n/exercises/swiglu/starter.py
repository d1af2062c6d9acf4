"""SwiGLU MLP (the LLaMA feed-forward block): forward and backward.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def swiglu_forward(x, W1, W2, W3):
    """Gated MLP without biases: out = (silu(x @ W1) * (x @ W2)) @ W3, silu(a) = a * sigmoid(a).

    Inputs:
    - x: (..., D) tokens, e.g. (N, D) or (N, T, D)
    - W1, W2: (D, F) gate and linear branches
    - W3: (F, D_out) output projection

    Returns a tuple of:
    - out: (..., D_out)
    - cache: whatever your backward pass needs
    """
    raise NotImplementedError("swiglu_forward")


def swiglu_backward(dout, cache):
    """Backward pass for the SwiGLU MLP.

    Inputs:
    - dout: (..., D_out) upstream gradient
    - cache: what swiglu_forward returned

    Returns a tuple of:
    - dx: (..., D)
    - dW1: (D, F)
    - dW2: (D, F)
    - dW3: (F, D_out)
    """
    raise NotImplementedError("swiglu_backward")
