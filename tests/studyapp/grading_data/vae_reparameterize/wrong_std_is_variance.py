# expect: forward: std = exp(logvar) is the variance
import numpy as np


def vae_reparameterize_forward(mu, logvar, eps):
    std = np.exp(logvar)
    return mu + std * eps, (std, eps)


def vae_reparameterize_backward(dz, cache):
    std, eps = cache
    return dz, dz * eps * std
