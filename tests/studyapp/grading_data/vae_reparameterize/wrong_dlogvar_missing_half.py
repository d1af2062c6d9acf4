# expect: backward: dlogvar misses the factor 0.5
# expect: gradient check: disagrees with the numerical gradient
import numpy as np


def vae_reparameterize_forward(mu, logvar, eps):
    std = np.exp(0.5 * logvar)
    return mu + std * eps, (std, eps)


def vae_reparameterize_backward(dz, cache):
    std, eps = cache
    return dz, dz * eps * std
