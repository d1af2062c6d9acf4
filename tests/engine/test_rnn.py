"""Recurrent layers vs PyTorch autograd in float64 (lecture 7)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.layers import (
    lstm_backward,
    lstm_forward,
    lstm_step_backward,
    lstm_step_forward,
    rnn_backward,
    rnn_backward_truncated,
    rnn_forward,
    rnn_step_backward,
    rnn_step_forward,
    sigmoid,
    temporal_affine_backward,
    temporal_affine_forward,
    temporal_softmax_loss,
    word_embedding_backward,
    word_embedding_forward,
)
from tests.engine.conftest import assert_close, leaves, to_numpy

SHAPES = [(3, 4, 5, 6), (1, 4, 5, 6), (3, 1, 5, 6), (1, 1, 2, 3)]  # (N, T, D, H)


def _check_grads(tensors, grads, names):
    for t, g, name in zip(tensors, grads, names, strict=True):
        assert_close(g, to_numpy(t.grad), what=f"d{name}")


# ---------------------------------------------------------------------------- sigmoid


def test_sigmoid_matches_torch_and_is_stable(torch):
    x = np.array([-1e4, -800.0, -30.0, -1.0, 0.0, 1.0, 30.0, 800.0, 1e4])
    with np.errstate(over="raise", invalid="raise"):  # an overflow in exp would raise here
        s = sigmoid(x)
    assert_close(s, to_numpy(torch.sigmoid(torch.from_numpy(x))), what="sigmoid")
    assert s[4] == 0.5 and s[0] == 0.0 and s[-1] == 1.0


# ---------------------------------------------------------------------------- vanilla RNN


def _torch_rnn(torch, x, h0, Wx, Wh, b, detach_every=None):
    """h_t = tanh(x_t Wx + h_{t-1} Wh + b), optionally detaching h before steps k, 2k, ..."""
    hs, h = [], h0
    for t in range(x.shape[1]):
        if detach_every and t > 0 and t % detach_every == 0:
            h = h.detach()
        h = torch.tanh(x[:, t] @ Wx + h @ Wh + b)
        hs.append(h)
    return torch.stack(hs, dim=1)


def test_rnn_step_vs_torch(torch, rng):
    N, D, H = 3, 5, 4
    arrays = [rng.normal(size=s) for s in [(N, D), (N, H), (D, H), (H, H), (H,)]]
    out, cache = rnn_step_forward(*arrays)
    tensors = leaves(torch, *arrays)
    x, h, Wx, Wh, b = tensors
    ref = torch.tanh(x @ Wx + h @ Wh + b)
    dout = rng.normal(size=out.shape)
    ref.backward(torch.from_numpy(dout))
    assert_close(out, to_numpy(ref), what="next_h")
    _check_grads(tensors, rnn_step_backward(dout, cache), ["x", "prev_h", "Wx", "Wh", "b"])


def test_rnn_step_vs_torch_rnncell_weights_copied(torch, rng):
    """nn.RNNCell stores W as (H, D) and has two biases: copy Wx.T, Wh.T, b and a zero bias."""
    N, D, H = 2, 3, 4
    x, h, Wx, Wh, b = (rng.normal(size=s) for s in [(N, D), (N, H), (D, H), (H, H), (H,)])
    cell = torch.nn.RNNCell(D, H, nonlinearity="tanh")
    with torch.no_grad():
        cell.weight_ih.copy_(torch.from_numpy(Wx.T))
        cell.weight_hh.copy_(torch.from_numpy(Wh.T))
        cell.bias_ih.copy_(torch.from_numpy(b))
        cell.bias_hh.zero_()
    out, _ = rnn_step_forward(x, h, Wx, Wh, b)
    assert_close(out, to_numpy(cell(torch.from_numpy(x), torch.from_numpy(h))), what="next_h")


@pytest.mark.parametrize(("N", "T", "D", "H"), SHAPES)
def test_rnn_sequence_vs_torch(torch, rng, N, T, D, H):
    arrays = [rng.normal(size=s) for s in [(N, T, D), (N, H), (D, H), (H, H), (H,)]]
    h, cache = rnn_forward(*arrays)
    tensors = leaves(torch, *arrays)
    ref = _torch_rnn(torch, *tensors)
    dh = rng.normal(size=h.shape)  # upstream gradient on every hidden state
    ref.backward(torch.from_numpy(dh))
    assert_close(h, to_numpy(ref), what="h")
    _check_grads(tensors, rnn_backward(dh, cache), ["x", "h0", "Wx", "Wh", "b"])


def test_rnn_vs_torch_nn_rnn_weights_copied(torch, rng):
    N, T, D, H = 2, 5, 3, 4
    x, h0, Wx, Wh, b = (rng.normal(size=s) for s in [(N, T, D), (N, H), (D, H), (H, H), (H,)])
    rnn = torch.nn.RNN(D, H, batch_first=True)
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.from_numpy(Wx.T))
        rnn.weight_hh_l0.copy_(torch.from_numpy(Wh.T))
        rnn.bias_ih_l0.copy_(torch.from_numpy(b))
        rnn.bias_hh_l0.zero_()
    ref, _ = rnn(torch.from_numpy(x), torch.from_numpy(h0)[None])
    assert_close(rnn_forward(x, h0, Wx, Wh, b)[0], to_numpy(ref), what="h")


@pytest.mark.parametrize("k", [1, 2, 3, 7])
def test_rnn_truncated_bptt_vs_torch_detach(torch, rng, k):
    """Truncated BPTT (notes: forward over everything, backprop only a few steps) equals
    autograd on a forward that detaches the hidden state every k steps."""
    N, T, D, H = 2, 7, 3, 4
    arrays = [rng.normal(size=s) for s in [(N, T, D), (N, H), (D, H), (H, H), (H,)]]
    h, cache = rnn_forward(*arrays)
    tensors = leaves(torch, *arrays)
    ref = _torch_rnn(torch, *tensors, detach_every=k)
    dh = rng.normal(size=h.shape)
    ref.backward(torch.from_numpy(dh))
    assert_close(h, to_numpy(ref), what="h")
    _check_grads(tensors, rnn_backward_truncated(dh, cache, k), ["x", "h0", "Wx", "Wh", "b"])
    if k >= T:  # one chunk: the same as full BPTT
        for a, e in zip(rnn_backward_truncated(dh, cache, k), rnn_backward(dh, cache), strict=True):
            assert_close(a, e)
    with pytest.raises(ValueError, match="k must be"):
        rnn_backward_truncated(dh, cache, 0)


def test_rnn_saturated_preactivations_stay_finite(torch, rng):
    N, T, D, H = 2, 4, 3, 5
    x = rng.normal(size=(N, T, D)) * 1e3
    arrays = [x, rng.normal(size=(N, H)), rng.normal(size=(D, H)), rng.normal(size=(H, H))]
    arrays.append(rng.normal(size=H))
    h, cache = rnn_forward(*arrays)
    dh = rng.normal(size=h.shape)
    grads = rnn_backward(dh, cache)
    assert np.all(np.isfinite(h)) and all(np.all(np.isfinite(g)) for g in grads)
    tensors = leaves(torch, *arrays)
    ref = _torch_rnn(torch, *tensors)
    ref.backward(torch.from_numpy(dh))
    _check_grads(tensors, grads, ["x", "h0", "Wx", "Wh", "b"])


# ---------------------------------------------------------------------------- LSTM


def _torch_lstm_step(torch, x, h, c, Wx, Wh, b):
    """LSTM written with torch ops in OUR gate order i, f, o, g."""
    H = h.shape[1]
    a = x @ Wx + h @ Wh + b
    i, f, o = (torch.sigmoid(a[:, j * H : (j + 1) * H]) for j in range(3))
    g = torch.tanh(a[:, 3 * H :])
    c = f * c + i * g
    return o * torch.tanh(c), c


def test_lstm_step_vs_torch(torch, rng):
    N, D, H = 3, 5, 4
    shapes = [(N, D), (N, H), (N, H), (D, 4 * H), (H, 4 * H), (4 * H,)]
    arrays = [rng.normal(size=s) for s in shapes]
    next_h, next_c, cache = lstm_step_forward(*arrays)
    tensors = leaves(torch, *arrays)
    ref_h, ref_c = _torch_lstm_step(torch, *tensors)
    dh, dc = rng.normal(size=next_h.shape), rng.normal(size=next_c.shape)
    torch.autograd.backward([ref_h, ref_c], [torch.from_numpy(dh), torch.from_numpy(dc)])
    assert_close(next_h, to_numpy(ref_h), what="next_h")
    assert_close(next_c, to_numpy(ref_c), what="next_c")
    names = ["x", "prev_h", "prev_c", "Wx", "Wh", "b"]
    _check_grads(tensors, lstm_step_backward(dh, dc, cache), names)


def test_lstm_forget_gate_highway():
    """Notes: with the forget gate at 1 (and input gate at 0) the cell passes straight through,
    and the cell gradient is only scaled by f, like a ResNet identity path."""
    N, D, H = 2, 3, 4
    b = np.zeros(4 * H)
    b[:H], b[H : 2 * H] = -1e3, 1e3  # i -> 0, f -> 1
    prev_c = np.arange(N * H, dtype=float).reshape(N, H)
    zeros = np.zeros
    _, next_c, cache = lstm_step_forward(
        zeros((N, D)), zeros((N, H)), prev_c, zeros((D, 4 * H)), zeros((H, 4 * H)), b
    )
    np.testing.assert_array_equal(next_c, prev_c)
    dc = np.ones((N, H))
    dprev_c = lstm_step_backward(zeros((N, H)), dc, cache)[2]
    np.testing.assert_array_equal(dprev_c, dc)


def _torch_gate_perm(H):
    """torch stacks gates as i, f, g, o; ours are i, f, o, g. torch row j = our row perm[j]."""
    blocks = [0, 1, 3, 2]  # torch's i, f, g, o taken from our blocks i=0, f=1, g=3, o=2
    return np.concatenate([blk * H + np.arange(H) for blk in blocks])


def _copy_to_torch_lstm(torch, Wx, Wh, b):
    D, H4 = Wx.shape
    perm = _torch_gate_perm(H4 // 4)
    lstm = torch.nn.LSTM(D, H4 // 4, batch_first=True)
    with torch.no_grad():
        lstm.weight_ih_l0.copy_(torch.from_numpy(Wx[:, perm].T))
        lstm.weight_hh_l0.copy_(torch.from_numpy(Wh[:, perm].T))
        lstm.bias_ih_l0.copy_(torch.from_numpy(b[perm]))
        lstm.bias_hh_l0.zero_()
    return lstm


@pytest.mark.parametrize(("N", "T", "D", "H"), SHAPES)
def test_lstm_sequence_vs_torch_nn_lstm(torch, rng, N, T, D, H):
    """Weights copied into nn.LSTM with the gate permutation: proves our order is i, f, o, g."""
    shapes = [(N, T, D), (N, H), (D, 4 * H), (H, 4 * H), (4 * H,)]
    x, h0, Wx, Wh, b = (rng.normal(size=s) for s in shapes)
    h, cache = lstm_forward(x, h0, Wx, Wh, b)
    lstm = _copy_to_torch_lstm(torch, Wx, Wh, b)
    xt, h0t = leaves(torch, x, h0)
    ref, _ = lstm(xt, (h0t[None], torch.zeros(1, N, H)))
    dh = rng.normal(size=h.shape)
    ref.backward(torch.from_numpy(dh))
    assert_close(h, to_numpy(ref), what="h")
    dx, dh0, dWx, dWh, db = lstm_backward(dh, cache)
    assert_close(dx, to_numpy(xt.grad), what="dx")
    assert_close(dh0, to_numpy(h0t.grad), what="dh0")
    inv = np.argsort(_torch_gate_perm(H))  # torch's gradient rows back into our order
    assert_close(dWx, to_numpy(lstm.weight_ih_l0.grad).T[:, inv], what="dWx")
    assert_close(dWh, to_numpy(lstm.weight_hh_l0.grad).T[:, inv], what="dWh")
    assert_close(db, to_numpy(lstm.bias_ih_l0.grad)[inv], what="db")


def test_lstm_gate_order_by_hand():
    """Only the output-gate block of b is large negative: o = 0, so h = 0 while c != 0.
    Under torch's i, f, g, o order the same bias block would be g and h would not vanish."""
    N, D, H = 1, 1, 2
    b = np.zeros(4 * H)
    b[2 * H : 3 * H] = -1e3  # our third block: output gate
    b[3 * H :] = 1e3  # our fourth block: candidate g = tanh(1e3) = 1
    z = np.zeros
    next_h, next_c, _ = lstm_step_forward(
        z((N, D)), z((N, H)), z((N, H)), z((D, 4 * H)), z((H, 4 * H)), b
    )
    np.testing.assert_allclose(next_c, 0.5)  # i = sigmoid(0) = 0.5, g = 1
    np.testing.assert_array_equal(next_h, 0.0)


def test_lstm_saturated_preactivations_stay_finite(torch, rng):
    N, T, D, H = 2, 3, 3, 2
    x, h0 = rng.normal(size=(N, T, D)) * 1e3, rng.normal(size=(N, H))
    Wx, Wh, b = rng.normal(size=(D, 4 * H)), rng.normal(size=(H, 4 * H)), rng.normal(size=4 * H)
    with np.errstate(over="raise"):
        h, cache = lstm_forward(x, h0, Wx, Wh, b)
        dh = rng.normal(size=h.shape)
        grads = lstm_backward(dh, cache)
    assert np.all(np.isfinite(h)) and all(np.all(np.isfinite(g)) for g in grads)
    lstm = _copy_to_torch_lstm(torch, Wx, Wh, b)
    xt = torch.tensor(x, requires_grad=True)
    ref, _ = lstm(xt, (torch.from_numpy(h0)[None], torch.zeros(1, N, H)))
    ref.backward(torch.from_numpy(dh))
    assert_close(h, to_numpy(ref), what="h")
    assert_close(grads[0], to_numpy(xt.grad), what="dx")


# ---------------------------------------------------------------------------- embedding, temporal


def test_word_embedding_vs_torch_with_repeats(torch, rng):
    V, D = 5, 3
    x = np.array([[0, 3, 3, 1], [3, 0, 4, 3]])  # index 3 four times, 0 twice, 2 never
    W = rng.normal(size=(V, D))
    out, cache = word_embedding_forward(x, W)
    Wt = torch.tensor(W, requires_grad=True)
    ref = torch.nn.functional.embedding(torch.from_numpy(x), Wt)
    dout = rng.normal(size=out.shape)
    ref.backward(torch.from_numpy(dout))
    assert_close(out, to_numpy(ref), what="out")
    dW = word_embedding_backward(dout, cache)
    assert_close(dW, to_numpy(Wt.grad), what="dW")
    np.testing.assert_allclose(dW[3], dout[0, 1] + dout[0, 2] + dout[1, 0] + dout[1, 3])
    np.testing.assert_array_equal(dW[2], 0.0)


@pytest.mark.parametrize(("N", "T"), [(3, 4), (1, 1)])
def test_temporal_affine_vs_torch(torch, rng, N, T):
    D, M = 5, 3
    arrays = [rng.normal(size=(N, T, D)), rng.normal(size=(D, M)), rng.normal(size=M)]
    out, cache = temporal_affine_forward(*arrays)
    tensors = leaves(torch, *arrays)
    ref = tensors[0] @ tensors[1] + tensors[2]
    dout = rng.normal(size=out.shape)
    ref.backward(torch.from_numpy(dout))
    assert_close(out, to_numpy(ref), what="out")
    _check_grads(tensors, temporal_affine_backward(dout, cache), ["x", "w", "b"])


@pytest.mark.parametrize("scale", [1.0, 1e3])
def test_temporal_softmax_loss_vs_torch(torch, rng, scale):
    N, T, V = 4, 5, 6
    x = rng.normal(size=(N, T, V)) * scale
    y = rng.integers(V, size=(N, T))
    mask = rng.random(size=(N, T)) > 0.3
    mask[1] = False  # a row with no words at all
    mask[2] = True
    loss, dx = temporal_softmax_loss(x, y, mask)
    F = torch.nn.functional
    xt = torch.tensor(x, requires_grad=True)
    per_step = F.cross_entropy(
        xt.reshape(N * T, V), torch.from_numpy(y).reshape(-1), reduction="none"
    )
    ref = (per_step * torch.from_numpy(mask).reshape(-1)).sum() / N  # summed, divided by N
    ref.backward()
    assert np.isfinite(loss)
    assert_close(loss, ref.item(), what="loss")
    assert_close(dx, to_numpy(xt.grad), what="dx")
    np.testing.assert_array_equal(dx[1], 0.0)
    # the same loss through ignore_index: masked targets are ignored, then sum / N
    y_ign = np.where(mask, y, -100)
    ign = F.cross_entropy(
        torch.from_numpy(x).reshape(N * T, V), torch.from_numpy(y_ign).reshape(-1), reduction="sum"
    )
    assert_close(loss, ign.item() / N, what="loss (ignore_index)")


def test_temporal_softmax_loss_by_hand():
    """Uniform scores over V classes: each kept step costs log V; loss = kept steps * log V / N."""
    N, T, V = 2, 3, 4
    mask = np.array([[True, True, False], [False, False, False]])
    loss, dx = temporal_softmax_loss(np.zeros((N, T, V)), np.zeros((N, T), dtype=int), mask)
    np.testing.assert_allclose(loss, 2 * np.log(V) / N)
    np.testing.assert_allclose(dx[0, 0], np.array([0.25 - 1, 0.25, 0.25, 0.25]) / N)
    np.testing.assert_array_equal(dx[0, 2], 0.0)
