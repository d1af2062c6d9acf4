"""A two-layer fully connected net with a softmax loss: loss and gradients.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def two_layer_net_loss(X, params, y, reg):
    """Loss and gradients of affine - ReLU - affine - softmax.

    Inputs:
    - X: (N, d_1, ..., d_k) input batch; each example is flattened to D = d_1 * ... * d_k
    - params: dict with 'W1': (D, H), 'b1': (H,), 'W2': (H, C), 'b2': (C,)
    - y: (N,) integer labels, 0 <= y[i] < C
    - reg: L2 strength; the loss adds 0.5 * reg * (sum(W1**2) + sum(W2**2))

    Returns a tuple of:
    - loss: scalar, the softmax loss averaged over N plus the regularisation
    - grads: dict with the same keys as params, each gradient shaped like its parameter
    """
    raise NotImplementedError("two_layer_net_loss")
