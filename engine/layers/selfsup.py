"""Self-supervised learning losses and helpers (lecture 12)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

__all__ = [
    "info_nce",
    "info_nce_loss",
    "momentum_update",
    "rotation_pretext",
]

NORM_EPS = 1e-12  # F.normalize's eps: rows shorter than this are divided by eps instead


def _check_temperature(temperature: float) -> None:
    if not temperature > 0:
        raise ValueError(f"temperature must be > 0, got {temperature}")


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise log-softmax, stable for large logits; -inf entries get probability 0."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs: np.ndarray = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return log_probs


def info_nce_loss(z: np.ndarray, temperature: float) -> tuple[float, np.ndarray]:
    """SimCLR's NT-Xent (normalised temperature-scaled cross entropy) loss and its gradient.

    z: (2N, D) projections of 2N augmented views; rows i and i + N are a positive pair, every
    other row is a negative. temperature: tau > 0.
    Rows are L2-normalised (u = z / max(||z||, 1e-12), as F.normalize), s_ij = u_i . u_j / tau
    (cosine similarity), and each anchor i is a (2N - 1)-way classification of its positive
    against every other row, itself excluded:
      loss = mean_i [ -s_(i, pos(i)) + log sum_(j != i) exp(s_ij) ].
    Returns (loss, dz) with dz: (2N, D). With N = 1 the positive is the only candidate: loss 0.
    """
    _check_temperature(temperature)
    two_n = z.shape[0]
    if two_n % 2 or two_n == 0:
        raise ValueError(f"z needs an even, non-zero number of rows (2N), got {two_n}")
    norms = np.linalg.norm(z, axis=1, keepdims=True)  # (2N, 1)
    scale = np.maximum(norms, NORM_EPS)
    u = z / scale
    logits = u @ u.T / temperature  # (2N, 2N)
    np.fill_diagonal(logits, -np.inf)  # an anchor is not its own candidate
    positive = (np.arange(two_n) + two_n // 2) % two_n
    rows = np.arange(two_n)
    log_prob = _log_softmax(logits)
    loss = -log_prob[rows, positive].mean()
    dlogits = np.exp(log_prob)  # softmax; exactly 0 on the masked diagonal
    dlogits[rows, positive] -= 1.0
    dlogits /= two_n
    du = (dlogits + dlogits.T) @ u / temperature  # s_ij depends on u_i and on u_j
    # through u = z / ||z||: remove the radial part; below eps the scale is a constant
    radial = np.where(norms > NORM_EPS, (u * du).sum(axis=1, keepdims=True), 0.0)
    dz = (du - u * radial) / scale
    return float(loss), dz


def info_nce(
    query: np.ndarray, keys_pos: np.ndarray, keys_neg: np.ndarray, temperature: float
) -> tuple[float, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """InfoNCE in MoCo's form: each query against its positive key and a queue of negatives.

    query: (N, D) queries q; keys_pos: (N, D) positive keys k+ (row i belongs to query i);
    keys_neg: (K, D) negative keys from the queue, shared by all queries; temperature: tau > 0.
    Scores are plain dot products, so pass L2-normalised vectors (MoCo normalises its encoder
    outputs) to get cosine similarities. logits = [q . k+, q . k_neg] / tau: (N, 1 + K), and
    loss = mean_i -log softmax(logits_i)[0], the notes' -E[log exp(s+) / (exp(s+) + sum exp(s-))].
    Returns (loss, (dquery, dkeys_pos, dkeys_neg)). MoCo trains only the query encoder: it
    discards the key gradients, which are given for completeness.
    """
    _check_temperature(temperature)
    pos = (query * keys_pos).sum(axis=1, keepdims=True)  # (N, 1)
    logits = np.concatenate([pos, query @ keys_neg.T], axis=1) / temperature  # (N, 1 + K)
    log_prob = _log_softmax(logits)
    n = query.shape[0]
    loss = -log_prob[:, 0].mean()
    dlogits = np.exp(log_prob)
    dlogits[:, 0] -= 1.0
    dlogits /= n * temperature  # folds in the 1/tau of the scores
    dquery = dlogits[:, :1] * keys_pos + dlogits[:, 1:] @ keys_neg
    dkeys_pos = dlogits[:, :1] * query
    dkeys_neg = dlogits[:, 1:].T @ query
    return float(loss), (dquery, dkeys_pos, dkeys_neg)


def momentum_update(
    theta_k: np.ndarray | Mapping[str, np.ndarray],
    theta_q: np.ndarray | Mapping[str, np.ndarray],
    m: float = 0.999,
) -> np.ndarray | dict[str, np.ndarray]:
    """MoCo's momentum (exponential moving average) update of the key encoder.

    theta_k: key-encoder parameters, an array or a dict name -> array; theta_q: the query
    encoder's, same structure; m: momentum in [0, 1].
    Returns new parameters m * theta_k + (1 - m) * theta_q (the notes' key = key * momentum +
    query * (1 - momentum)), same structure as theta_k; the inputs are not modified.
    """
    if not 0.0 <= m <= 1.0:
        raise ValueError(f"momentum m must lie in [0, 1], got {m}")
    if isinstance(theta_k, Mapping):
        if set(theta_k) != set(theta_q):
            raise KeyError(f"parameter names differ: {sorted(set(theta_k) ^ set(theta_q))}")
        return {name: m * theta_k[name] + (1.0 - m) * theta_q[name] for name in theta_k}
    return m * np.asarray(theta_k) + (1.0 - m) * np.asarray(theta_q)


def rotation_pretext(
    x: np.ndarray, rng: np.random.Generator | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """RotNet's pretext task: every image rotated by 0, 90, 180 and 270 degrees, 4-way labels.

    x: (N, C, H, W) square images (H == W); rng: if given, the 4N examples are shuffled with it.
    Rotation k turns the image k quarter turns counter-clockwise, exactly
    np.rot90(image, k, axes=(1, 2)) (and torch.rot90(image, k, dims=(1, 2))).
    Returns (x_rot, labels): x_rot (4N, C, H, W), labels (4N,) int64 in 0..3; without rng,
    row 4 * i + k holds image i rotated by k quarter turns.
    """
    if x.shape[2] != x.shape[3]:
        raise ValueError(f"rotations keep the shape only for square images, got {x.shape[2:]}")
    n = x.shape[0]
    rotated = np.stack([np.rot90(x, k, axes=(2, 3)) for k in range(4)], axis=1)  # (N, 4, C, H, W)
    x_rot = rotated.reshape(4 * n, *x.shape[1:])  # (4N, C, H, W)
    labels = np.tile(np.arange(4, dtype=np.int64), n)
    if rng is not None:
        order = rng.permutation(4 * n)
        x_rot, labels = x_rot[order], labels[order]
    return x_rot, labels
