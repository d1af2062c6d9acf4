"""Spatial group normalisation: forward and backward.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def spatial_groupnorm_forward(x, gamma, beta, G, gn_param):
    """Forward pass for group normalisation: per example, statistics over each group of
    C // G neighbouring channels and all their pixels.

    Inputs:
    - x: (N, C, H, W) input batch, C divisible by G
    - gamma: (1, C, 1, 1) per-channel scale
    - beta: (1, C, 1, 1) per-channel shift
    - G: the number of groups
    - gn_param: dict with 'eps', added to the variance, default 1e-5

    Returns a tuple of:
    - out: (N, C, H, W)
    - cache: whatever your backward pass needs
    """
    raise NotImplementedError("spatial_groupnorm_forward")


def spatial_groupnorm_backward(dout, cache):
    """Backward pass for group normalisation.

    Inputs:
    - dout: (N, C, H, W) upstream gradient
    - cache: what spatial_groupnorm_forward returned

    Returns a tuple of:
    - dx: (N, C, H, W)
    - dgamma: (1, C, 1, 1)
    - dbeta: (1, C, 1, 1)
    """
    raise NotImplementedError("spatial_groupnorm_backward")
