"""InfoNCE loss in MoCo's form: each query against its positive key and a queue of negatives.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def info_nce(query, keys_pos, keys_neg, temperature):
    """loss = mean over i of -log( exp(q_i . k+_i / tau) / (exp(q_i . k+_i / tau) +
    sum_j exp(q_i . k-_j / tau)) ), with plain dot products.

    Inputs:
    - query: (N, D) queries q
    - keys_pos: (N, D) positive keys; row i belongs to query i
    - keys_neg: (K, D) negative keys (the queue), shared by all queries
    - temperature: tau > 0

    Returns a tuple of:
    - loss: scalar
    - grads: a tuple (dquery (N, D), dkeys_pos (N, D), dkeys_neg (K, D))
    """
    raise NotImplementedError("info_nce")
