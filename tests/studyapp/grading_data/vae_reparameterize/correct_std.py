# expect: passed
import numpy as np


def vae_reparameterize_forward(mu, logvar, eps):
    std = np.exp(0.5 * logvar)
    return mu + std * eps, (std, eps)


def vae_reparameterize_backward(dz, cache):
    std, eps = cache
    return dz, dz * eps * 0.5 * std
