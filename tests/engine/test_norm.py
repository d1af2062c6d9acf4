"""Batch/layer/group normalisation and dropout vs PyTorch autograd (float64)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.layers.norm import (
    batchnorm_backward,
    batchnorm_backward_alt,
    batchnorm_forward,
    dropout_backward,
    dropout_forward,
    groupnorm_backward,
    groupnorm_forward,
    layernorm_backward,
    layernorm_forward,
    spatial_batchnorm_backward,
    spatial_batchnorm_forward,
    spatial_groupnorm_backward,
    spatial_groupnorm_forward,
)
from tests.engine.conftest import assert_close, to_numpy

EPS = 1e-5


def _torch_run(torch, fn, arrays, dout, **kwargs):
    """Forward `fn` on leaf tensors from `arrays`, backprop `dout`; numpy out and grads."""
    leaves = [torch.tensor(a, requires_grad=True) for a in arrays]
    out = fn(*leaves, **kwargs)
    out.backward(torch.from_numpy(dout))
    return to_numpy(out), [to_numpy(t.grad) for t in leaves]


def _check(ours, ref_out, ref_grads, names=("dx", "dgamma", "dbeta")):
    out, grads = ours
    assert_close(out, ref_out, what="out")
    for name, g, ref in zip(names, grads, ref_grads, strict=True):
        assert_close(g, ref, what=name)


def _inputs(rng, shape, offset):
    """x with a per-channel scale around `offset`, and (C,) gamma, beta."""
    C = shape[1]
    scale = (1 + 3 * rng.random(C)).reshape(C, *[1] * (len(shape) - 2))  # (C,) or (C, 1, 1)
    x = offset + rng.standard_normal(shape) * scale
    return x, 1 + rng.standard_normal(C), rng.standard_normal(C)


@pytest.mark.parametrize("backward", [batchnorm_backward, batchnorm_backward_alt])
@pytest.mark.parametrize("offset", [0.0, 1e3])
def test_batchnorm_train_matches_torch(torch, rng, backward, offset):
    x, gamma, beta = _inputs(rng, (6, 4), offset)
    out, cache = batchnorm_forward(x, gamma, beta, {"mode": "train"})
    dout = rng.standard_normal(out.shape)
    rm, rv = torch.zeros(4), torch.ones(4)
    ref = _torch_run(
        torch,
        lambda x, g, b: torch.nn.functional.batch_norm(
            x, rm, rv, g, b, training=True, momentum=0.1, eps=EPS
        ),
        (x, gamma, beta),
        dout,
    )
    _check((out, backward(dout, cache)), *ref)


def test_batchnorm_running_stats_follow_the_momentum_formula(torch, rng):
    bn_param = {"mode": "train", "momentum": 0.9}
    gamma, beta = np.ones(3), np.zeros(3)
    rm_t, rv_t = torch.zeros(3), torch.ones(3)
    running_mean, running_var = np.zeros(3), np.ones(3)  # the documented starting values
    unbiased = np.ones(3)
    for step in range(3):
        x = step + rng.standard_normal((5, 3))
        batchnorm_forward(x, gamma, beta, bn_param)
        # running = momentum * running + (1 - momentum) * batch, biased batch variance
        running_mean = 0.9 * running_mean + 0.1 * x.mean(axis=0)
        running_var = 0.9 * running_var + 0.1 * x.var(axis=0)
        assert_close(bn_param["running_mean"], running_mean, what="running_mean")
        assert_close(bn_param["running_var"], running_var, what="running_var")
        # torch: momentum 0.1 == 1 - ours; same mean, but it tracks the UNBIASED variance
        torch.nn.functional.batch_norm(
            torch.from_numpy(x), rm_t, rv_t, training=True, momentum=0.1, eps=EPS
        )
        assert_close(to_numpy(rm_t), running_mean, what="torch running_mean")
        unbiased = 0.9 * unbiased + 0.1 * x.var(axis=0, ddof=1)
    assert_close(to_numpy(rv_t), unbiased, what="torch running_var (unbiased)")


def test_batchnorm_test_mode_uses_running_stats(torch, rng):
    x, gamma, beta = _inputs(rng, (4, 5), 0.0)
    rm, rv = rng.standard_normal(5), 0.5 + rng.random(5)
    bn_param = {"mode": "test", "running_mean": rm.copy(), "running_var": rv.copy()}
    out, cache = batchnorm_forward(x, gamma, beta, bn_param)
    dout = rng.standard_normal(out.shape)
    ref = _torch_run(
        torch,
        lambda x, g, b: torch.nn.functional.batch_norm(
            x, torch.from_numpy(rm), torch.from_numpy(rv), g, b, training=False, eps=EPS
        ),
        (x, gamma, beta),
        dout,
    )
    _check((out, batchnorm_backward(dout, cache)), *ref)
    _check((out, batchnorm_backward_alt(dout, cache)), *ref)
    np.testing.assert_array_equal(bn_param["running_mean"], rm)  # test mode does not update


def test_batchnorm_defaults_are_written_back(rng):
    bn_param = {"mode": "train"}
    x = rng.standard_normal((4, 2))
    batchnorm_forward(x, np.ones(2), np.zeros(2), bn_param)
    # absent stats start at zeros / ones; default momentum 0.9
    assert_close(bn_param["running_mean"], 0.1 * x.mean(axis=0))
    assert_close(bn_param["running_var"], 0.9 + 0.1 * x.var(axis=0))
    with pytest.raises(ValueError, match="mode"):
        batchnorm_forward(x, np.ones(2), np.zeros(2), {"mode": "eval"})


def test_batchnorm_batch_of_one_is_degenerate_but_finite(rng):
    x, gamma, beta = _inputs(rng, (1, 3), 5.0)
    out, cache = batchnorm_forward(x, gamma, beta, {"mode": "train"})
    np.testing.assert_allclose(out, beta[None], rtol=0, atol=1e-12)  # x - mean == 0
    dout = rng.standard_normal(out.shape)
    for backward in (batchnorm_backward, batchnorm_backward_alt):
        dx, dgamma, dbeta = backward(dout, cache)
        assert np.all(np.isfinite(dx)) and np.all(np.isfinite(dgamma))
        np.testing.assert_allclose(dx, 0, atol=1e-12)
        np.testing.assert_allclose(dgamma, 0, atol=1e-12)
        np.testing.assert_array_equal(dbeta, dout[0])


@pytest.mark.parametrize("mode", ["train", "test"])
@pytest.mark.parametrize("offset", [0.0, 1e3])
def test_spatial_batchnorm_matches_torch(torch, rng, mode, offset):
    x, gamma, beta = _inputs(rng, (3, 4, 3, 5), offset)
    rm, rv = offset + rng.standard_normal(4), 0.5 + rng.random(4)
    bn_param = {"mode": mode, "running_mean": rm.copy(), "running_var": rv.copy()}
    out, cache = spatial_batchnorm_forward(x, gamma, beta, bn_param)
    dout = rng.standard_normal(out.shape)
    rm_t, rv_t = torch.from_numpy(rm.copy()), torch.from_numpy(rv.copy())
    ref = _torch_run(
        torch,
        lambda x, g, b: torch.nn.functional.batch_norm(
            x, rm_t, rv_t, g, b, training=mode == "train", momentum=0.1, eps=EPS
        ),
        (x, gamma, beta),
        dout,
    )
    _check((out, spatial_batchnorm_backward(dout, cache)), *ref)
    assert_close(bn_param["running_mean"], to_numpy(rm_t), what="running_mean")


@pytest.mark.parametrize(("shape", "offset"), [((4, 6), 0.0), ((1, 5), 0.0), ((3, 7), 1e3)])
def test_layernorm_matches_torch(torch, rng, shape, offset):
    D = shape[1]
    x = offset + rng.standard_normal(shape) * 3
    gamma, beta = 1 + rng.standard_normal(D), rng.standard_normal(D)
    out, cache = layernorm_forward(x, gamma, beta, {})
    dout = rng.standard_normal(out.shape)
    ref = _torch_run(
        torch,
        lambda x, g, b: torch.nn.functional.layer_norm(x, (D,), g, b, eps=EPS),
        (x, gamma, beta),
        dout,
    )
    _check((out, layernorm_backward(dout, cache)), *ref)


@pytest.mark.parametrize("param_shape", ["C", "1C11"])
@pytest.mark.parametrize(
    ("shape", "G", "offset"),
    [
        ((2, 6, 3, 4), 2, 0.0),
        ((2, 6, 3, 4), 1, 0.0),
        ((1, 4, 2, 3), 4, 0.0),
        ((2, 6, 2, 2), 3, 1e3),
    ],
)
def test_groupnorm_matches_torch(torch, rng, param_shape, shape, G, offset):
    C = shape[1]
    x = offset + rng.standard_normal(shape) * 2
    gamma, beta = 1 + rng.standard_normal(C), rng.standard_normal(C)
    as_given = (lambda a: a) if param_shape == "C" else (lambda a: a.reshape(1, C, 1, 1))
    out, cache = groupnorm_forward(x, as_given(gamma), as_given(beta), G, {"eps": EPS})
    dout = rng.standard_normal(out.shape)
    dx, dgamma, dbeta = groupnorm_backward(dout, cache)
    assert dgamma.shape == dbeta.shape == as_given(gamma).shape
    ref = _torch_run(
        torch,
        lambda x, g, b: torch.nn.functional.group_norm(x, G, g, b, eps=EPS),
        (x, gamma, beta),
        dout,
    )
    _check((out, (dx, dgamma.reshape(C), dbeta.reshape(C))), *ref)


def test_groupnorm_cs231n_names_and_bad_groups(rng):
    assert spatial_groupnorm_forward is groupnorm_forward
    assert spatial_groupnorm_backward is groupnorm_backward
    with pytest.raises(ValueError, match="groups"):
        groupnorm_forward(np.zeros((1, 6, 2, 2)), np.ones(6), np.zeros(6), 4, {})


@pytest.mark.parametrize("p", [0.3, 0.75])
def test_dropout_train_matches_torch_formula(torch, rng, p):
    x = rng.standard_normal((20, 30))
    param = {"mode": "train", "p": p, "seed": 7}
    out, cache = dropout_forward(x, param)
    dout = rng.standard_normal(out.shape)
    dx = dropout_backward(dout, cache)
    keep = torch.from_numpy((out != 0).astype(float))  # the mask our forward drew
    ref = _torch_run(torch, lambda x: x * keep / (1 - p), (x,), dout)
    _check((out, (dx,)), *ref, names=("dx",))
    # p is the DROP probability: about p of the units are zero
    frac = np.mean(out == 0)
    assert abs(frac - p) < 5 * np.sqrt(p * (1 - p) / x.size)


def test_dropout_is_deterministic_given_seed(rng):
    x = rng.standard_normal((8, 8))
    a, _ = dropout_forward(x, {"mode": "train", "p": 0.5, "seed": 3})
    b, _ = dropout_forward(x, {"mode": "train", "p": 0.5, "seed": 3})
    c, _ = dropout_forward(x, {"mode": "train", "p": 0.5, "seed": 4})
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_dropout_test_mode_and_p_zero_are_identity(rng):
    x, dout = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    for param in ({"mode": "test", "p": 0.9}, {"mode": "train", "p": 0.0, "seed": 1}):
        out, cache = dropout_forward(x, param)
        np.testing.assert_array_equal(out, x)
        np.testing.assert_array_equal(dropout_backward(dout, cache), dout)


def test_dropout_p_near_and_at_one(rng):
    x = rng.standard_normal(200_000)
    p = 0.999
    out, cache = dropout_forward(x, {"mode": "train", "p": p, "seed": 0})
    kept = out != 0
    assert abs(kept.mean() - (1 - p)) < 5 * np.sqrt(p * (1 - p) / x.size)
    assert_close(out[kept], x[kept] / (1 - p), what="survivors scaled by 1/(1-p)")
    out, cache = dropout_forward(x, {"mode": "train", "p": 1.0, "seed": 0})
    dx = dropout_backward(np.ones_like(x), cache)
    assert np.all(out == 0) and np.all(dx == 0) and np.all(np.isfinite(dx))
    with pytest.raises(ValueError, match="drop probability"):
        dropout_forward(x, {"mode": "train", "p": 1.5})


def test_inverted_dropout_expectation_equals_test_output_and_the_notes_form(rng):
    p, draws = 0.4, 4000
    x = rng.standard_normal(25)
    xs = np.broadcast_to(x, (draws, x.size))  # many independent masks over the same x
    train, _ = dropout_forward(xs, {"mode": "train", "p": p, "seed": 11})
    test, _ = dropout_forward(x, {"mode": "test", "p": p})
    sigma = np.abs(x) * np.sqrt(p / (1 - p)) / np.sqrt(draws)  # std of the sample mean
    assert np.all(np.abs(train.mean(axis=0) - test) < 5 * sigma + 1e-12)
    # notes (lecture 6): train unscaled, multiply the test output by the keep probability.
    # Same masks: vanilla train output = inverted output * (1 - p); its expectation matches
    # the notes' test-time output x * (1 - p)
    vanilla_train = train * (1 - p)
    np.testing.assert_allclose(vanilla_train[train != 0], xs[train != 0], rtol=1e-12)
    assert np.all(np.abs(vanilla_train.mean(axis=0) - x * (1 - p)) < 5 * sigma * (1 - p) + 1e-12)
