"""Linear SVM (hinge, margin 1) loss, with explicit loops over the examples and classes.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def svm_loss_naive(W, X, y, reg):
    """Linear SVM (hinge, margin 1) loss of a linear classifier, scores = X @ W,
    with loops over the examples and classes.

    Inputs:
    - W: (D, C) weights
    - X: (N, D) data, one example per row
    - y: (N,) integer labels, 0 <= y[i] < C
    - reg: L2 regularisation strength; the loss adds reg * sum(W * W)

    Returns a tuple of:
    - loss: scalar, the data loss averaged over the N examples plus the regularisation
    - dW: (D, C) gradient of the loss with respect to W
    """
    raise NotImplementedError("svm_loss_naive")
