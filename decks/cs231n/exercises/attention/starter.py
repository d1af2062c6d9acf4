"""Scaled dot-product attention with an optional mask: forward and backward.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def scaled_dot_product_attention_forward(q, k, v, mask):
    """out = softmax(q k^T / sqrt(d)) v, the softmax over the keys.

    Any number of leading batch axes, the same for q, k and v: (N, T, d) or (N, H, T, d).

    Inputs:
    - q: (..., T, d) queries
    - k: (..., S, d) keys
    - v: (..., S, d_v) values
    - mask: None, or booleans broadcastable to (..., T, S); True means query t may attend
      to key s

    Returns a tuple of:
    - out: (..., T, d_v)
    - cache: whatever your backward pass needs
    """
    raise NotImplementedError("scaled_dot_product_attention_forward")


def scaled_dot_product_attention_backward(dout, cache):
    """Backward pass for scaled dot-product attention (the mask gets no gradient).

    Inputs:
    - dout: (..., T, d_v) upstream gradient
    - cache: what scaled_dot_product_attention_forward returned

    Returns a tuple of:
    - dq: (..., T, d)
    - dk: (..., S, d)
    - dv: (..., S, d_v)
    """
    raise NotImplementedError("scaled_dot_product_attention_backward")
