"""Word embedding: looking up word vectors, and the gradient of the lookup.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def word_embedding_forward(x, W):
    """Look up the vector of every word: out[n, t] = W[x[n, t]].

    Inputs:
    - x: (N, T) integer word indices, 0 <= x < V
    - W: (V, D) embedding matrix, one row per word of the vocabulary

    Returns a tuple of:
    - out: (N, T, D)
    - cache: whatever your backward pass needs
    """
    raise NotImplementedError("word_embedding_forward")


def word_embedding_backward(dout, cache):
    """Backward pass for the lookup (the indices get no gradient).

    Inputs:
    - dout: (N, T, D) upstream gradient
    - cache: what word_embedding_forward returned

    Returns:
    - dW: (V, D), the shape of W
    """
    raise NotImplementedError("word_embedding_backward")
