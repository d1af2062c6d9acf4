"""SimCLR's NT-Xent (normalised temperature-scaled cross entropy) loss.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def nt_xent_loss(z, temperature):
    """NT-Xent over 2N projections: rows i and i + N are a positive pair, every other row is
    a negative.

    Inputs:
    - z: (2N, D) projections of 2N augmented views
    - temperature: tau > 0

    Returns a tuple of:
    - loss: scalar, mean over the 2N anchors i of
      -s(i, pos(i)) + log sum over j != i of exp(s(i, j)), s(i, j) = u_i . u_j / tau,
      u = z / ||z|| row by row
    - dz: (2N, D) gradient of the loss with respect to z
    """
    raise NotImplementedError("nt_xent_loss")
