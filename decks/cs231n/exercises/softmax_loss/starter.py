"""Softmax (cross-entropy) loss on class scores.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def softmax_loss(x, y):
    """Softmax cross-entropy loss, averaged over the batch.

    Inputs:
    - x: (N, C) scores (logits); x[i, j] is the score of class j for example i
    - y: (N,) integer labels, 0 <= y[i] < C

    Returns a tuple of:
    - loss: scalar, mean over i of -log softmax(x[i])[y[i]]
    - dx: (N, C) gradient of the loss with respect to x
    """
    raise NotImplementedError("softmax_loss")
