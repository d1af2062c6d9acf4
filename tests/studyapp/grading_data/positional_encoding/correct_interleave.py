# expect: passed
import numpy as np


def sinusoidal_positional_encoding(T, D):
    pos = np.arange(T)[:, None]
    angles = pos / 10000 ** (np.arange(0, D, 2) / D)
    pe = np.zeros((T, D))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles[:, : D // 2])
    return pe
