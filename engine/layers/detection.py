"""Detection and segmentation helpers: IoU, NMS, RoI pooling, saliency (lecture 9).

Conventions used throughout (they are torchvision's):
- a box is (x1, y1, x2, y2) in continuous pixel coordinates with x1 <= x2, y1 <= y2; its area is
  (x2 - x1) * (y2 - y1), with no Pascal-VOC "+1".
- features are (N, C, H, W); a RoI is a row (batch_index, x1, y1, x2, y2) of a (R, 5) array in
  input-image coordinates, and `spatial_scale` maps it onto the feature map (1/16 for a stride-16
  backbone). RoI layers return (R, C, PH, PW) and pass no gradient to the RoI coordinates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = [
    "box_area",
    "box_iou",
    "class_score_gradient",
    "compute_saliency_maps",
    "nms",
    "roi_align_backward",
    "roi_align_forward",
    "roi_pool_backward",
    "roi_pool_forward",
    "saliency_map",
]


def box_area(boxes: np.ndarray) -> np.ndarray:
    """Area of each box. boxes: (N, 4) as (x1, y1, x2, y2). Returns (N,); inverted boxes count 0."""
    boxes = np.asarray(boxes, dtype=np.float64)
    area: np.ndarray = np.clip(boxes[:, 2] - boxes[:, 0], 0, None) * np.clip(
        boxes[:, 3] - boxes[:, 1], 0, None
    )
    return area


def box_iou(boxes1: np.ndarray, boxes2: np.ndarray) -> np.ndarray:
    """Intersection over union of every pair of boxes.

    boxes1: (N, 4), boxes2: (M, 4), both (x1, y1, x2, y2).
    Returns iou: (N, M) in [0, 1]. Disjoint or edge-touching boxes give 0. When the union is 0
    (two zero-area boxes) the IoU is defined as 0 rather than torchvision's 0/0 = nan.
    """
    boxes1 = np.asarray(boxes1, dtype=np.float64)
    boxes2 = np.asarray(boxes2, dtype=np.float64)
    top_left = np.maximum(boxes1[:, None, :2], boxes2[None, :, :2])  # (N, M, 2)
    bottom_right = np.minimum(boxes1[:, None, 2:], boxes2[None, :, 2:])  # (N, M, 2)
    overlap = np.clip(bottom_right - top_left, 0, None)
    inter = overlap[..., 0] * overlap[..., 1]
    union = box_area(boxes1)[:, None] + box_area(boxes2)[None, :] - inter
    iou: np.ndarray = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    return iou


def nms(boxes: np.ndarray, scores: np.ndarray, iou_threshold: float) -> np.ndarray:
    """Greedy non-maximum suppression.

    boxes: (N, 4) as (x1, y1, x2, y2); scores: (N,); iou_threshold: a box is suppressed when its
    IoU with an already kept box is strictly greater than this (torchvision's rule).
    Returns keep: (K,) int64 indices of the kept boxes, by decreasing score. Equal scores are
    ranked by a stable sort: the lower index comes first (and wins the suppression).
    """
    scores = np.asarray(scores, dtype=np.float64)
    order = np.argsort(-scores, kind="stable")
    iou = box_iou(boxes, boxes)
    suppressed = np.zeros(len(scores), dtype=bool)
    keep = []
    # Greedy and sequential by nature: whether a box survives depends on the boxes kept before it.
    for i in order:
        if suppressed[i]:
            continue
        keep.append(i)
        suppressed |= iou[i] > iou_threshold
    return np.array(keep, dtype=np.int64)


def _c_round(x: np.ndarray) -> np.ndarray:
    # C's round() sends halves away from zero; np.round would send 2.5 to 2.
    rounded: np.ndarray = np.sign(x) * np.floor(np.abs(x) + 0.5)
    return rounded


def _pool_bin_edges(
    start: np.ndarray, length: np.ndarray, bins: int, size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Integer [lo, hi) pixel ranges of each RoI's bins along one axis: two (R, bins) arrays."""
    bin_len = length[:, None] / bins  # (R, 1)
    p = np.arange(bins)[None, :]  # (1, bins)
    lo = np.floor(p * bin_len) + start[:, None]
    hi = np.ceil((p + 1) * bin_len) + start[:, None]
    return np.clip(lo, 0, size).astype(np.int64), np.clip(hi, 0, size).astype(np.int64)


def roi_pool_forward(
    features: np.ndarray, rois: np.ndarray, output_size: tuple[int, int], spatial_scale: float = 1.0
) -> tuple[np.ndarray, tuple[Any, ...]]:
    """Fast R-CNN RoI max pooling (torchvision.ops.roi_pool semantics).

    features: (N, C, H, W) feature maps; rois: (R, 5) rows (batch_index, x1, y1, x2, y2) in image
    coordinates; output_size: (PH, PW) bins; spatial_scale: image-to-feature scale.
    Each RoI corner is scaled and rounded to a whole pixel (halves away from zero); the RoI then
    spans round(x1)..round(x2) inclusive, i.e. width round(x2) - round(x1) + 1 (at least 1). Bin
    (ph, pw) covers rows [floor(ph * h / PH), ceil((ph + 1) * h / PH)) offset by the RoI start and
    clipped to the map (columns alike): neighbouring bins may overlap. An empty bin outputs 0.
    Ties inside a bin go to the first maximum in row-major order.
    Vectorised over RoIs with (R, C, H, PW, W) temporaries: sized for teaching, not production.
    Returns out: (R, C, PH, PW) and a cache for roi_pool_backward.
    """
    height, width = features.shape[2:]
    ph_n, pw_n = output_size
    x1, y1, x2, y2 = (_c_round(rois[:, k] * spatial_scale) for k in range(1, 5))
    hs, he = _pool_bin_edges(y1, np.maximum(y2 - y1 + 1, 1), ph_n, height)  # (R, PH) each
    ws, we = _pool_bin_edges(x1, np.maximum(x2 - x1 + 1, 1), pw_n, width)  # (R, PW) each
    batch = rois[:, 0].astype(np.int64)
    feats = features[batch]  # (R, C, H, W)
    rows = np.arange(height)
    cols = np.arange(width)
    in_rows = (rows >= hs[..., None]) & (rows < he[..., None])  # (R, PH, H)
    in_cols = (cols >= ws[..., None]) & (cols < we[..., None])  # (R, PW, W)
    # A rectangle's max is separable: max over each bin's columns, then over its rows.
    by_col = np.where(in_cols[:, None, None], feats[:, :, :, None, :], -np.inf)  # (R, C, H, PW, W)
    col_max, col_arg = by_col.max(-1), by_col.argmax(-1)  # (R, C, H, PW)
    by_row = np.where(in_rows[:, None, :, :, None], col_max[:, :, None], -np.inf)  # (R,C,PH,H,PW)
    out, h_arg = by_row.max(3), by_row.argmax(3)  # (R, C, PH, PW)
    w_arg = np.take_along_axis(col_arg, h_arg, axis=2)  # the column of the winning row
    empty = (he <= hs)[:, :, None] | (we <= ws)[:, None, :]  # (R, PH, PW)
    out = np.where(empty[:, None], 0.0, out)
    return out, (features.shape, batch, h_arg, w_arg, empty)


def roi_pool_backward(dout: np.ndarray, cache: tuple[Any, ...]) -> np.ndarray:
    """Backward of roi_pool_forward.

    dout: (R, C, PH, PW) upstream gradient; cache: from roi_pool_forward.
    Returns dfeatures: (N, C, H, W); each bin's gradient goes to its argmax pixel, summed where
    bins or RoIs share a pixel. The RoIs get no gradient (quantised, as in Fast R-CNN).
    """
    shape, batch, h_arg, w_arg, empty = cache
    dfeatures = np.zeros(shape, dtype=np.result_type(dout, np.float64))
    b = batch[:, None, None, None]  # (R, 1, 1, 1)
    c = np.arange(shape[1])[None, :, None, None]  # (1, C, 1, 1)
    np.add.at(dfeatures, (b, c, h_arg, w_arg), np.where(empty[:, None], 0.0, dout))
    return dfeatures


def _bilinear_weights_1d(coord: np.ndarray, size: int) -> np.ndarray:
    """1-D interpolation weights of the `size` pixels at each coord: coord.shape + (size,).

    torchvision's rules: a coordinate outside [-1, size] reads 0; one in [-1, 0] reads pixel 0;
    one at or past size - 1 reads pixel size - 1.
    """
    inside = (coord >= -1.0) & (coord <= size)
    coord = np.maximum(coord, 0.0)
    low = np.floor(coord).astype(np.int64)
    at_edge = low >= size - 1
    low = np.where(at_edge, size - 1, low)
    frac = np.where(at_edge, 0.0, coord - low)
    pixels = np.arange(size)
    weights = (pixels == low[..., None]) * (1.0 - frac)[..., None]
    weights = weights + (pixels == low[..., None] + 1) * frac[..., None]
    sample_weights: np.ndarray = weights * inside[..., None]
    return sample_weights


def _bin_sample_weights(
    start: np.ndarray, bin_size: np.ndarray, grid: np.ndarray, bins: int, size: int
) -> np.ndarray:
    """Interpolation weights summed over each bin's sample points along one axis: (R, bins, size).

    start, bin_size: (R,) floats; grid: (R,) sample points per bin along this axis.
    """
    g_max = max(int(grid.max(initial=0)), 1)
    p = np.arange(bins)[None, :, None]  # (1, bins, 1)
    i = np.arange(g_max)[None, None, :]  # (1, 1, G)
    step = (bin_size / np.maximum(grid, 1))[:, None, None]  # (R, 1, 1)
    coord = start[:, None, None] + p * bin_size[:, None, None] + (i + 0.5) * step  # (R, bins, G)
    # RoIs with fewer sample points than g_max pad with points that must weigh nothing.
    used = i < grid[:, None, None]
    weights: np.ndarray = (_bilinear_weights_1d(coord, size) * used[..., None]).sum(2)
    return weights


def roi_align_forward(
    features: np.ndarray,
    rois: np.ndarray,
    output_size: tuple[int, int],
    spatial_scale: float = 1.0,
    sampling_ratio: int = 2,
    aligned: bool = True,
) -> tuple[np.ndarray, tuple[Any, ...]]:
    """Mask R-CNN RoI Align (torchvision.ops.roi_align semantics), average of bilinear samples.

    features: (N, C, H, W); rois: (R, 5) rows (batch_index, x1, y1, x2, y2), x1 <= x2, y1 <= y2;
    output_size: (PH, PW); spatial_scale: image-to-feature scale; sampling_ratio: sample points
    per bin along each axis (2 gives the notes' 4 points per bin); <= 0 picks ceil(bin size)
    per RoI, as torchvision does (torchvision's default is -1); aligned: shift the scaled box by
    -0.5 pixel so that pixel centres sit at integer + 0.5 (no minimum size); when False the RoI is
    used unshifted and its width and height are raised to at least 1 (the original Mask R-CNN).
    Nothing is rounded: the RoI starts at x1 * spatial_scale (minus 0.5 if aligned), bin (ph, pw)
    spans bin_h = roi_h / PH by bin_w = roi_w / PW, and its sample points sit at
    y = y_start + ph * bin_h + (iy + 0.5) * bin_h / grid_h (x alike). Each sample is bilinearly
    interpolated (see _bilinear_weights_1d for the border rules) and the bin averages its samples.
    Returns out: (R, C, PH, PW) and a cache for roi_align_backward.
    """
    if np.any(rois[:, 3] < rois[:, 1]) or np.any(rois[:, 4] < rois[:, 2]):
        raise ValueError("every RoI needs x1 <= x2 and y1 <= y2")
    height, width = features.shape[2:]
    ph_n, pw_n = output_size
    offset = 0.5 if aligned else 0.0
    x1, y1, x2, y2 = (rois[:, k] * spatial_scale - offset for k in range(1, 5))
    roi_w, roi_h = x2 - x1, y2 - y1
    if not aligned:
        roi_w, roi_h = np.maximum(roi_w, 1.0), np.maximum(roi_h, 1.0)
    bin_h, bin_w = roi_h / ph_n, roi_w / pw_n
    if sampling_ratio > 0:
        grid_h = grid_w = np.full(len(rois), sampling_ratio, dtype=np.int64)
    else:
        grid_h, grid_w = np.ceil(bin_h).astype(np.int64), np.ceil(bin_w).astype(np.int64)
    count = np.maximum(grid_h * grid_w, 1).astype(np.float64)  # (R,)
    wy = _bin_sample_weights(y1, bin_h, grid_h, ph_n, height)  # (R, PH, H)
    wx = _bin_sample_weights(x1, bin_w, grid_w, pw_n, width)  # (R, PW, W)
    batch = rois[:, 0].astype(np.int64)
    # Bilinear sampling is separable, so a whole bin is a row-weights @ map @ column-weights.
    out = np.einsum("rph,rchw,rqw->rcpq", wy, features[batch], wx, optimize=True)
    out = out / count[:, None, None, None]
    return out, (features.shape, batch, wy, wx, count)


def roi_align_backward(dout: np.ndarray, cache: tuple[Any, ...]) -> np.ndarray:
    """Backward of roi_align_forward.

    dout: (R, C, PH, PW) upstream gradient; cache: from roi_align_forward.
    Returns dfeatures: (N, C, H, W), summed over RoIs sharing a batch index. The RoI coordinates
    get no gradient (as in torchvision).
    """
    shape, batch, wy, wx, count = cache
    scaled = dout / count[:, None, None, None]
    droi = np.einsum("rph,rcpq,rqw->rchw", wy, scaled, wx, optimize=True)  # (R, C, H, W)
    dfeatures = np.zeros(shape, dtype=droi.dtype)
    np.add.at(dfeatures, batch, droi)
    return dfeatures


def saliency_map(dscores_dx: np.ndarray) -> np.ndarray:
    """Saliency map of Simonyan et al. (CS231n): the largest absolute gradient over channels.

    dscores_dx: (N, C, H, W) gradient of each image's correct-class score w.r.t. its pixels.
    Returns saliency: (N, H, W).
    """
    saliency: np.ndarray = np.abs(dscores_dx).max(axis=1)
    return saliency


def class_score_gradient(
    forward_backward_fn: Callable[[np.ndarray], tuple[np.ndarray, Callable[..., Any]]],
    x: np.ndarray,
    y: np.ndarray,
) -> np.ndarray:
    """Gradient of each image's correct-class score (unnormalised, before softmax) w.r.t. the image.

    forward_backward_fn: x -> (scores, backward), scores: (N, K), backward(dscores) -> dx; the
    model must treat images independently (e.g. batch norm in test mode);
    x: (N, C, H, W) images; y: (N,) correct class indices.
    Returns dx: (N, C, H, W), the gradient of sum_i scores[i, y[i]].
    """
    scores, backward = forward_backward_fn(x)
    dscores = np.zeros_like(scores)
    dscores[np.arange(len(y)), y] = 1.0
    dx: np.ndarray = backward(dscores)
    return dx


def compute_saliency_maps(
    forward_backward_fn: Callable[[np.ndarray], tuple[np.ndarray, Callable[..., Any]]],
    x: np.ndarray,
    y: np.ndarray,
) -> np.ndarray:
    """Saliency maps of a model: saliency_map(class_score_gradient(forward_backward_fn, x, y)).

    forward_backward_fn, x: (N, C, H, W), y: (N,) as in class_score_gradient.
    Returns saliency: (N, H, W).
    """
    return saliency_map(class_score_gradient(forward_backward_fn, x, y))
