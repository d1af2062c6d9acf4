"""Sinusoidal positional encoding of "Attention Is All You Need".

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def sinusoidal_positional_encoding(T, D):
    """PE[pos, 2i] = sin(pos / 10000^(2i / D)), PE[pos, 2i + 1] = cos(pos / 10000^(2i / D)).

    Inputs:
    - T: the number of positions, 0 to T - 1
    - D: the model width (an odd D ends with a sine column)

    Returns:
    - PE: (T, D)
    """
    raise NotImplementedError("sinusoidal_positional_encoding")
