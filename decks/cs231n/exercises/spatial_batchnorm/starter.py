"""Spatial batch normalisation for convolutional activations: forward and backward.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    """Forward pass for spatial batch normalisation: per channel, statistics over N, H, W.

    Inputs:
    - x: (N, C, H, W) input batch
    - gamma: (C,) scale
    - beta: (C,) shift
    - bn_param: as for batchnorm_forward ('mode', 'eps', 'momentum', and (C,) running
      statistics 'running_mean', 'running_var' updated in train mode)

    Returns a tuple of:
    - out: (N, C, H, W)
    - cache: whatever your backward pass needs
    """
    raise NotImplementedError("spatial_batchnorm_forward")


def spatial_batchnorm_backward(dout, cache):
    """Backward pass for spatial batch normalisation.

    Inputs:
    - dout: (N, C, H, W) upstream gradient
    - cache: what spatial_batchnorm_forward returned

    Returns a tuple of:
    - dx: (N, C, H, W)
    - dgamma: (C,)
    - dbeta: (C,)
    """
    raise NotImplementedError("spatial_batchnorm_backward")
