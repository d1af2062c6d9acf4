"""GAN losses on discriminator logits: the discriminator's and the non-saturating generator's.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def discriminator_loss(logits_real, logits_fake):
    """mean -log D(x) + mean -log(1 - D(G(z))), with D = sigmoid(logits).

    Inputs:
    - logits_real: (N,) discriminator logits on real images
    - logits_fake: (M,) discriminator logits on generated images

    Returns a tuple of:
    - loss: scalar
    - grads: a tuple (dlogits_real (N,), dlogits_fake (M,))
    """
    raise NotImplementedError("discriminator_loss")


def generator_loss(logits_fake):
    """The non-saturating generator loss: mean -log D(G(z)), with D = sigmoid(logits).

    Inputs:
    - logits_fake: (M,) discriminator logits on generated images

    Returns a tuple of:
    - loss: scalar
    - dlogits_fake: (M,)
    """
    raise NotImplementedError("generator_loss")
