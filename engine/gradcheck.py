"""Numerical gradient checking (lecture 3: verify the analytic gradient with the numerical one).

The low-level helpers follow CS231n's `gradient_check.py`. `check_layer` and `check_loss` are what
the grader calls: they check a forward/backward pair end to end, in float64, and never raise on a
learner's mistake (None, wrong shape or count, an exception): it becomes a failure in the result.

Comparison. Per coordinate, with analytic value a and centred difference n, the error is CS231n's
    err = |a - n| / max(|a| + |n|, 1e-8),
except that a difference within the float64 round-off of the numerical gradient,
noise = 16 * eps * max(sum of |out * dout| over the outputs that moved, 1) / step, counts as at
most tol (as tol * |a - n| / noise when that is smaller). Without that a saturated unit (sigmoid
at x = 30: gradient 1e-13, below the resolution of f) would fail; a real bug is far larger than
the allowance. A coordinate passes when err <= tol.

Kinks (ReLU at 0, ties in a max, hinge margins at 0). Inputs are never nudged, since the analytic
gradient belongs to the point given. A coordinate that fails at step h is retried at h/10 and h/100:
a kink at distance d only spoils windows wider than d, so for d > h/100 a smaller window is smooth
and exact (counted in `refined`). A coordinate failing at every step is left out as sitting on a
kink (counted in `skipped`) only when its one-sided slopes (f(x+s)-f(x))/s and (f(x)-f(x-s))/s
disagree by more than `kink_margin` (relative) at s = h, the disagreement has not shrunk by half at
s = h/10 (for a smooth function it shrinks ten-fold: it is curvature * s; at a kink it stays) and at
s = h/100 it is still at least the mismatch (a kink inside the window accounts for all of it).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine._gradcheck import (
    InputCheck,
    LayerCheckResult,
    LearnerError,
    Probe,
    coordinates,
    copy_input,
    failed,
    input_names,
    leaf_grads,
    make_douts,
    perturbed,
    prepare,
    split_forward,
    split_grads,
    validate_grad,
)

__all__ = [
    "InputCheck",
    "LayerCheckResult",
    "SparseCheckResult",
    "check_layer",
    "check_loss",
    "eval_numerical_gradient",
    "eval_numerical_gradient_array",
    "rel_error",
    "sparse_gradient_check",
]


def rel_error(x: Any, y: Any) -> float:
    """CS231n relative error: max over elements of |x - y| / max(1e-8, |x| + |y|).

    Args:
        x, y: arrays of the same shape (0 for empty arrays).
    """
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError(f"shapes differ: {x.shape} vs {y.shape}")
    if x.size == 0:
        return 0.0
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))


def _require_float64(x: np.ndarray) -> None:
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise TypeError("x must be a float64 ndarray: a step of h is lost to rounding otherwise")


def eval_numerical_gradient(
    f: Callable[[np.ndarray], Any], x: np.ndarray, h: float = 1e-5
) -> np.ndarray:
    """Centred-difference gradient of a scalar function, perturbing x in place.

    Args:
        f: function of x returning a scalar.
        x: float64 array of any shape; restored exactly afterwards.
        h: step.

    Returns:
        grad: array of x's shape.
    """
    _require_float64(x)
    grad = np.zeros_like(x)
    for ix in np.ndindex(x.shape):
        plus, minus, width = perturbed(x, ix, h, lambda: float(f(x)))
        grad[ix] = (plus - minus) / width
    return grad


def eval_numerical_gradient_array(
    f: Callable[[np.ndarray], Any], x: np.ndarray, df: np.ndarray, h: float = 1e-5
) -> np.ndarray:
    """Centred-difference gradient of sum(f(x) * df) for an array-valued f.

    Args:
        f: function of x returning an array of df's shape.
        x: float64 array of any shape, perturbed in place and restored exactly.
        df: upstream gradient, same shape as f(x).
        h: step.

    Returns:
        grad: array of x's shape.
    """
    _require_float64(x)
    grad = np.zeros_like(x)
    for ix in np.ndindex(x.shape):
        # Copies, because f may return a view of x, which the next perturbation would change.
        plus, minus, width = perturbed(x, ix, h, lambda: np.array(f(x), dtype=np.float64))
        grad[ix] = np.sum((plus - minus) * df) / width
    return grad


@dataclass(frozen=True, eq=False)
class SparseCheckResult:
    """Result of `sparse_gradient_check`: one entry per sampled coordinate."""

    indices: tuple[tuple[int, ...], ...]
    analytic: np.ndarray
    numerical: np.ndarray
    rel_errors: np.ndarray  # CS231n relative error per coordinate
    max_rel_error: float


def sparse_gradient_check(
    f: Callable[[np.ndarray], Any],
    x: np.ndarray,
    analytic_grad: np.ndarray,
    num_checks: int = 10,
    h: float = 1e-5,
    rng: np.random.Generator | int | None = None,
) -> SparseCheckResult:
    """Compare an analytic gradient with centred differences at random coordinates only.

    Args:
        f: scalar function of x (e.g. a loss over W), for tensors too big to check everywhere.
        x: float64 array of any shape, perturbed in place and restored exactly.
        analytic_grad: gradient of f at x, same shape as x.
        num_checks: distinct coordinates to sample (all of them if x is smaller).
        h: step.
        rng: Generator or seed; None means seed 0, so reruns check the same coordinates.

    Returns:
        SparseCheckResult with the indices, both gradients there and their relative errors.
    """
    _require_float64(x)
    analytic_grad = np.asarray(analytic_grad, dtype=np.float64)
    if analytic_grad.shape != x.shape:
        raise ValueError(f"analytic_grad has shape {analytic_grad.shape}, x has {x.shape}")
    flat = np.random.default_rng(0 if rng is None else rng).choice(
        x.size, size=min(num_checks, x.size), replace=False
    )
    indices = tuple(tuple(int(i) for i in np.unravel_index(j, x.shape)) for j in flat)
    numerical = np.empty(len(indices))
    for row, ix in enumerate(indices):
        plus, minus, width = perturbed(x, ix, h, lambda: float(f(x)))
        numerical[row] = (plus - minus) / width
    analytic = np.array([analytic_grad[ix] for ix in indices])
    errors = np.abs(analytic - numerical) / np.maximum(1e-8, np.abs(analytic) + np.abs(numerical))
    top = float(errors.max()) if errors.size else 0.0
    return SparseCheckResult(indices, analytic, numerical, errors, top)


def check_layer(
    forward: Callable[..., Any],
    backward: Callable[..., Any],
    inputs: Sequence[Any] | Mapping[str, Any] | np.ndarray,
    *,
    params: Any = (),
    dout: np.ndarray | Sequence[np.ndarray] | None = None,
    tol: float = 1e-7,
    h: float = 1e-5,
    rng: np.random.Generator | int | None = None,
    kink_margin: float | None = 1e-3,
    max_checks: int | None = None,
    wrt: Sequence[int | str] | None = None,
    names: Sequence[str] | None = None,
) -> LayerCheckResult:
    """Check a layer's backward against centred differences of its forward, end to end.

    Calls `forward(*inputs, *params) -> (out, cache)` (or `(out_1, ..., out_m, cache)`) on float64
    copies, then `backward(dout, cache)` (or `backward(dout_1, ..., dout_m, cache)`), which must
    return one gradient per differentiated input, in order (a bare array when there is one). An
    input may also be a dict of arrays (a layer's `params`); its gradient is then a dict with the
    same keys, and each floating-point array in it is checked as its own input "name.key". Each
    gradient is compared with the numerical gradient of sum_k <out_k, dout_k>; see the module
    docstring for the error measure, the round-off allowance and the handling of kinks.

    Args:
        forward, backward: the layer pair under test (e.g. a learner's `affine_forward/_backward`).
        inputs: the inputs in forward's order (arrays or dicts of arrays): a sequence, a dict
            name -> input, or one array.
        params: extra positional arguments after the inputs, never differentiated (e.g.
            `(conv_param,)`); a single non-tuple value (a dict) is one argument. Deep-copied on
            every call, so a forward that updates them (running means) cannot leak state.
        dout: upstream gradient(s) of the output shape(s); None draws standard normal ones.
        tol: largest accepted relative error per coordinate.
        h: finite-difference step (h/10 and h/100 are tried where h straddles a kink).
        rng: Generator or seed for dout and sampling; None means seed 0 (reproducible).
        kink_margin: relative disagreement of the one-sided slopes that marks a kink; None never
            skips a coordinate.
        max_checks: check this many random coordinates per input instead of all of them.
        wrt: which inputs backward returns gradients for (indices or names); default: the
            floating-point ones (integer inputs such as labels or indices are constants).
        names: names for the inputs; default: forward's parameter names.

    Returns:
        LayerCheckResult: `passed`, and per differentiated array an InputCheck with the max
        relative error, worst index, the analytic and numerical values there, pass/fail and how
        many coordinates were checked, refined and skipped. Learner errors (exceptions, None,
        wrong shapes or counts) are failures in it; only a misuse of check_layer itself raises.
    """
    gen = np.random.default_rng(0 if rng is None else rng)
    params = tuple(params) if isinstance(params, tuple | list) else (params,)
    arrays, labels, diff = prepare(inputs, names, wrt, forward)
    stage = "forward"
    try:
        outs, cache = split_forward(forward(*map(copy_input, arrays), *copy.deepcopy(params)))
        douts = make_douts(dout, outs, gen)
        stage = "backward"
        grads = split_grads(backward(*[d.copy() for d in douts], cache), len(diff))
    except LearnerError as exc:
        return failed(arrays, labels, diff, tol, h, str(exc))
    except Exception as exc:
        return failed(arrays, labels, diff, tol, h, f"{stage} raised {exc!r}")
    probe = Probe(forward, arrays, params, outs, douts)
    checks = []
    for leaf, name, grad in leaf_grads(arrays, labels, diff, grads):
        valid = validate_grad(grad, probe.leaf(leaf).shape)
        if isinstance(valid, str):
            checks.append(InputCheck(name, False, message=valid))
            continue
        coords = coordinates(valid.shape, max_checks, gen)
        checks.append(probe.check_input(leaf, name, valid, tol, h, kink_margin, coords))
    return LayerCheckResult(all(c.passed for c in checks), tuple(checks), tol, h)


def check_loss(
    loss_fn: Callable[..., tuple[Any, Any]],
    x: np.ndarray,
    *args: Any,
    tol: float = 1e-7,
    h: float = 1e-5,
    rng: np.random.Generator | int | None = None,
    kink_margin: float | None = 1e-3,
    max_checks: int | None = None,
) -> LayerCheckResult:
    """Check a loss that returns `(loss, dx)`, e.g. `softmax_loss(x, y)` or
    `svm_loss_vectorized(W, X, y, reg)`, against centred differences of the loss in x.

    Args:
        loss_fn: called as `loss_fn(x, *args)`; must return (scalar loss, dx of x's shape).
        x: the differentiated first argument (scores (N, C), or weights W (D, C)), any shape.
        *args: the remaining arguments (labels y, data X, reg, ...), passed unchanged.
        tol, h, rng, kink_margin, max_checks: as in `check_layer`.

    Returns:
        LayerCheckResult with a single InputCheck, named after loss_fn's first parameter.
    """

    def forward(x: np.ndarray, *rest: Any) -> tuple[np.ndarray, Any]:
        ret = loss_fn(x, *rest)
        if not isinstance(ret, tuple) or len(ret) != 2:
            raise LearnerError(f"loss function must return (loss, dx), got {type(ret).__name__}")
        loss = np.array(ret[0], dtype=np.float64)
        if loss.size != 1:
            raise LearnerError(f"loss must be a scalar, got shape {loss.shape}")
        return loss.reshape(()), ret[1]

    return check_layer(
        forward,
        lambda dloss, dx: dx,  # dout is exactly 1, so the gradient of the loss is dx itself
        (x,),
        params=tuple(args),
        dout=np.array(1.0),
        tol=tol,
        h=h,
        rng=rng,
        kink_margin=kink_margin,
        max_checks=max_checks,
        wrt=[0],
        names=input_names(loss_fn, 1),
    )
