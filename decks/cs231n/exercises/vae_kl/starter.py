"""The VAE's prior term: the KL divergence from q(z|x) to the unit Gaussian, in closed form.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def kl_divergence(mu, logvar):
    """KL(N(mu, diag(exp(logvar))) || N(0, I)), averaged over the batch.

    Inputs:
    - mu: (N, Z) means of q(z|x)
    - logvar: (N, Z) log variances of q(z|x)

    Returns a tuple of:
    - kl: scalar, mean over the N examples of -0.5 * sum_j (1 + logvar_j - mu_j**2 - exp(logvar_j))
    - grads: a tuple (dmu (N, Z), dlogvar (N, Z))
    """
    raise NotImplementedError("kl_divergence")
