"""Classifier-free guidance of a conditional velocity.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def classifier_free_guidance(v_cond, v_uncond, w):
    """v_cfg = v_cond + w * (v_cond - v_uncond).

    Inputs:
    - v_cond: (N, ...) the velocity f(x_t, t, y) for the wanted label y
    - v_uncond: (N, ...) the velocity f(x_t, t, null) of the same network
    - w: the guidance weight (w = 0: no guidance)

    Returns:
    - v_cfg: (N, ...)
    """
    raise NotImplementedError("classifier_free_guidance")
