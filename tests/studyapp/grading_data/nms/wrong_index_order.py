# expect: forward: keep visits the boxes in index order
import numpy as np


def _iou(box, others):
    lt = np.maximum(box[:2], others[:, :2])
    rb = np.minimum(box[2:], others[:, 2:])
    wh = np.clip(rb - lt, 0, None)
    inter = wh[:, 0] * wh[:, 1]
    area = (box[2] - box[0]) * (box[3] - box[1])
    areas = (others[:, 2] - others[:, 0]) * (others[:, 3] - others[:, 1])
    return inter / (area + areas - inter)


def nms(boxes, scores, iou_threshold):
    order = np.arange(len(scores))
    keep = []
    while order.size > 0:
        i = order[0]
        keep.append(i)
        rest = order[1:]
        order = rest[_iou(boxes[i], boxes[rest]) <= iou_threshold]
    return np.array(keep, dtype=np.int64)
