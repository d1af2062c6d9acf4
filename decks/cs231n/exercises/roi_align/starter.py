"""RoI Align (Mask R-CNN): forward and backward.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def roi_align_forward(features, rois, output_size, spatial_scale):
    """RoI Align with torchvision's semantics (aligned=True, sampling_ratio=2).

    Each RoI is scaled onto the feature map and shifted by -0.5 pixel; it is divided into
    PH x PW bins, and each bin is the average of a 2 x 2 grid of bilinearly interpolated
    sample points. Nothing is rounded.

    Inputs:
    - features: (N, C, H, W) feature maps
    - rois: (R, 5) rows (batch_index, x1, y1, x2, y2) in image coordinates, x1 <= x2, y1 <= y2
    - output_size: (PH, PW) bins per RoI
    - spatial_scale: image-to-feature scale (0.5 for a stride-2 backbone)

    Returns a tuple of:
    - out: (R, C, PH, PW)
    - cache: whatever your backward pass needs
    """
    raise NotImplementedError("roi_align_forward")


def roi_align_backward(dout, cache):
    """Backward pass for RoI Align (the RoI coordinates get no gradient).

    Inputs:
    - dout: (R, C, PH, PW) upstream gradient
    - cache: what roi_align_forward returned

    Returns:
    - dfeatures: (N, C, H, W), summed over RoIs that share an image
    """
    raise NotImplementedError("roi_align_backward")
