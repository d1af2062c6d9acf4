"""The gradient checker: numerical gradients vs autograd, and check_layer passing correct layers,
flagging planted bugs, surviving learner mistakes and not failing at kinks."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from engine.gradcheck import (
    check_layer,
    check_loss,
    eval_numerical_gradient,
    eval_numerical_gradient_array,
    rel_error,
    sparse_gradient_check,
)
from engine.layers.linear import (
    affine_backward,
    affine_forward,
    gelu_backward,
    gelu_forward,
    leaky_relu_backward,
    leaky_relu_forward,
    relu_backward,
    relu_forward,
    sigmoid_backward,
    sigmoid_forward,
    tanh_backward,
    tanh_forward,
)
from engine.layers.losses import softmax_loss, softmax_loss_vectorized, svm_loss
from tests.engine.conftest import to_numpy

H = 1e-5


# --- low-level helpers -------------------------------------------------------------------------


def test_rel_error_matches_hand_values() -> None:
    assert rel_error(np.array([1.0, 2.0]), np.array([3.0, 2.0])) == pytest.approx(0.5)
    # Both tiny: the 1e-8 floor of the denominator applies.
    assert rel_error(np.array([0.0]), np.array([1e-10])) == pytest.approx(1e-2)
    assert rel_error(np.zeros(0), np.zeros(0)) == 0.0
    with pytest.raises(ValueError):
        rel_error(np.zeros(3), np.zeros(4))


def test_numerical_gradient_matches_autograd_on_smooth_function(torch, rng, close) -> None:
    A = rng.standard_normal((4, 3))
    x = rng.standard_normal((2, 4))
    before = x.copy()

    def f(v: np.ndarray) -> float:
        return float(np.sum(np.tanh(v @ A) ** 2) + np.sum(np.sin(v) * v))

    grad = eval_numerical_gradient(f, x)
    assert np.array_equal(x, before)  # restored bit for bit
    xt = torch.from_numpy(x.copy()).requires_grad_()
    (torch.tanh(xt @ torch.from_numpy(A)) ** 2).sum().add((torch.sin(xt) * xt).sum()).backward()
    # Centred differences carry O(h^2) truncation, ~1e-11 here, not exact round-off.
    close(grad, to_numpy(xt.grad), tol=1e-9, what="numerical vs autograd")


def test_numerical_gradient_array_matches_autograd(torch, rng, close) -> None:
    x = rng.standard_normal((3, 5)) * 10.0  # large |x|: the exact step width keeps it accurate
    dout = rng.standard_normal((3, 5))
    grad = eval_numerical_gradient_array(lambda v: np.sin(v / 10.0) * v, x, dout)
    xt = torch.from_numpy(x.copy()).requires_grad_()
    (torch.sin(xt / 10.0) * xt).backward(torch.from_numpy(dout))
    close(grad, to_numpy(xt.grad), tol=1e-9, what="array numerical vs autograd")


def test_numerical_gradient_array_copes_with_views_of_x(rng, close) -> None:
    x = rng.standard_normal(6)
    dout = rng.standard_normal(6)
    close(eval_numerical_gradient_array(lambda v: v, x, dout), dout)


def test_numerical_gradient_requires_float64() -> None:
    with pytest.raises(TypeError):
        eval_numerical_gradient(lambda v: float(v.sum()), np.ones(3, dtype=np.float32))


def test_sparse_gradient_check(rng) -> None:
    W = rng.standard_normal((6, 4)) * 0.1
    X, y = rng.standard_normal((5, 6)), rng.integers(0, 4, 5)
    _, dW = softmax_loss_vectorized(W, X, y, 0.1)

    def f(w: np.ndarray) -> float:
        return softmax_loss_vectorized(w, X, y, 0.1)[0]

    good = sparse_gradient_check(f, W, dW, num_checks=8, rng=1)
    assert len(set(good.indices)) == 8 and good.max_rel_error < 1e-7
    assert good.rel_errors.shape == (8,)
    bad = sparse_gradient_check(f, W, 1.5 * dW, num_checks=8, rng=1)
    assert bad.max_rel_error > 0.1
    assert sparse_gradient_check(f, W, dW, num_checks=100).numerical.shape == (24,)


# --- check_layer passes correct layers -----------------------------------------------------------


@pytest.mark.parametrize(
    ("forward", "backward", "params"),
    [
        (relu_forward, relu_backward, ()),
        (leaky_relu_forward, leaky_relu_backward, (0.1,)),
        (sigmoid_forward, sigmoid_backward, ()),
        (tanh_forward, tanh_backward, ()),
        (gelu_forward, gelu_backward, ("none",)),
        (gelu_forward, gelu_backward, ("tanh",)),
    ],
)
def test_passes_correct_activations(forward, backward, params, rng) -> None:
    result = check_layer(forward, backward, (rng.standard_normal((3, 4)),), params=params)
    assert result.passed, str(result)
    assert result["x"].checked == 12 and result["x"].skipped == 0


def test_passes_affine_and_reports_per_input(rng) -> None:
    x, w, b = rng.standard_normal((3, 2, 2)), rng.standard_normal((4, 5)), rng.standard_normal(5)
    result = check_layer(affine_forward, affine_backward, (x, w, b))
    assert result.passed, str(result)
    assert [c.name for c in result.inputs] == ["x", "w", "b"]
    assert result["w"] is result[1]
    assert result["w"].max_rel_error < 1e-7 and len(result["w"].worst_index) == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.passed = False  # type: ignore[misc]


def test_passes_losses(rng) -> None:
    x, y = rng.standard_normal((5, 4)), rng.integers(0, 4, 5)
    for loss in (softmax_loss, svm_loss):
        result = check_loss(loss, x, y)
        assert result.passed, str(result)
        assert result.inputs[0].name == "x" and result.inputs[0].checked == 20
    W, X = rng.standard_normal((3, 4)) * 0.1, rng.standard_normal((5, 3))
    assert check_loss(softmax_loss_vectorized, W, X, y, 0.05).passed


def test_saturated_units_are_not_failed_by_round_off() -> None:
    x = np.array([-1000.0, -30.0, -5.0, 0.0, 5.0, 30.0, 1000.0])
    for forward, backward in ((sigmoid_forward, sigmoid_backward), (tanh_forward, tanh_backward)):
        result = check_layer(forward, backward, (x,))
        assert result.passed, str(result)


# --- check_layer flags planted bugs -------------------------------------------------------------


def _affine_inputs(rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    # A square weight so that a transposed dw still has the right shape.
    return rng.standard_normal((4, 3)), rng.standard_normal((3, 3)), rng.standard_normal(3)


def _buggy_affine(bug: str):
    def backward(dout: np.ndarray, cache):
        dx, dw, db = affine_backward(dout, cache)
        return {
            "double_dw": (dx, 2.0 * dw, db),
            "transposed_dw": (dx, dw.T, db),
            "db_first_row": (dx, dw, dout[0]),
            "db_not_summed": (dx, dw, dout),
            "dx_flat": (dx.reshape(dx.shape[0], -1), dw, db),
            "dx_none": (None, dw, db),
        }[bug]

    return backward


@pytest.mark.parametrize(
    ("bug", "culprit", "message"),
    [
        ("double_dw", "w", ""),
        ("transposed_dw", "w", ""),
        ("db_first_row", "b", ""),
        ("db_not_summed", "b", "shape (4, 3)"),
        ("dx_none", "x", "None"),
    ],
)
def test_flags_planted_bugs(bug, culprit, message, rng) -> None:
    result = check_layer(affine_forward, _buggy_affine(bug), _affine_inputs(rng))
    assert not result.passed
    assert [c.name for c in result.inputs if not c.passed] == [culprit]
    assert message in result[culprit].message
    if not message:
        assert result[culprit].max_rel_error > 1e-2
        ix = result[culprit].worst_index
        assert result[culprit].analytic != pytest.approx(result[culprit].numerical)
        assert isinstance(ix, tuple)
    assert "FAIL" in str(result)


def test_flags_wrong_shape_of_same_size(rng) -> None:
    x, w, b = rng.standard_normal((2, 3, 2)), rng.standard_normal((6, 4)), rng.standard_normal(4)
    result = check_layer(affine_forward, _buggy_affine("dx_flat"), (x, w, b))
    assert not result["x"].passed and "expected (2, 3, 2)" in result["x"].message
    assert result["w"].passed and result["b"].passed


@pytest.mark.parametrize(
    ("backward", "needle"),
    [
        (lambda dout, cache: None, "returned None"),
        (lambda dout, cache: affine_backward(dout, cache)[:2], "2 values, expected 3"),
        (lambda dout, cache: 1 / 0, "ZeroDivisionError"),
        (lambda dout, cache: (np.full((4, 3), np.nan), *affine_backward(dout, cache)[1:]), "NaN"),
        (lambda dout, cache: ("a", "b", "c"), "not a numeric array"),
    ],
)
def test_learner_mistakes_become_failures_not_exceptions(backward, needle, rng) -> None:
    result = check_layer(affine_forward, backward, _affine_inputs(rng))
    assert not result.passed
    assert any(needle in c.message for c in result.inputs), str(result)


def test_bad_forward_becomes_a_failure(rng) -> None:
    x = rng.standard_normal((2, 3))
    no_cache = check_layer(lambda v: np.maximum(v, 0), relu_backward, (x,))
    assert not no_cache.passed and "(out, cache)" in no_cache.error
    wrong_shape = check_layer(relu_forward, relu_backward, (x,), dout=np.ones((3, 2)))
    assert not wrong_shape.passed and "shape (2, 3)" in wrong_shape.error
    raising = check_layer(lambda v: v.missing, relu_backward, (x,))
    assert not raising.passed and "AttributeError" in raising.error
    nan = check_layer(lambda v: (v * np.nan, v), lambda d, v: d, (x,))
    assert not nan.passed and "NaN" in nan.error


def test_loss_mistakes_become_failures(rng) -> None:
    x, y = rng.standard_normal((3, 4)), rng.integers(0, 4, 3)
    assert "(loss, dx)" in check_loss(lambda s, t: 1.0, x, y).error
    assert "scalar" in check_loss(lambda s, t: (s, s), x, y).error
    half = check_loss(lambda s, t: (softmax_loss(s, t)[0], 0.5 * softmax_loss(s, t)[1]), x, y)
    assert not half.passed and half.inputs[0].max_rel_error > 0.1


# --- kinks ----------------------------------------------------------------------------------------

# Exactly at the kink, inside the h window at several distances, at the edges of the h/10 and
# h/100 windows, and far away.
KINK_OFFSETS = np.array(
    [
        *(0.0, 1e-12, -1e-9, H / 2, -H / 3, 0.99 * H, -0.999 * H, H, H / 10, 0.95 * H / 100),
        *(H / 100 * (1 - 1e-7), H / 10 * (1 + 1e-6), 0.7, -0.4),
    ]
)


def test_relu_at_and_near_zero_is_not_a_false_failure(rng) -> None:
    x = np.concatenate([KINK_OFFSETS, -KINK_OFFSETS])
    result = check_layer(relu_forward, relu_backward, (x,))
    assert result.passed, str(result)
    assert 6 <= result["x"].skipped <= 10  # only points closer than h/100 to the kink
    assert result["x"].refined > 0  # the points resolved by a smaller window

    # The value at exactly 0 is a convention (torch uses 0, some learners 1): not judged.
    ge = check_layer(relu_forward, lambda dout, x: dout * (x >= 0), (x,))
    assert ge.passed, str(ge)


def test_kink_handling_still_flags_bugs_near_kinks() -> None:
    x = np.concatenate([KINK_OFFSETS, -KINK_OFFSETS])
    doubled = check_layer(relu_forward, lambda dout, x: 2 * dout * (x > 0), (x,))
    assert not doubled.passed
    # Wrong slope only on the negative side: every such point within h of 0 must still fail.
    leaky_wrong = check_layer(
        leaky_relu_forward, lambda dout, c: np.where(c[0] > 0, dout, 0.2 * dout), (x,), params=0.1
    )
    assert not leaky_wrong.passed


def test_dense_sweep_through_a_kink_has_no_false_failures() -> None:
    x = np.concatenate([np.linspace(-2 * H, 2 * H, 201), H / 100 * np.linspace(0.9, 1.1, 41)])
    for forward, backward, params in (
        (relu_forward, relu_backward, ()),
        (leaky_relu_forward, leaky_relu_backward, (0.2,)),
    ):
        result = check_layer(forward, backward, (x,), params=params)
        assert result.passed, str(result)


def _max_forward(x: np.ndarray):
    return x.max(axis=1), x


def _max_backward(dout: np.ndarray, x: np.ndarray) -> np.ndarray:
    dx = np.zeros_like(x)
    dx[np.arange(x.shape[0]), x.argmax(axis=1)] = dout  # ties: the first maximum wins
    return dx


def test_ties_in_max_are_handled() -> None:
    x = np.array([[1.0, 1.0, 0.0], [2.0, 3.0, 3.0], [0.5, 0.5 + H / 2, 0.2], [4.0, 4.0, 4.0]])
    result = check_layer(_max_forward, _max_backward, (x,))
    assert result.passed, str(result)
    assert result["x"].skipped >= 7  # tied entries sit on a kink
    doubled = check_layer(_max_forward, lambda d, v: 2 * _max_backward(d, v), (x,))
    assert not doubled.passed


def test_hinge_margin_exactly_zero(rng) -> None:
    x = rng.standard_normal((4, 3))
    y = np.array([0, 1, 2, 0])
    x[0, 1] = x[0, 0] - 1.0  # margin s_1 - s_0 + 1 is exactly 0
    x[2, 0] = x[2, 2] - 1.0
    result = check_loss(svm_loss, x, y)
    assert result.passed, str(result)
    assert result["x"].skipped >= 2
    strict = check_loss(svm_loss, x, y, kink_margin=None)
    assert not strict.passed  # without kink handling the centred difference is off at the kink


# --- options --------------------------------------------------------------------------------------


def test_max_checks_samples_coordinates(rng) -> None:
    x, w, b = rng.standard_normal((6, 5)), rng.standard_normal((5, 7)), rng.standard_normal(7)
    result = check_layer(affine_forward, affine_backward, (x, w, b), max_checks=4, rng=3)
    assert result.passed and [c.checked for c in result.inputs] == [4, 4, 4]
    again = check_layer(affine_forward, affine_backward, (x, w, b), max_checks=4, rng=3)
    assert again == result  # reproducible


def test_multiple_outputs_integer_inputs_and_params(rng) -> None:
    def forward(idx: np.ndarray, W: np.ndarray, cfg: dict):
        cfg["calls"] = cfg.get("calls", 0) + 1  # state the checker must not leak between calls
        emb = W[idx] * cfg["scale"]
        return emb, np.tanh(emb) * cfg["calls"], (idx, W, cfg["scale"])

    def backward(d_emb: np.ndarray, d_tanh: np.ndarray, cache) -> np.ndarray:
        idx, W, scale = cache
        demb = d_emb + d_tanh * (1 - np.tanh(W[idx] * scale) ** 2)
        dW = np.zeros_like(W)
        np.add.at(dW, idx, demb * scale)
        return dW

    idx, W = np.array([[0, 2], [2, 1]]), rng.standard_normal((3, 4))
    cfg = {"scale": 0.5}
    result = check_layer(forward, backward, {"idx": idx, "W": W}, params=cfg)
    assert result.passed, str(result)
    assert [c.name for c in result.inputs] == ["W"]  # integer inputs are constants
    assert cfg == {"scale": 0.5}


def test_float32_inputs_are_checked_in_float64(rng) -> None:
    seen = []

    def forward(x: np.ndarray):
        seen.append(x.dtype)
        return relu_forward(x)

    assert check_layer(forward, relu_backward, (rng.standard_normal(5).astype(np.float32),)).passed
    assert set(seen) == {np.dtype(np.float64)}


def _dict_forward(x: np.ndarray, params: dict):
    out = np.tanh(x @ params["W"] + params["b"]) * params["scale"]
    return out, (x, params, out)


def _dict_backward(dout: np.ndarray, cache):
    x, params, out = cache
    da = dout * params["scale"] * (1 - (out / params["scale"]) ** 2)
    return da @ params["W"].T, {"W": x.T @ da, "b": da.sum(axis=0)}


def test_dict_inputs_are_checked_per_key(rng) -> None:
    # A layer's params dict: its float arrays are inputs "params.W" and "params.b"; an int entry
    # is a constant.
    x = rng.standard_normal((3, 4))
    params = {"W": rng.standard_normal((4, 4)), "b": rng.standard_normal(4), "scale": np.array(2)}
    result = check_layer(_dict_forward, _dict_backward, (x, params))
    assert result.passed, str(result)
    assert [c.name for c in result.inputs] == ["x", "params.W", "params.b"]

    def buggy(dout, cache):
        dx, grads = _dict_backward(dout, cache)
        return dx, {"W": grads["W"].T}

    bad = check_layer(_dict_forward, buggy, (x, params))
    assert [c.name for c in bad.inputs if not c.passed] == ["params.W", "params.b"]
    assert "no gradient for key 'b'" in bad["params.b"].message
    no_dict = check_layer(_dict_forward, lambda d, c: (_dict_backward(d, c)[0], None), (x, params))
    assert "expected a dict of gradients" in no_dict["params.W"].message


def _softmax_rows(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_exactly_zero_gradient_within_round_off_passes(rng) -> None:
    # softmax(x + c) does not depend on a shift c shared by a row: dc is exactly 0 analytically,
    # while the numerical difference is pure round-off (about 1e-12), like an attention key bias.
    def forward(x: np.ndarray, c: np.ndarray):
        out = _softmax_rows(x + c[:, None])
        return out, out

    def backward(dout: np.ndarray, out: np.ndarray):
        dz = out * (dout - np.sum(dout * out, axis=1, keepdims=True))
        return dz, np.zeros(out.shape[0])

    inputs = (rng.standard_normal((3, 5)), rng.standard_normal(3))
    result = check_layer(forward, backward, inputs)
    assert result.passed, str(result)
    assert result["c"].max_rel_error <= 1e-7
    wrong = check_layer(forward, lambda d, o: (backward(d, o)[0], np.full(3, 1e-4)), inputs)
    assert not wrong.passed and wrong["x"].passed
