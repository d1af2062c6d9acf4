"""One time step of an LSTM: forward and backward.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    """One LSTM step. The gates are stacked along the 4H axis in the order input, forget,
    output, candidate: a = x @ Wx + prev_h @ Wh + b = [a_i | a_f | a_o | a_g].

    Inputs:
    - x: (N, D) inputs at this time step
    - prev_h: (N, H) previous hidden state
    - prev_c: (N, H) previous cell state
    - Wx: (D, 4H) input-to-hidden weights
    - Wh: (H, 4H) hidden-to-hidden weights
    - b: (4H,) biases

    Returns a tuple of:
    - next_h: (N, H)
    - next_c: (N, H)
    - cache: whatever your backward pass needs
    """
    raise NotImplementedError("lstm_step_forward")


def lstm_step_backward(dnext_h, dnext_c, cache):
    """Backward pass for one LSTM step.

    Inputs:
    - dnext_h: (N, H) gradient with respect to next_h
    - dnext_c: (N, H) gradient with respect to next_c
    - cache: what lstm_step_forward returned

    Returns a tuple of:
    - dx: (N, D)
    - dprev_h: (N, H)
    - dprev_c: (N, H)
    - dWx: (D, 4H)
    - dWh: (H, 4H)
    - db: (4H,)
    """
    raise NotImplementedError("lstm_step_backward")
