"""Temporal softmax loss: softmax cross-entropy at every time step, with a mask.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def temporal_softmax_loss(x, y, mask):
    """Softmax loss summed over the time steps where mask is True, divided by N.

    Inputs:
    - x: (N, T, V) scores over the vocabulary at every time step
    - y: (N, T) integer targets, 0 <= y < V
    - mask: (N, T) booleans; True where the time step counts (False: padding)

    Returns a tuple of:
    - loss: scalar, (1 / N) * sum over (n, t) with mask[n, t] of -log softmax(x[n, t])[y[n, t]]
    - dx: (N, T, V) gradient of the loss with respect to x
    """
    raise NotImplementedError("temporal_softmax_loss")
