# expect: forward: the exponent is 2i / D
import numpy as np


def sinusoidal_positional_encoding(T, D):
    pos = np.arange(T)[:, None]
    i = np.arange(0, D, 2) // 2
    angles = pos / 10000 ** (i / D)
    pe = np.zeros((T, D))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles[:, : D // 2])
    return pe
