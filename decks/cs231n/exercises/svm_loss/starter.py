"""Multiclass SVM (hinge) loss on class scores.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def svm_loss(x, y):
    """Multiclass SVM loss with margin 1, averaged over the batch.

    Inputs:
    - x: (N, C) scores; x[i, j] is the score of class j for example i
    - y: (N,) integer labels, 0 <= y[i] < C

    Returns a tuple of:
    - loss: scalar, mean over i of sum over j != y[i] of max(0, x[i, j] - x[i, y[i]] + 1)
    - dx: (N, C) gradient of the loss with respect to x
    """
    raise NotImplementedError("svm_loss")
