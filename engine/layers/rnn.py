"""Recurrent layers: vanilla RNN, LSTM, word embedding, temporal layers (lecture 7).

Weights are shared by all time steps, so every recurrent backward sums the per-step weight
gradients. Shapes: N batch, T time steps, D input size, H hidden size, V vocabulary, M outputs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.layers.linear import sigmoid

__all__ = [
    "lstm_backward",
    "lstm_forward",
    "lstm_step_backward",
    "lstm_step_forward",
    "rnn_backward",
    "rnn_backward_truncated",
    "rnn_forward",
    "rnn_step_backward",
    "rnn_step_forward",
    "temporal_affine_backward",
    "temporal_affine_forward",
    "temporal_softmax_loss",
    "word_embedding_backward",
    "word_embedding_forward",
]

Cache = Any


def rnn_step_forward(
    x: np.ndarray, prev_h: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, Cache]:
    """One vanilla RNN step: next_h = tanh(x Wx + prev_h Wh + b).

    x: (N, D) inputs at this step; prev_h: (N, H) previous hidden state;
    Wx: (D, H) input-to-hidden weights; Wh: (H, H) hidden-to-hidden weights; b: (H,) bias.
    Returns next_h: (N, H) and a cache for rnn_step_backward.
    """
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)
    return next_h, (x, prev_h, Wx, Wh, next_h)


def rnn_step_backward(
    dnext_h: np.ndarray, cache: Cache
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Backward of one RNN step. dnext_h: (N, H) upstream gradient of next_h.

    Returns (dx (N, D), dprev_h (N, H), dWx (D, H), dWh (H, H), db (H,)).
    """
    x, prev_h, Wx, Wh, next_h = cache
    da = dnext_h * (1.0 - next_h**2)  # tanh'(a) = 1 - tanh(a)^2, from the saved output
    return da @ Wx.T, da @ Wh.T, x.T @ da, prev_h.T @ da, da.sum(axis=0)


def rnn_forward(
    x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, Cache]:
    """Vanilla RNN over a whole sequence, the same weights at every step.

    x: (N, T, D) input sequence; h0: (N, H) initial hidden state; Wx: (D, H); Wh: (H, H); b: (H,).
    Returns h: (N, T, H) the hidden states of all steps, and a cache for rnn_backward.
    """
    N, T, _ = x.shape
    h = np.empty((N, T, h0.shape[1]), dtype=np.result_type(x, h0, Wx))
    prev_h = h0
    for t in range(T):
        prev_h, _ = rnn_step_forward(x[:, t], prev_h, Wx, Wh, b)
        h[:, t] = prev_h
    return h, (x, h0, Wx, Wh, h)


def _rnn_backward(
    dh: np.ndarray, cache: Cache, k: int | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    x, h0, Wx, Wh, h = cache
    T = x.shape[1]
    dx = np.zeros_like(x, dtype=np.result_type(x, dh))
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(Wx.shape[1])
    dprev_h = np.zeros_like(h0, dtype=np.result_type(h0, dh))
    for t in reversed(range(T)):
        if k is not None and (t + 1) % k == 0:
            dprev_h = np.zeros_like(dprev_h)  # truncation: no gradient across a chunk boundary
        prev_h = h0 if t == 0 else h[:, t - 1]
        step_cache = (x[:, t], prev_h, Wx, Wh, h[:, t])
        # h_t feeds both its own loss term (dh[:, t]) and the next step (dprev_h): add them
        dx[:, t], dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + dprev_h, step_cache)
        dWx, dWh, db = dWx + dWx_t, dWh + dWh_t, db + db_t
    return dx, dprev_h, dWx, dWh, db


def rnn_backward(
    dh: np.ndarray, cache: Cache
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Full backpropagation through time for rnn_forward.

    dh: (N, T, H) upstream gradient of ALL hidden states (each step's own loss term).
    Returns (dx (N, T, D), dh0 (N, H), dWx (D, H), dWh (H, H), db (H,)).
    """
    return _rnn_backward(dh, cache, None)


def rnn_backward_truncated(
    dh: np.ndarray, cache: Cache, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Truncated BPTT for rnn_forward: the forward ran over the whole sequence, but gradient
    flows back through the hidden state only inside chunks of k steps [0, k), [k, 2k), ...

    This equals autograd on a forward that detaches h before steps k, 2k, ... (so dh0 gets
    gradient from the first chunk only). Weight gradients are still summed over all chunks,
    since the weights are shared by every step. dh: (N, T, H); k: chunk length >= 1.
    Returns (dx (N, T, D), dh0 (N, H), dWx (D, H), dWh (H, H), db (H,)).
    """
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    return _rnn_backward(dh, cache, k)


def lstm_step_forward(
    x: np.ndarray,
    prev_h: np.ndarray,
    prev_c: np.ndarray,
    Wx: np.ndarray,
    Wh: np.ndarray,
    b: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, Cache]:
    """One LSTM step. Gates are stacked along the 4H axis in the order input, forget, output,
    candidate: a = x Wx + prev_h Wh + b = [a_i | a_f | a_o | a_g]; i, f, o = sigmoid, g = tanh;
    next_c = f * prev_c + i * g (the forget gate scales the cell "highway");
    next_h = o * tanh(next_c). (PyTorch stacks i, f, g, o instead.)

    x: (N, D); prev_h, prev_c: (N, H); Wx: (D, 4H); Wh: (H, 4H); b: (4H,).
    Returns next_h: (N, H), next_c: (N, H) and a cache for lstm_step_backward.
    """
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b  # (N, 4H)
    i, f, o = sigmoid(a[:, :H]), sigmoid(a[:, H : 2 * H]), sigmoid(a[:, 2 * H : 3 * H])
    g = np.tanh(a[:, 3 * H :])
    next_c = f * prev_c + i * g
    tanh_c = np.tanh(next_c)
    next_h = o * tanh_c
    return next_h, next_c, (x, prev_h, prev_c, Wx, Wh, i, f, o, g, tanh_c)


def lstm_step_backward(
    dnext_h: np.ndarray, dnext_c: np.ndarray, cache: Cache
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Backward of one LSTM step. dnext_h, dnext_c: (N, H) upstream gradients.

    Returns (dx (N, D), dprev_h (N, H), dprev_c (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,)).
    """
    x, prev_h, prev_c, Wx, Wh, i, f, o, g, tanh_c = cache
    dc = dnext_c + dnext_h * o * (1.0 - tanh_c**2)  # the cell feeds next_c and next_h
    da = np.concatenate(  # (N, 4H), same i, f, o, g order as the forward
        [
            dc * g * i * (1.0 - i),
            dc * prev_c * f * (1.0 - f),
            dnext_h * tanh_c * o * (1.0 - o),
            dc * i * (1.0 - g**2),
        ],
        axis=1,
    )
    dprev_c = dc * f  # the cell path is only scaled by f: no weight matrix, no squashing
    return da @ Wx.T, da @ Wh.T, dprev_c, x.T @ da, prev_h.T @ da, da.sum(axis=0)


def lstm_forward(
    x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, Cache]:
    """LSTM over a whole sequence; the initial cell state c0 is zero.

    x: (N, T, D); h0: (N, H); Wx: (D, 4H); Wh: (H, 4H); b: (4H,), gates ordered i, f, o, g.
    Returns h: (N, T, H) the hidden states of all steps, and a cache for lstm_backward.
    """
    N, T, _ = x.shape
    h = np.empty((N, T, h0.shape[1]), dtype=np.result_type(x, h0, Wx))
    prev_h, prev_c = h0, np.zeros_like(h0)
    step_caches = []
    for t in range(T):
        prev_h, prev_c, step_cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
        h[:, t] = prev_h
        step_caches.append(step_cache)
    return h, (x.shape, step_caches)


def lstm_backward(
    dh: np.ndarray, cache: Cache
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Backpropagation through time for lstm_forward.

    dh: (N, T, H) upstream gradient of ALL hidden states (the cell states get none from outside).
    Returns (dx (N, T, D), dh0 (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,)).
    """
    x_shape, step_caches = cache
    N, T, H = dh.shape
    _, _, _, Wx, Wh, *_ = step_caches[0]
    dx = np.zeros(x_shape)
    dprev_h, dprev_c = np.zeros((N, H)), np.zeros((N, H))
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(Wx.shape[1])
    for t in reversed(range(T)):
        grads = lstm_step_backward(dh[:, t] + dprev_h, dprev_c, step_caches[t])
        dx[:, t], dprev_h, dprev_c = grads[:3]
        dWx, dWh, db = dWx + grads[3], dWh + grads[4], db + grads[5]
    return dx, dprev_h, dWx, dWh, db


def word_embedding_forward(x: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, Cache]:
    """Look up word vectors: out[n, t] = W[x[n, t]].

    x: (N, T) integer word indices in [0, V); W: (V, D) embedding matrix.
    Returns out: (N, T, D) and a cache for word_embedding_backward.
    """
    return W[x], (x, W.shape)


def word_embedding_backward(dout: np.ndarray, cache: Cache) -> np.ndarray:
    """Backward of the lookup. dout: (N, T, D). Returns dW: (V, D).

    np.add.at accumulates repeated indices; dW[x] += dout would keep only one of them.
    """
    x, W_shape = cache
    dW = np.zeros(W_shape, dtype=dout.dtype)
    np.add.at(dW, x, dout)
    return dW


def temporal_affine_forward(
    x: np.ndarray, w: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, Cache]:
    """The same affine map at every time step: out[n, t] = x[n, t] w + b.

    x: (N, T, D); w: (D, M); b: (M,). Returns out: (N, T, M) and a cache.
    """
    N, T, D = x.shape
    out = (x.reshape(N * T, D) @ w + b).reshape(N, T, -1)  # (N*T, M) -> (N, T, M)
    return out, (x, w)


def temporal_affine_backward(
    dout: np.ndarray, cache: Cache
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward of temporal_affine_forward. dout: (N, T, M).

    Returns (dx (N, T, D), dw (D, M), db (M,)).
    """
    x, w = cache
    N, T, D = x.shape
    dout2 = dout.reshape(N * T, -1)  # (N*T, M)
    dx = (dout2 @ w.T).reshape(N, T, D)
    return dx, x.reshape(N * T, D).T @ dout2, dout2.sum(axis=0)


def temporal_softmax_loss(
    x: np.ndarray, y: np.ndarray, mask: np.ndarray
) -> tuple[float, np.ndarray]:
    """Softmax cross-entropy at every time step, as in CS231n's captioning assignment.

    loss = (1 / N) * sum over (n, t) with mask[n, t] of -log softmax(x[n, t])[y[n, t]]:
    summed over the kept time steps and divided by the batch size N, NOT by the number of kept
    steps (so a row with more words weighs more; a row with mask all False adds nothing).

    x: (N, T, V) scores; y: (N, T) integer targets in [0, V); mask: (N, T) bool, True = count.
    Returns (loss, dx) with dx: (N, T, V).
    """
    N, T, V = x.shape
    x2 = x.reshape(N * T, V)  # (N*T, V)
    y2, m2 = y.reshape(N * T), mask.reshape(N * T).astype(x.dtype)
    shifted = x2 - x2.max(axis=1, keepdims=True)  # exp never overflows; softmax is unchanged
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(N * T)
    loss = -np.sum(m2 * log_probs[rows, y2]) / N
    dx2 = np.exp(log_probs)
    dx2[rows, y2] -= 1.0
    dx2 *= m2[:, None] / N
    return float(loss), dx2.reshape(N, T, V)
