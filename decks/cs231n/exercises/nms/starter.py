"""Greedy non-maximum suppression.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def nms(boxes, scores, iou_threshold):
    """Keep the best-scoring box of every cluster of overlapping boxes.

    Inputs:
    - boxes: (N, 4) boxes (x1, y1, x2, y2), continuous coordinates (area without +1)
    - scores: (N,) confidence of each box
    - iou_threshold: a box is suppressed when its IoU with an already kept box is strictly
      greater than this

    Returns:
    - keep: (K,) integer indices of the kept boxes, by decreasing score
    """
    raise NotImplementedError("nms")
