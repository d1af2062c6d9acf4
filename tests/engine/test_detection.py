"""Tests for engine.layers.detection: IoU, NMS, RoI Pool / RoI Align, saliency maps (lecture 9).

torchvision is not installed here, so the references are straightforward loops written from the
published definitions (Fast R-CNN / Mask R-CNN, torchvision's CPU kernels), run with torch
autograd for the gradients, plus hand-computed cases and F.grid_sample as an independent check.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.layers.detection import (
    box_area,
    box_iou,
    class_score_gradient,
    compute_saliency_maps,
    nms,
    roi_align_backward,
    roi_align_forward,
    roi_pool_backward,
    roi_pool_forward,
    saliency_map,
)
from tests.engine.conftest import assert_close, to_numpy

# ---------------------------------------------------------------- loop references


def iou_loop(a, b):
    """IoU of two boxes written out by hand."""
    iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def nms_loop(boxes, scores, thr):
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    keep = []
    for i in order:
        if all(iou_loop(boxes[i], boxes[k]) <= thr for k in keep):
            keep.append(i)
    return keep


def c_round(v):
    return int(math.copysign(math.floor(abs(v) + 0.5), v))


def roi_pool_reference(torch, feats, rois, output_size, scale):
    """Fast R-CNN RoI max pooling, one bin at a time (torchvision's CPU kernel as a loop)."""
    _, c, h, w = feats.shape
    ph_n, pw_n = output_size
    outs = []
    for r in rois:
        b = int(r[0])
        x1, y1, x2, y2 = (c_round(v * scale) for v in r[1:])
        bin_h = max(y2 - y1 + 1, 1) / ph_n
        bin_w = max(x2 - x1 + 1, 1) / pw_n
        cells = []
        for ph in range(ph_n):
            for pw in range(pw_n):
                hs = min(max(math.floor(ph * bin_h) + y1, 0), h)
                he = min(max(math.ceil((ph + 1) * bin_h) + y1, 0), h)
                ws = min(max(math.floor(pw * bin_w) + x1, 0), w)
                we = min(max(math.ceil((pw + 1) * bin_w) + x1, 0), w)
                if he <= hs or we <= ws:
                    cells.append(feats.new_zeros(c))
                else:
                    cells.append(feats[b, :, hs:he, ws:we].amax(dim=(1, 2)))
        outs.append(torch.stack(cells, 1).reshape(c, ph_n, pw_n))
    return torch.stack(outs)


def bilinear_reference(fmap, y, x):
    """torchvision's bilinear_interpolate on a (C, H, W) tensor, transcribed."""
    _, h, w = fmap.shape
    if y < -1.0 or y > h or x < -1.0 or x > w:
        return fmap.new_zeros(fmap.shape[0])
    y, x = max(y, 0.0), max(x, 0.0)
    y_low, x_low = int(y), int(x)
    if y_low >= h - 1:
        y_high = y_low = h - 1
        y = float(y_low)
    else:
        y_high = y_low + 1
    if x_low >= w - 1:
        x_high = x_low = w - 1
        x = float(x_low)
    else:
        x_high = x_low + 1
    ly, lx = y - y_low, x - x_low
    hy, hx = 1.0 - ly, 1.0 - lx
    return (
        hy * hx * fmap[:, y_low, x_low]
        + hy * lx * fmap[:, y_low, x_high]
        + ly * hx * fmap[:, y_high, x_low]
        + ly * lx * fmap[:, y_high, x_high]
    )


def roi_align_reference(torch, feats, rois, output_size, scale, sampling_ratio, aligned):
    """torchvision's roi_align CPU kernel as plain loops over RoIs, bins and sample points."""
    ph_n, pw_n = output_size
    off = 0.5 if aligned else 0.0
    outs = []
    for r in rois:
        b = int(r[0])
        x1, y1, x2, y2 = (v * scale - off for v in r[1:])
        rw, rh = x2 - x1, y2 - y1
        if not aligned:
            rw, rh = max(rw, 1.0), max(rh, 1.0)
        bh, bw = rh / ph_n, rw / pw_n
        gh = sampling_ratio if sampling_ratio > 0 else math.ceil(rh / ph_n)
        gw = sampling_ratio if sampling_ratio > 0 else math.ceil(rw / pw_n)
        count = max(gh * gw, 1)
        cells = []
        for ph in range(ph_n):
            for pw in range(pw_n):
                acc = feats.new_zeros(feats.shape[1])
                for iy in range(gh):
                    y = y1 + ph * bh + (iy + 0.5) * bh / gh
                    for ix in range(gw):
                        x = x1 + pw * bw + (ix + 0.5) * bw / gw
                        acc = acc + bilinear_reference(feats[b], y, x)
                cells.append(acc / count)
        outs.append(torch.stack(cells, 1).reshape(-1, ph_n, pw_n))
    return torch.stack(outs)


# ---------------------------------------------------------------- IoU


def test_box_iou_hand_cases():
    a = np.array([[0, 0, 2, 2], [0, 0, 4, 4], [1, 1, 1, 3]], dtype=float)
    b = np.array([[1, 1, 3, 3], [0, 0, 2, 2], [5, 5, 6, 6], [2, 0, 4, 2], [1, 1, 3, 3]], float)
    iou = box_iou(a, b)
    assert iou.shape == (3, 5)
    # overlap 1x1, union 4 + 4 - 1 = 7
    assert iou[0, 0] == pytest.approx(1 / 7)
    assert iou[0, 1] == 1.0  # identical
    assert iou[0, 2] == 0.0  # disjoint
    assert iou[0, 3] == 0.0  # touching edge x = 2: zero-width overlap
    assert iou[1, 0] == pytest.approx(4 / 16)  # contained
    assert iou[1, 1] == pytest.approx(4 / 16)
    assert np.all(iou[2] == 0.0)  # zero-area box overlaps nothing
    zero = np.array([[1.0, 1.0, 1.0, 1.0]])
    assert box_iou(zero, zero)[0, 0] == 0.0  # 0/0 defined as 0
    assert box_area(np.array([[0, 0, 3, 2], [2, 2, 1, 1]])).tolist() == [6.0, 0.0]


def test_box_iou_matches_loop_reference(rng):
    def boxes(n):
        xy = rng.uniform(0, 10, size=(n, 2))
        wh = rng.uniform(0, 5, size=(n, 2))
        wh[::4] = 0.0  # some zero-area boxes
        return np.concatenate([xy, xy + wh], 1)

    b1, b2 = boxes(9), boxes(7)
    expected = np.array([[iou_loop(p, q) for q in b2] for p in b1])
    assert_close(box_iou(b1, b2), expected, what="iou")
    assert box_iou(b1, b2[:0]).shape == (9, 0)


# ---------------------------------------------------------------- NMS


def test_nms_hand_cases():
    a = [0, 0, 10, 10]
    b = [0, 0, 10, 5]  # IoU(a, b) = 50 / 100 = 0.5
    c = [20, 20, 30, 30]  # disjoint
    boxes = np.array([a, b, c], float)
    assert nms(boxes, np.array([0.9, 0.8, 0.7]), 0.4).tolist() == [0, 2]
    # suppression needs IoU strictly above the threshold
    assert nms(boxes, np.array([0.9, 0.8, 0.7]), 0.5).tolist() == [0, 1, 2]
    # order follows the scores, not the input order
    assert nms(boxes, np.array([0.1, 0.8, 0.7]), 0.4).tolist() == [1, 2]
    # chain: a hits b, b hits d, a misses d; b is gone so d survives
    d = [0, 5, 10, 15]
    chain = np.array([[0, 0, 10, 10], [0, 2.5, 10, 12.5], d], float)
    assert nms(chain, np.array([0.9, 0.8, 0.7]), 0.5).tolist() == [0, 2]
    # equal scores: lower index first and it wins the suppression
    same = np.array([a, a, c], float)
    assert nms(same, np.array([0.5, 0.5, 0.5]), 0.5).tolist() == [0, 2]
    assert nms(same[[1, 0, 2]], np.array([0.5, 0.5, 0.9]), 0.5).tolist() == [2, 0]
    empty = nms(np.zeros((0, 4)), np.zeros(0), 0.5)
    assert empty.dtype == np.int64 and empty.shape == (0,)


@pytest.mark.parametrize("thr", [0.0, 0.3, 0.5, 0.7])
def test_nms_matches_loop_reference(rng, thr):
    xy = rng.uniform(0, 20, size=(40, 2))
    boxes = np.concatenate([xy, xy + rng.uniform(1, 8, size=(40, 2))], 1)
    scores = rng.uniform(size=40)
    scores[5:10] = scores[4]  # a run of tied scores
    keep = nms(boxes, scores, thr)
    assert keep.tolist() == nms_loop(boxes, scores, thr)
    kept_iou = box_iou(boxes[keep], boxes[keep])
    assert np.all(kept_iou[~np.eye(len(keep), dtype=bool)] <= thr)
    assert np.all(np.diff(scores[keep]) <= 0)


# ---------------------------------------------------------------- RoI Pool


def test_roi_pool_hand_case():
    feats = np.arange(16, dtype=float).reshape(1, 1, 4, 4)
    rois = np.array([[0, 0, 0, 3, 3]], float)  # pixels 0..3 inclusive: width 4
    out, cache = roi_pool_forward(feats, rois, (2, 2), 1.0)
    assert out[0, 0].tolist() == [[5.0, 7.0], [13.0, 15.0]]
    dfeat = roi_pool_backward(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), cache)
    expected = np.zeros((4, 4))
    expected[1, 1], expected[1, 3], expected[3, 1], expected[3, 3] = 1, 2, 3, 4
    assert_close(dfeat[0, 0], expected)
    # ties: a flat map sends each bin's gradient to the bin's first pixel in row-major order
    flat = np.ones((1, 1, 4, 4))
    out, cache = roi_pool_forward(flat, rois, (2, 2), 1.0)
    dfeat = roi_pool_backward(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), cache)
    expected = np.zeros((4, 4))
    expected[0, 0], expected[0, 2], expected[2, 0], expected[2, 2] = 1, 2, 3, 4
    assert_close(dfeat[0, 0], expected)
    # a 3-pixel RoI into 2 bins: rows [0, 2) and [1, 3) overlap on row 1
    out, cache = roi_pool_forward(feats, np.array([[0, 0, 0, 2, 2]], float), (2, 2), 1.0)
    assert out[0, 0].tolist() == [[5.0, 6.0], [9.0, 10.0]]
    dfeat = roi_pool_backward(np.ones((1, 1, 2, 2)), cache)
    assert dfeat[0, 0, 1, 1] == 1 and dfeat[0, 0, 2, 2] == 1 and dfeat.sum() == 4
    # corners are rounded half away from zero (C's round): 0.5 -> 1 and 2.5 -> 3, so the RoI
    # covers pixels 1..3 (max 15); NumPy's half-to-even rounding would give 0..2 (max 10)
    out, _ = roi_pool_forward(feats, np.array([[0, 0.5, 0.5, 2.5, 2.5]]), (1, 1), 1.0)
    assert out[0, 0, 0, 0] == 15.0
    out, _ = roi_pool_forward(feats, np.array([[0, -0.5, -0.5, 0.5, 0.5]]), (1, 1), 1.0)
    assert out[0, 0, 0, 0] == 5.0  # -0.5 -> -1 (clipped to 0) and 0.5 -> 1: pixels 0..1


ROI_CASES = {
    "scale1": (1.0, (2, 2), [[0, 0, 0, 5, 5], [1, 1.2, 0.4, 3.7, 4.9], [0, 2, 2, 2, 2]]),
    "scale_half": (0.5, (3, 2), [[1, 0, 0, 11, 11], [0, 3, 1, 9.9, 6.5], [1, 4.6, 5, 5.4, 7]]),
    "outside": (1.0, (2, 3), [[0, -3, -2, 3, 2], [1, 4, 4, 9, 12], [0, 7, 7, 9, 9]]),
    "tiny_roi_many_bins": (0.25, (4, 4), [[0, 4, 4, 7, 6], [1, 0, 0, 23, 23]]),
}


@pytest.mark.parametrize("case", list(ROI_CASES))
def test_roi_pool_matches_torch_reference(torch, rng, case):
    scale, size, rois = ROI_CASES[case]
    rois = np.array(rois, dtype=float)
    feats = rng.normal(size=(2, 3, 6, 6))
    out, cache = roi_pool_forward(feats, rois, size, scale)
    ft = torch.tensor(feats, requires_grad=True)
    ref = roi_pool_reference(torch, ft, rois, size, scale)
    assert_close(out, to_numpy(ref), what="roi_pool out")
    dout = rng.normal(size=out.shape)
    ref.backward(torch.from_numpy(dout))
    assert_close(roi_pool_backward(dout, cache), to_numpy(ft.grad), what="roi_pool dfeatures")


def test_roi_pool_single_roi_single_image(torch, rng):
    feats = rng.normal(size=(1, 2, 5, 7))
    rois = np.array([[0, 1.5, 0.5, 6.0, 3.5]])
    out, cache = roi_pool_forward(feats, rois, (2, 3), 1.0)
    ft = torch.tensor(feats, requires_grad=True)
    ref = roi_pool_reference(torch, ft, rois, (2, 3), 1.0)
    assert_close(out, to_numpy(ref))
    dout = rng.normal(size=out.shape)
    ref.backward(torch.from_numpy(dout))
    assert_close(roi_pool_backward(dout, cache), to_numpy(ft.grad))


# ---------------------------------------------------------------- RoI Align


@pytest.mark.parametrize("aligned", [True, False])
def test_roi_align_hand_linear_map(aligned):
    # Bilinear interpolation of a linear map is exact, so each bin's mean is the map at its centre.
    h = w = 6
    feats = (10.0 * np.arange(h)[:, None] + np.arange(w)[None, :]).reshape(1, 1, h, w)
    shift = 0.5 if aligned else 0.0
    rois = np.array([[0, 0 + shift, 0 + shift, 4 + shift, 4 + shift]])  # feature box [0, 4]^2
    out, _ = roi_align_forward(feats, rois, (2, 2), 1.0, sampling_ratio=2, aligned=aligned)
    # bins [0, 2] and [2, 4] have centres 1 and 3: 10 * y + x
    assert_close(out[0, 0], np.array([[11.0, 13.0], [31.0, 33.0]]))


def test_roi_align_sampling_points_hand_case():
    # 1-pixel bins, 2x2 samples at offsets 0.25 and 0.75 from the bin start (notes: 4 points)
    feats = np.zeros((1, 1, 4, 4))
    feats[0, 0, 1, 1] = 16.0
    rois = np.array([[0, 1.0, 1.0, 2.0, 2.0]])  # aligned=False: bin [1, 2] x [1, 2]
    out, cache = roi_align_forward(feats, rois, (1, 1), 1.0, sampling_ratio=2, aligned=False)
    # samples at 1.25/1.75 on each axis; pixel (1,1) weights 0.75/0.25 -> (0.75+0.25)^2 / 4
    assert out[0, 0, 0, 0] == pytest.approx(16.0 * (0.75 + 0.25) ** 2 / 4)
    dfeat = roi_align_backward(np.ones((1, 1, 1, 1)), cache)
    expected = np.zeros((4, 4))
    expected[1:3, 1:3] = np.outer([0.5, 0.5], [0.5, 0.5])  # each pixel gets (sum of weights) / 4
    assert_close(dfeat[0, 0], expected)


ALIGN_CASES = {
    "sr2_aligned": (2, True),
    "sr1_aligned": (1, True),
    "sr3_unaligned": (3, False),
    "adaptive_aligned": (-1, True),
    "adaptive_unaligned": (0, False),
}


@pytest.mark.parametrize("case", list(ROI_CASES))
@pytest.mark.parametrize("mode", list(ALIGN_CASES))
def test_roi_align_matches_torch_reference(torch, rng, case, mode):
    scale, size, rois = ROI_CASES[case]
    sampling_ratio, aligned = ALIGN_CASES[mode]
    rois = np.array(rois, dtype=float)
    feats = rng.normal(size=(2, 3, 6, 6))
    out, cache = roi_align_forward(feats, rois, size, scale, sampling_ratio, aligned)
    ft = torch.tensor(feats, requires_grad=True)
    ref = roi_align_reference(torch, ft, rois, size, scale, sampling_ratio, aligned)
    assert_close(out, to_numpy(ref), what="roi_align out")
    dout = rng.normal(size=out.shape)
    ref.backward(torch.from_numpy(dout))
    assert_close(roi_align_backward(dout, cache), to_numpy(ft.grad), what="roi_align dfeatures")


def test_roi_align_matches_grid_sample_inside_map(torch, rng):
    # Inside the map torchvision's bilinear rule equals grid_sample(align_corners=False) with
    # normalised coordinate (2 * x + 1) / W - 1: an independent check of the sampling grid.
    import torch.nn.functional as F

    h, w, g, size = 7, 8, 2, (3, 2)
    feats = rng.normal(size=(2, 3, h, w))
    rois = np.array([[0, 1.0, 1.0, 6.5, 5.0], [1, 2.3, 0.9, 4.1, 6.2], [1, 0.6, 0.6, 7.4, 6.4]])
    out, cache = roi_align_forward(feats, rois, size, 1.0, sampling_ratio=g, aligned=True)
    ft = torch.tensor(feats, requires_grad=True)
    grids = []
    for r in rois:
        x1, y1, x2, y2 = (v - 0.5 for v in r[1:])
        ys = y1 + (np.arange(size[0] * g) + 0.5) * (y2 - y1) / (size[0] * g)
        xs = x1 + (np.arange(size[1] * g) + 0.5) * (x2 - x1) / (size[1] * g)
        assert ys.min() >= 0 and ys.max() <= h - 1 and xs.min() >= 0 and xs.max() <= w - 1
        yy, xx = np.meshgrid((2 * ys + 1) / h - 1, (2 * xs + 1) / w - 1, indexing="ij")
        grids.append(np.stack([xx, yy], -1))
    grid = torch.from_numpy(np.stack(grids))  # (R, PH*g, PW*g, 2)
    sampled = F.grid_sample(ft[rois[:, 0].astype(int)], grid, align_corners=False)
    ref = sampled.reshape(3, 3, size[0], g, size[1], g).mean(dim=(3, 5))
    assert_close(out, to_numpy(ref), what="grid_sample out")
    dout = rng.normal(size=out.shape)
    ref.backward(torch.from_numpy(dout))
    assert_close(roi_align_backward(dout, cache), to_numpy(ft.grad), what="grid_sample grad")


def test_roi_align_is_not_quantised_but_roi_pool_is():
    # Notes: RoI Pool snaps the RoI to the pixel grid and loses where it really was; RoI Align
    # samples at the true coordinates. On a map 10*y + x, shifting a RoI right by 0.25 pixel
    # leaves RoI Pool unchanged and raises every RoI Align output by exactly 0.25.
    feats = (10.0 * np.arange(8)[:, None] + np.arange(8)[None, :]).reshape(1, 1, 8, 8)
    roi = np.array([[0, 2.0, 2.0, 5.0, 5.0]])
    moved = roi + np.array([0, 0.25, 0, 0.25, 0])
    pool_a, _ = roi_pool_forward(feats, roi, (2, 2), 1.0)
    pool_b, _ = roi_pool_forward(feats, moved, (2, 2), 1.0)
    assert_close(pool_a, pool_b)
    align_a, _ = roi_align_forward(feats, roi, (2, 2), 1.0, 2, True)
    align_b, _ = roi_align_forward(feats, moved, (2, 2), 1.0, 2, True)
    assert_close(align_b - align_a, np.full((1, 1, 2, 2), 0.25))


def test_roi_align_degenerate_and_invalid_rois():
    feats = np.ones((1, 2, 4, 4))
    # a zero-size RoI with adaptive sampling has no sample points: output 0 (torchvision too)
    out, cache = roi_align_forward(feats, np.array([[0, 2.0, 2.0, 2.0, 2.0]]), (2, 2), 1.0, -1)
    assert np.all(out == 0.0)
    assert np.all(roi_align_backward(np.ones_like(out), cache) == 0.0)
    # with a fixed sampling ratio the samples collapse on one point of a flat map
    out, _ = roi_align_forward(feats, np.array([[0, 2.0, 2.0, 2.0, 2.0]]), (2, 2), 1.0, 2)
    assert_close(out, np.ones((1, 2, 2, 2)))
    with pytest.raises(ValueError, match="x1 <= x2"):
        roi_align_forward(feats, np.array([[0, 3.0, 0.0, 1.0, 2.0]]), (2, 2))


# ---------------------------------------------------------------- saliency


def test_saliency_linear_model_is_abs_weight_row(rng):
    n, k = 3, 5
    x = rng.normal(size=(n, 3, 4, 4))
    w = rng.normal(size=(k, 48))
    bias = rng.normal(size=k)
    y = np.array([4, 0, 4])

    def linear(xb):
        scores = xb.reshape(len(xb), -1) @ w.T + bias  # (N, K)
        return scores, lambda dscores: (dscores @ w).reshape(xb.shape)

    dx = class_score_gradient(linear, x, y)
    assert_close(dx, w[y].reshape(n, 3, 4, 4), what="dscore/dx = W[y]")
    sal = compute_saliency_maps(linear, x, y)
    assert sal.shape == (n, 4, 4)
    assert_close(sal, np.abs(w[y]).reshape(n, 3, 4, 4).max(axis=1))
    # batch of one
    assert_close(compute_saliency_maps(linear, x[1:2], y[1:2]), sal[1:2])


def test_saliency_matches_torch_autograd(torch, rng):
    n, hidden, k = 4, 6, 3
    x = rng.normal(size=(n, 3, 5, 5))
    w1 = rng.normal(size=(75, hidden)) * 0.3
    w2 = rng.normal(size=(hidden, k))
    y = np.array([2, 0, 1, 2])

    def model(xb):
        hid = np.tanh(xb.reshape(len(xb), -1) @ w1)  # (N, hidden)

        def backward(dscores):
            dhid = (dscores @ w2.T) * (1 - hid**2)
            return (dhid @ w1.T).reshape(xb.shape)

        return hid @ w2, backward

    xt = torch.tensor(x, requires_grad=True)
    scores = torch.tanh(xt.reshape(n, -1) @ torch.from_numpy(w1)) @ torch.from_numpy(w2)
    scores.gather(1, torch.from_numpy(y)[:, None]).sum().backward()
    assert_close(class_score_gradient(model, x, y), to_numpy(xt.grad))
    assert_close(compute_saliency_maps(model, x, y), to_numpy(xt.grad.abs().amax(dim=1)))
    assert_close(saliency_map(-np.ones((1, 3, 2, 2))), np.ones((1, 2, 2)))
