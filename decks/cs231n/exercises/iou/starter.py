"""Intersection over union of every pair of boxes, without loops.

Only numpy, math and the standard library's pure modules may be imported.
"""

import numpy as np  # noqa: F401


def box_iou(boxes1, boxes2):
    """IoU of every box in boxes1 with every box in boxes2.

    Inputs:
    - boxes1: (N, 4) boxes (x1, y1, x2, y2), x1 <= x2 and y1 <= y2, continuous coordinates
    - boxes2: (M, 4) boxes in the same format

    Returns:
    - iou: (N, M) in [0, 1]; disjoint or edge-touching boxes give 0
    """
    raise NotImplementedError("box_iou")
