"""One time step of a vanilla RNN: forward and backward.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    """One step of a vanilla RNN with tanh: next_h = tanh(x @ Wx + prev_h @ Wh + b).

    Inputs:
    - x: (N, D) inputs at this time step
    - prev_h: (N, H) hidden state of the previous time step
    - Wx: (D, H) input-to-hidden weights
    - Wh: (H, H) hidden-to-hidden weights
    - b: (H,) biases

    Returns a tuple of:
    - next_h: (N, H) the new hidden state
    - cache: whatever your backward pass needs
    """
    raise NotImplementedError("rnn_step_forward")


def rnn_step_backward(dnext_h, cache):
    """Backward pass for one step of a vanilla RNN.

    Inputs:
    - dnext_h: (N, H) gradient of the loss with respect to next_h
    - cache: what rnn_step_forward returned

    Returns a tuple of:
    - dx: (N, D)
    - dprev_h: (N, H)
    - dWx: (D, H)
    - dWh: (H, H)
    - db: (H,)
    """
    raise NotImplementedError("rnn_step_backward")
