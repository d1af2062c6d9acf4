"""A pre-norm transformer block (GPT-2 / ViT style): forward and backward.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def transformer_block_forward(x, params, num_heads):
    """h = x + MHSA(LN1(x)); out = h + MLP(LN2(h)), MLP(z) = GELU(z @ W1 + b1) @ W2 + b2.

    Layer norm normalises each token over its D features (eps 1e-5); GELU is the exact one,
    x * Phi(x) with Phi the standard normal CDF (math.erf may be imported). No mask.

    Inputs:
    - x: (N, T, D) tokens
    - params: dict with
      - 'ln1_gamma', 'ln1_beta', 'ln2_gamma', 'ln2_beta': (D,)
      - 'Wq', 'Wk', 'Wv', 'Wo': (D, D) and 'bq', 'bk', 'bv', 'bo': (D,), as in multi-head
        self-attention
      - 'W1': (D, F), 'b1': (F,), 'W2': (F, D), 'b2': (D,)
    - num_heads: the number of attention heads, which divides D

    Returns a tuple of:
    - out: (N, T, D)
    - cache: whatever your backward pass needs
    """
    raise NotImplementedError("transformer_block_forward")


def transformer_block_backward(dout, cache):
    """Backward pass for the pre-norm transformer block.

    Inputs:
    - dout: (N, T, D) upstream gradient
    - cache: what transformer_block_forward returned

    Returns a tuple of:
    - dx: (N, T, D)
    - grads: dict with the keys of params, each gradient shaped like its parameter
    """
    raise NotImplementedError("transformer_block_backward")
