"""An LSTM over a whole sequence: forward and backpropagation through time.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def lstm_forward(x, h0, Wx, Wh, b):
    """Run an LSTM over a sequence (gates stacked i, f, o, g); the cell state starts at 0.

    Inputs:
    - x: (N, T, D) input sequence
    - h0: (N, H) initial hidden state
    - Wx: (D, 4H) input-to-hidden weights
    - Wh: (H, 4H) hidden-to-hidden weights
    - b: (4H,) biases

    Returns a tuple of:
    - h: (N, T, H) the hidden states of all T steps
    - cache: whatever your backward pass needs
    """
    raise NotImplementedError("lstm_forward")


def lstm_backward(dh, cache):
    """Backpropagation through time for the LSTM.

    Inputs:
    - dh: (N, T, H) upstream gradients of all hidden states
    - cache: what lstm_forward returned

    Returns a tuple of:
    - dx: (N, T, D)
    - dh0: (N, H)
    - dWx: (D, 4H)
    - dWh: (H, 4H)
    - db: (4H,)
    """
    raise NotImplementedError("lstm_backward")
