"""Tests for engine.layers.selfsup: NT-Xent / InfoNCE, momentum update, rotations (lecture 12)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.layers.selfsup import info_nce, info_nce_loss, momentum_update, rotation_pretext
from tests.engine.conftest import assert_close, to_numpy


def torch_nt_xent(torch, z, temperature):
    import torch.nn.functional as F

    zt = torch.tensor(z, requires_grad=True)
    two_n = z.shape[0]
    u = F.normalize(zt, dim=1)
    sim = (u @ u.T / temperature).masked_fill(torch.eye(two_n, dtype=torch.bool), float("-inf"))
    target = (torch.arange(two_n) + two_n // 2) % two_n
    loss = F.cross_entropy(sim, target)
    loss.backward()
    return loss.item(), to_numpy(zt.grad)


@pytest.mark.parametrize("temperature", [1.0, 0.5, 0.1, 0.05])
@pytest.mark.parametrize("n", [1, 2, 4])
def test_nt_xent_matches_torch(torch, rng, temperature, n):
    z = rng.normal(size=(2 * n, 5)) * rng.uniform(0.01, 10.0, size=(2 * n, 1))  # mixed norms
    loss, dz = info_nce_loss(z, temperature)
    ref_loss, ref_dz = torch_nt_xent(torch, z, temperature)
    assert loss == pytest.approx(ref_loss, rel=1e-12, abs=1e-12)
    assert_close(dz, ref_dz, what="dz")


def test_nt_xent_normalised_input_and_scale_invariance(torch, rng):
    z = rng.normal(size=(6, 4))
    u = z / np.linalg.norm(z, axis=1, keepdims=True)
    loss_u, du = info_nce_loss(u, 0.2)
    ref_loss, ref_du = torch_nt_xent(torch, u, 0.2)
    assert loss_u == pytest.approx(ref_loss, rel=1e-12)
    assert_close(du, ref_du)
    # cosine similarity ignores each row's length; the gradient scales by 1 / length
    loss_z, dz = info_nce_loss(u * 3.0, 0.2)
    assert loss_z == pytest.approx(loss_u, rel=1e-12)
    assert_close(dz, du / 3.0)


def test_nt_xent_low_temperature_is_stable(torch, rng):
    # tau = 0.05 with nearly parallel views: logits near 20, softmax entries near 0 and 1
    base = rng.normal(size=(3, 8))
    z = np.concatenate([base, base + 1e-3 * rng.normal(size=(3, 8))])
    loss, dz = info_nce_loss(z, 0.05)
    ref_loss, ref_dz = torch_nt_xent(torch, z, 0.05)
    assert np.isfinite(loss) and np.all(np.isfinite(dz))
    assert loss == pytest.approx(ref_loss, rel=1e-9, abs=1e-12)
    assert_close(dz, ref_dz)
    loss, dz = info_nce_loss(z * 1e3, 0.01)  # huge inputs, logits up to 100
    ref_loss, ref_dz = torch_nt_xent(torch, z * 1e3, 0.01)
    assert loss == pytest.approx(ref_loss, rel=1e-9, abs=1e-12)
    assert_close(dz, ref_dz)


def test_nt_xent_hand_cases():
    # N = 1: the positive is the only candidate, log softmax over one logit = 0
    loss, dz = info_nce_loss(np.array([[1.0, 2.0], [-3.0, 0.5]]), 0.1)
    assert loss == 0.0 and np.all(dz == 0.0)
    # all rows equal: every candidate scores the same -> loss = log(2N - 1)
    loss, dz = info_nce_loss(np.ones((8, 3)), 0.5)
    assert loss == pytest.approx(math.log(7))
    # orthogonal pairs: u_i = u_(i+N) = e_i; the 4 negatives are at cosine 0. With tau = 1:
    # -1 + log(e^1 + 4 e^0)
    z = np.concatenate([np.eye(3), np.eye(3)])
    loss, _ = info_nce_loss(z, 1.0)
    assert loss == pytest.approx(-1.0 + math.log(math.e + 4.0))
    with pytest.raises(ValueError, match="even"):
        info_nce_loss(np.ones((3, 2)), 0.1)
    with pytest.raises(ValueError, match="temperature"):
        info_nce_loss(np.ones((4, 2)), 0.0)
    with pytest.raises(ValueError, match="temperature"):
        info_nce(np.ones((1, 2)), np.ones((1, 2)), np.ones((3, 2)), -1.0)


def test_nt_xent_zero_row_matches_f_normalize(torch, rng):
    z = rng.normal(size=(4, 3))
    z[1] = 0.0  # F.normalize divides a zero row by eps instead of by its norm
    loss, dz = info_nce_loss(z, 0.5)
    ref_loss, ref_dz = torch_nt_xent(torch, z, 0.5)
    assert loss == pytest.approx(ref_loss, rel=1e-12)
    assert_close(dz, ref_dz)


def torch_moco(torch, q, kp, kn, temperature):
    import torch.nn.functional as F

    qt, kpt, knt = (torch.tensor(a, requires_grad=True) for a in (q, kp, kn))
    logits = torch.cat([(qt * kpt).sum(1, keepdim=True), qt @ knt.T], 1) / temperature
    loss = F.cross_entropy(logits, torch.zeros(len(q), dtype=torch.long))
    loss.backward()
    return loss.item(), [to_numpy(t.grad) for t in (qt, kpt, knt)]


def unit(rng, *shape):
    v = rng.normal(size=shape)
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


@pytest.mark.parametrize(("n", "k", "temperature"), [(4, 10, 0.07), (1, 3, 0.2), (5, 16, 1e-3)])
def test_moco_info_nce_matches_torch(torch, rng, n, k, temperature):
    # tau = 1e-3 on unit vectors gives logits up to 1e3
    q, kp, kn = unit(rng, n, 6), unit(rng, n, 6), unit(rng, k, 6)
    loss, grads = info_nce(q, kp, kn, temperature)
    ref_loss, ref_grads = torch_moco(torch, q, kp, kn, temperature)
    assert np.isfinite(loss)
    assert loss == pytest.approx(ref_loss, rel=1e-9, abs=1e-12)
    for name, g, ref in zip(("dquery", "dkeys_pos", "dkeys_neg"), grads, ref_grads, strict=True):
        assert_close(g, ref, what=name)


def test_moco_info_nce_hand_cases(rng):
    q = unit(rng, 3, 4)
    # no negatives: a 1-way softmax, loss 0
    loss, (dq, dkp, dkn) = info_nce(q, q, np.zeros((0, 4)), 0.1)
    assert loss == 0.0 and np.all(dq == 0) and np.all(dkp == 0) and dkn.shape == (0, 4)
    # equal scores everywhere: loss = log(1 + K)
    loss, _ = info_nce(np.ones((2, 3)), np.ones((2, 3)), np.ones((5, 3)), 0.5)
    assert loss == pytest.approx(math.log(6))


def test_momentum_update_trajectory(rng):
    theta_k0 = rng.normal(size=(3, 2))
    theta_q = rng.normal(size=(3, 2))
    m, steps = 0.9, 40
    theta = theta_k0
    for _ in range(steps):
        theta = momentum_update(theta, theta_q, m)
    # constant query weights: theta_k(t) = m^t theta_k(0) + (1 - m^t) theta_q
    assert_close(theta, m**steps * theta_k0 + (1 - m**steps) * theta_q)
    # a moving query encoder: theta_k(T) = m^T theta_k(0) + (1 - m) sum_t m^(T-1-t) theta_q(t)
    qs = rng.normal(size=(steps, 3, 2))
    theta = theta_k0
    for t in range(steps):
        theta = momentum_update(theta, qs[t], 0.999)
    weights = 0.001 * 0.999 ** (steps - 1 - np.arange(steps))
    assert_close(theta, 0.999**steps * theta_k0 + np.tensordot(weights, qs, axes=1))


def test_momentum_update_dicts_and_edges(rng):
    k = {"w": rng.normal(size=(2, 2)), "b": rng.normal(size=2)}
    q = {"w": rng.normal(size=(2, 2)), "b": rng.normal(size=2)}
    k_before = {name: v.copy() for name, v in k.items()}
    new = momentum_update(k, q, 0.99)
    for name in k:
        assert_close(new[name], 0.99 * k_before[name] + 0.01 * q[name])
        assert np.array_equal(k[name], k_before[name])  # inputs untouched
    assert_close(momentum_update(k["w"], q["w"], 0.0), q["w"])
    assert_close(momentum_update(k["w"], q["w"], 1.0), k["w"])
    assert_close(momentum_update(k["w"], q["w"]), 0.999 * k["w"] + 0.001 * q["w"])
    with pytest.raises(ValueError, match="momentum"):
        momentum_update(k["w"], q["w"], 1.5)
    with pytest.raises(KeyError):
        momentum_update(k, {"w": q["w"]}, 0.9)


def test_rotation_pretext_hand_case():
    x = np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(1, 1, 2, 2)
    x_rot, labels = rotation_pretext(x)
    assert labels.tolist() == [0, 1, 2, 3] and labels.dtype == np.int64
    # counter-clockwise quarter turns
    assert x_rot[1, 0].tolist() == [[2.0, 4.0], [1.0, 3.0]]
    assert x_rot[2, 0].tolist() == [[4.0, 3.0], [2.0, 1.0]]
    assert x_rot[3, 0].tolist() == [[3.0, 1.0], [4.0, 2.0]]


def test_rotation_pretext_matches_rot90(torch, rng):
    x = rng.normal(size=(3, 2, 4, 4))
    x_rot, labels = rotation_pretext(x)
    assert x_rot.shape == (12, 2, 4, 4)
    xt = torch.from_numpy(x)
    for i in range(3):
        for k in range(4):
            assert labels[4 * i + k] == k
            assert np.array_equal(x_rot[4 * i + k], np.rot90(x[i], k, axes=(1, 2)))
            assert np.array_equal(x_rot[4 * i + k], to_numpy(torch.rot90(xt[i], k, dims=(1, 2))))
    shuffled, shuffled_labels = rotation_pretext(x, rng=np.random.default_rng(0))
    order = np.random.default_rng(0).permutation(12)
    assert np.array_equal(shuffled, x_rot[order]) and np.array_equal(shuffled_labels, labels[order])
    assert np.bincount(shuffled_labels).tolist() == [3, 3, 3, 3]
    one, one_labels = rotation_pretext(x[:1])  # batch of one
    assert np.array_equal(one, x_rot[:4]) and one_labels.tolist() == [0, 1, 2, 3]
    with pytest.raises(ValueError, match="square"):
        rotation_pretext(np.zeros((1, 1, 2, 3)))
