"""A vanilla RNN over a whole sequence: forward and backpropagation through time.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def rnn_forward(x, h0, Wx, Wh, b):
    """Run a vanilla RNN (tanh) over a sequence, the same weights at every step.

    Inputs:
    - x: (N, T, D) input sequence
    - h0: (N, H) initial hidden state
    - Wx: (D, H) input-to-hidden weights
    - Wh: (H, H) hidden-to-hidden weights
    - b: (H,) biases

    Returns a tuple of:
    - h: (N, T, H) the hidden states of all T steps (h0 not included)
    - cache: whatever your backward pass needs
    """
    raise NotImplementedError("rnn_forward")


def rnn_backward(dh, cache):
    """Backpropagation through time.

    Inputs:
    - dh: (N, T, H) upstream gradients of ALL hidden states (each step's own loss term)
    - cache: what rnn_forward returned

    Returns a tuple of:
    - dx: (N, T, D)
    - dh0: (N, H)
    - dWx: (D, H)
    - dWh: (H, H)
    - db: (H,)
    """
    raise NotImplementedError("rnn_backward")
