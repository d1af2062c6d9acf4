"""One Euler step of the flow ODE dx/dt = v.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def euler_step(x_t, v, t, t_next):
    """x at t_next: x_t + (t_next - t) * v.

    Inputs:
    - x_t: (N, ...) current samples at time t
    - v: (N, ...) the velocity at (x_t, t)
    - t: a scalar or (N,) current time(s)
    - t_next: a scalar or (N,) next time(s); sampling goes from 1 to 0, so t_next < t

    Returns:
    - x_next: (N, ...)
    """
    raise NotImplementedError("euler_step")
