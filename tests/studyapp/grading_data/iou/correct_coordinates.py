# expect: passed
import numpy as np


def box_iou(boxes1, boxes2):
    ax1, ay1, ax2, ay2 = np.split(boxes1, 4, axis=1)  # (N, 1) columns
    bx1, by1, bx2, by2 = boxes2.T  # (M,) rows
    iw = np.maximum(0.0, np.minimum(ax2, bx2) - np.maximum(ax1, bx1))
    ih = np.maximum(0.0, np.minimum(ay2, by2) - np.maximum(ay1, by1))
    inter = iw * ih
    union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter
    return inter / union
