"""ViT patch embedding: cut images into patches and embed each one linearly.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def patch_embed_forward(x, w, b, patch_size):
    """Cut the images into non-overlapping P x P patches and map each to D dimensions:
    exactly a convolution with kernel = stride = P, flattened.

    Inputs:
    - x: (N, C, H, W) images, H and W divisible by P
    - w: (D, C, P, P) filters (the convolution layout)
    - b: (D,) biases
    - patch_size: P

    Returns a tuple of:
    - out: (N, (H / P) * (W / P), D), the patches in row-major order
    - cache: whatever your backward pass needs
    """
    raise NotImplementedError("patch_embed_forward")


def patch_embed_backward(dout, cache):
    """Backward pass for the patch embedding.

    Inputs:
    - dout: (N, num_patches, D) upstream gradient
    - cache: what patch_embed_forward returned

    Returns a tuple of:
    - dx: (N, C, H, W)
    - dw: (D, C, P, P)
    - db: (D,)
    """
    raise NotImplementedError("patch_embed_backward")
