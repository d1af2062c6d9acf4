# expect: forward: PE puts all the sines first and the cosines after
import numpy as np


def sinusoidal_positional_encoding(T, D):
    pos = np.arange(T)[:, None]
    angles = pos / 10000 ** (np.arange(0, D, 2) / D)
    return np.concatenate([np.sin(angles), np.cos(angles)], axis=1)[:, :D]
