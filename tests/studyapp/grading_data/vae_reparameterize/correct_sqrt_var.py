# expect: passed
import numpy as np


def vae_reparameterize_forward(mu, logvar, eps):
    var = np.exp(logvar)
    z = mu + np.sqrt(var) * eps
    return z, (z, mu)


def vae_reparameterize_backward(dz, cache):
    z, mu = cache
    # d z / d logvar = 0.5 * std * eps = 0.5 * (z - mu)
    return dz.copy(), 0.5 * dz * (z - mu)
