"""Linear softmax (cross-entropy) loss, without any Python loop.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def softmax_loss_vectorized(W, X, y, reg):
    """Linear softmax (cross-entropy) loss of a linear classifier, scores = X @ W,
    without any Python loop.

    Inputs:
    - W: (D, C) weights
    - X: (N, D) data, one example per row
    - y: (N,) integer labels, 0 <= y[i] < C
    - reg: L2 regularisation strength; the loss adds reg * sum(W * W)

    Returns a tuple of:
    - loss: scalar, the data loss averaged over the N examples plus the regularisation
    - dW: (D, C) gradient of the loss with respect to W
    """
    raise NotImplementedError("softmax_loss_vectorized")
