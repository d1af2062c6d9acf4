"""Multi-head self-attention: forward and backward.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def multihead_self_attention_forward(x, params, num_heads, mask):
    """Multi-head self-attention: Q, K and V all come from x; each of the h heads attends in
    its own D / h wide slice; the heads are concatenated and mixed by Wo.

    Inputs:
    - x: (N, T, D) tokens
    - params: dict with 'Wq', 'Wk', 'Wv', 'Wo': (D, D) (x @ W layout) and 'bq', 'bk', 'bv',
      'bo': (D,)
    - num_heads: h, which divides D
    - mask: None, or booleans broadcastable to (N, h, T, T); True means may attend

    Returns a tuple of:
    - out: (N, T, D)
    - cache: whatever your backward pass needs
    """
    raise NotImplementedError("multihead_self_attention_forward")


def multihead_self_attention_backward(dout, cache):
    """Backward pass for multi-head self-attention.

    Inputs:
    - dout: (N, T, D) upstream gradient
    - cache: what multihead_self_attention_forward returned

    Returns a tuple of:
    - dx: (N, T, D)
    - grads: dict with the keys of params, each gradient shaped like its parameter
    """
    raise NotImplementedError("multihead_self_attention_backward")
