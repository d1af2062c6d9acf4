"""The VAE reparameterisation trick: forward and backward.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def vae_reparameterize_forward(mu, logvar, eps):
    """z = mu + std * eps with std = exp(0.5 * logvar); the noise eps ~ N(0, I) is passed in.

    Inputs:
    - mu: (N, Z) means of q(z|x)
    - logvar: (N, Z) log variances of q(z|x)
    - eps: (N, Z) standard normal noise

    Returns a tuple of:
    - z: (N, Z) samples
    - cache: whatever your backward pass needs
    """
    raise NotImplementedError("vae_reparameterize_forward")


def vae_reparameterize_backward(dz, cache):
    """Backward pass of the reparameterisation (eps gets no gradient).

    Inputs:
    - dz: (N, Z) upstream gradient
    - cache: what vae_reparameterize_forward returned

    Returns a tuple of:
    - dmu: (N, Z)
    - dlogvar: (N, Z)
    """
    raise NotImplementedError("vae_reparameterize_backward")
