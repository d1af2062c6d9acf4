"""Machinery behind `engine.gradcheck.check_layer`: result types, probing, learner-error handling.

Private to `engine.gradcheck` (which re-exports the result types); the policy it implements is
described in that module's docstring.
"""

from __future__ import annotations

import copy
import inspect
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

_EPS = float(np.finfo(np.float64).eps)
_NOISE_C = 16.0
_STEPS = (1.0, 0.1, 0.01)  # multiples of h tried in turn for a failing coordinate


def perturbed(
    x: np.ndarray, ix: tuple[int, ...], h: float, fn: Callable[[], Any]
) -> tuple[Any, ...]:
    """(fn() at x[ix] + h, fn() at x[ix] - h, the exact distance between the two points)."""
    old = x[ix]
    try:
        x[ix] = old + h
        plus, up = fn(), x[ix]
        x[ix] = old - h
        minus, down = fn(), x[ix]
    finally:
        x[ix] = old  # restored bit for bit
    return plus, minus, up - down  # the rounded points, not 2h, so large |x| stays accurate


@dataclass(frozen=True)
class InputCheck:
    """Gradient check of one input of a layer.

    Attributes:
        name: forward's parameter name for the input, its key in `inputs`, or "input<i>".
        passed: every compared coordinate within tol, and at least one compared (or x empty).
        max_rel_error: largest error over compared coordinates (module docstring); nan if none.
        worst_index: that coordinate's index; analytic, numerical: the two values there.
        checked: coordinates examined (all, or `max_checks` sampled ones).
        refined: coordinates that failed at step h but matched with a smaller step.
        skipped: coordinates left out because they sit on a kink.
        message: why the input failed without a comparison (None, wrong shape, ...), else "".
    """

    name: str
    passed: bool
    max_rel_error: float = math.nan
    worst_index: tuple[int, ...] | None = None
    analytic: float | None = None
    numerical: float | None = None
    checked: int = 0
    refined: int = 0
    skipped: int = 0
    message: str = ""

    def describe(self) -> str:
        """One line for reports: status, name, error, worst coordinate and counts."""
        status = "ok  " if self.passed else "FAIL"
        if self.message:
            return f"{status} {self.name}: {self.message}"
        where = f" at {self.worst_index}: analytic {self.analytic:.6g}, numerical"
        where = f"{where} {self.numerical:.6g}" if self.worst_index is not None else ""
        return (
            f"{status} {self.name}: max rel error {self.max_rel_error:.2e}{where} "
            f"({self.checked} checked, {self.refined} refined, {self.skipped} skipped at kinks)"
        )


@dataclass(frozen=True)
class LayerCheckResult:
    """Result of `check_layer` / `check_loss`: one InputCheck per differentiated input.

    `error` names a failure of the whole check (forward raised, bad return value), else "".
    Index it by position or name: `result["w"]`; `str(result)` is a readable report.
    """

    passed: bool
    inputs: tuple[InputCheck, ...]
    tol: float
    h: float
    error: str = ""

    def __getitem__(self, key: int | str) -> InputCheck:
        if isinstance(key, int):
            return self.inputs[key]
        for check in self.inputs:
            if check.name == key:
                return check
        raise KeyError(key)

    @property
    def skipped(self) -> int:
        """Coordinates left out at kinks, over all inputs."""
        return sum(check.skipped for check in self.inputs)

    def __str__(self) -> str:
        head = f"gradient check {'passed' if self.passed else 'FAILED'} (tol {self.tol:g})"
        lines = [head, *(f"  error: {self.error}" for _ in [0] if self.error)]
        return "\n".join([*lines, *(f"  {check.describe()}" for check in self.inputs)])


class Problem(str):
    """Why a gradient is missing, standing in for it (a learner's own str stays a bad value)."""


class LearnerError(Exception):
    """A learner's function returned something unusable; reported as a failure, not raised."""


def split_forward(ret: Any) -> tuple[list[np.ndarray], Any]:
    """(outputs as float64 arrays, cache) from forward's `(out, ..., cache)` return value."""
    if not isinstance(ret, tuple) or len(ret) < 2:
        raise LearnerError(f"forward must return (out, cache), got {type(ret).__name__}")
    try:
        outs = [np.array(out, dtype=np.float64) for out in ret[:-1]]
    except (TypeError, ValueError) as exc:
        raise LearnerError(f"forward output is not a numeric array ({exc})") from None
    if not all(np.all(np.isfinite(out)) for out in outs):
        raise LearnerError("forward output contains NaN or inf")
    return outs, ret[-1]


def split_grads(grads: Any, count: int) -> list[Any]:
    """The gradients backward returned, one per differentiated input (a bare array when one)."""
    if count == 1 and not isinstance(grads, tuple | list):
        return [grads]
    if not isinstance(grads, tuple | list):
        kind = "None" if grads is None else f"a single {type(grads).__name__}"
        raise LearnerError(f"backward returned {kind}, expected a tuple of {count} gradients")
    if len(grads) != count:
        raise LearnerError(f"backward returned {len(grads)} values, expected {count} gradients")
    return list(grads)


def validate_grad(grad: Any, shape: tuple[int, ...]) -> np.ndarray | str:
    """The gradient as a float64 array, or the message saying why it cannot be compared."""
    if isinstance(grad, Problem):
        return str(grad)
    if grad is None:
        return "backward returned None for this input"
    try:
        grad = np.asarray(grad, dtype=np.float64)
    except (TypeError, ValueError):
        return f"gradient is not a numeric array (got {type(grad).__name__})"
    if grad.shape != shape:
        return f"gradient has shape {grad.shape}, expected {shape}"
    if not np.all(np.isfinite(grad)):
        return "gradient contains NaN or inf"
    array: np.ndarray = grad
    return array


def input_names(forward: Callable[..., Any], count: int) -> list[str]:
    try:
        params = list(inspect.signature(forward).parameters.values())
    except (TypeError, ValueError):
        params = []
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    names = [p.name for p in params if p.kind in kinds][:count]
    return names + [f"input{i}" for i in range(len(names), count)]


def looks_like_kink(slopes: list[tuple[float, ...]], margin: float) -> bool:
    """slopes: (|s+ - s-|, max(|s+|, |s-|), noise, |a - n|) at steps h, h/10, h/100."""
    (gap, size, noise, _), (gap_10, _, noise_10, _), (gap_100, _, _, miss_100) = slopes
    # A one-sided slope carries twice the centred round-off, their gap four times.
    disagree = gap > margin * size + 4 * noise
    # Curvature makes the gap shrink ten-fold per step; a kink inside every window does not.
    stays = gap_10 > max(0.5 * gap, 4 * noise_10)
    # Inside a window a kink moves the centred difference by at most the gap: it explains the miss.
    return disagree and stays and gap_100 >= miss_100


Leaf = tuple[int, str | None]  # (input index, key in a dict input or None for an array input)


def copy_input(value: Any) -> Any:
    """A fresh copy of one input (an array, or a dict of arrays such as a layer's params)."""
    if isinstance(value, Mapping):
        return {k: copy.deepcopy(v) for k, v in value.items()}
    return value.copy()


class Probe:
    """Evaluates the objective sum_k <out_k, dout_k> of a layer with one coordinate perturbed."""

    def __init__(
        self,
        forward: Callable[..., Any],
        inputs: list[Any],
        params: tuple[Any, ...],
        outs: list[np.ndarray],
        douts: list[np.ndarray],
    ) -> None:
        self.forward, self.inputs, self.params = forward, inputs, params
        self.outs, self.douts = outs, douts

    def leaf(self, leaf: Leaf) -> np.ndarray:
        k, key = leaf
        array: np.ndarray = self.inputs[k] if key is None else self.inputs[k][key]
        return array

    def outputs(self) -> list[np.ndarray]:
        copies = [copy_input(v) for v in self.inputs]  # the learner may write into its inputs
        outs, _ = split_forward(self.forward(*copies, *copy.deepcopy(self.params)))
        if [o.shape for o in outs] != [o.shape for o in self.outs]:
            raise LearnerError("forward output shape changes when an input is perturbed")
        return outs

    def _delta(self, outs_a: list[np.ndarray], outs_b: list[np.ndarray]) -> float:
        # Differencing outputs before the dot product keeps round-off relative to each output.
        return sum(
            float(np.sum((a - b) * d)) for a, b, d in zip(outs_a, outs_b, self.douts, strict=True)
        )

    def _noise(self, plus: list[np.ndarray], minus: list[np.ndarray], step: float) -> float:
        """Round-off bound for a centred difference: about eps times the terms of f that moved
        (at least 1, for O(1) intermediates that the outputs do not show)."""
        moved = sum(
            float(np.sum(np.abs(o * d)[(p != o) | (m != o)]))
            for p, m, o, d in zip(plus, minus, self.outs, self.douts, strict=True)
        )
        return _NOISE_C * _EPS * max(moved, 1.0) / step

    def slopes(self, leaf: Leaf, ix: tuple[int, ...], step: float) -> tuple[float, ...]:
        """(centred, forward one-sided, backward one-sided) slopes of f along the leaf array's
        entry ix, and the round-off allowance of the centred one."""
        x = self.leaf(leaf)
        old = x[ix]
        plus, minus, width = perturbed(x, ix, step, self.outputs)
        up, down = (old + step) - old, old - (old - step)
        centred = self._delta(plus, minus) / width
        s_plus, s_minus = self._delta(plus, self.outs) / up, self._delta(self.outs, minus) / down
        return centred, s_plus, s_minus, self._noise(plus, minus, step)

    def compare(
        self,
        leaf: Leaf,
        ix: tuple[int, ...],
        a: float,
        tol: float,
        h: float,
        kink_margin: float | None,
    ) -> tuple[str, float, float]:
        """(status, error, numerical value) of one coordinate; status ok/refined/skipped/fail."""
        best = (math.inf, math.nan)
        slopes: list[tuple[float, ...]] = []
        for j, factor in enumerate(_STEPS):
            n, s_plus, s_minus, noise = self.slopes(leaf, ix, h * factor)
            err = abs(a - n) / max(abs(a) + abs(n), 1e-8)
            if abs(a - n) <= noise:  # within round-off: scaled so that the noise bound is tol
                err = min(err, tol * abs(a - n) / noise)
            best = min(best, (err, n))
            if err <= tol:
                return ("ok" if j == 0 else "refined"), err, n
            slopes.append(
                (abs(s_plus - s_minus), max(abs(s_plus), abs(s_minus)), noise, abs(a - n))
            )
        kink = kink_margin is not None and looks_like_kink(slopes, kink_margin)
        return ("skipped" if kink else "fail"), best[0], best[1]

    def check_input(
        self,
        leaf: Leaf,
        name: str,
        grad: np.ndarray,
        tol: float,
        h: float,
        kink_margin: float | None,
        coords: list[tuple[int, ...]],
    ) -> InputCheck:
        try:
            rows = [
                (ix, *self.compare(leaf, ix, float(grad[ix]), tol, h, kink_margin)) for ix in coords
            ]
        except LearnerError as exc:
            return InputCheck(name, False, message=str(exc))
        except Exception as exc:
            return InputCheck(name, False, message=f"forward raised {exc!r} at a perturbed input")
        count = {s: sum(r[1] == s for r in rows) for s in ("refined", "skipped", "fail")}
        compared = [r for r in rows if r[1] != "skipped"]
        base: dict[str, Any] = {
            "checked": len(rows),
            "refined": count["refined"],
            "skipped": count["skipped"],
        }
        if not compared:
            empty = self.leaf(leaf).size == 0
            why = "" if empty else "every checked coordinate sits on a kink; nothing was compared"
            return InputCheck(name, empty, message=why, **base)
        ix, _, err, n = max(compared, key=lambda r: r[2])
        return InputCheck(
            name, count["fail"] == 0, float(err), ix, float(grad[ix]), float(n), **base
        )


def coordinates(
    shape: tuple[int, ...], max_checks: int | None, gen: np.random.Generator
) -> list[tuple[int, ...]]:
    size = math.prod(shape)
    if max_checks is None or size <= max_checks:
        return list(np.ndindex(shape))
    flat = np.sort(gen.choice(size, size=max_checks, replace=False))
    return [tuple(int(i) for i in np.unravel_index(j, shape)) for j in flat]


def _is_float_array(value: Any) -> bool:
    return isinstance(value, np.ndarray) and value.dtype.kind == "f"


def prepare(
    inputs: Sequence[Any] | Mapping[str, Any] | np.ndarray,
    names: Sequence[str] | None,
    wrt: Sequence[int | str] | None,
    forward: Callable[..., Any],
) -> tuple[list[Any], list[str], list[int]]:
    """Copies of the inputs (differentiated ones in float64), their names, and the indices of
    the differentiated ones. An input is an array or a dict of arrays (a layer's params)."""
    if isinstance(inputs, np.ndarray):
        inputs = (inputs,)
    if isinstance(inputs, Mapping):
        names, inputs = list(inputs), list(inputs.values())
    values: list[Any] = [
        copy_input(v) if isinstance(v, Mapping) else np.array(v, copy=True) for v in inputs
    ]
    labels = list(names) if names is not None else input_names(forward, len(values))
    if len(labels) != len(values):
        raise ValueError(f"{len(labels)} names for {len(values)} inputs")
    if wrt is None:  # integer and boolean inputs (labels, indices, masks) are constants
        wrt = [
            k
            for k, v in enumerate(values)
            if _is_float_array(v) or (isinstance(v, dict) and any(map(_is_float_array, v.values())))
        ]
    diff = [labels.index(w) if isinstance(w, str) else int(w) for w in wrt]
    for k in diff:
        if isinstance(values[k], dict):  # only its floating-point arrays are differentiated
            values[k] = {
                key: a.astype(np.float64) if _is_float_array(a) else a
                for key, a in values[k].items()
            }
        else:
            values[k] = values[k].astype(np.float64)
    return values, labels, diff


def leaf_grads(
    inputs: list[Any], labels: list[str], diff: list[int], grads: list[Any] | None
) -> list[tuple[Leaf, str, Any]]:
    """(leaf, name, gradient or message) for every differentiated array; a dict input's arrays
    are named "input.key" and take their gradients from a dict with the same keys."""
    rows: list[tuple[Leaf, str, Any]] = []
    for k, grad in zip(diff, grads or [None] * len(diff), strict=True):
        if not isinstance(inputs[k], dict):
            rows.append(((k, None), labels[k], grad))
            continue
        for key in (key for key, a in inputs[k].items() if _is_float_array(a)):
            if not isinstance(grad, Mapping):
                got = "None" if grad is None else type(grad).__name__
                entry: Any = Problem(f"expected a dict of gradients for {labels[k]}, got {got}")
            else:
                entry = grad.get(key, Problem(f"backward returned no gradient for key {key!r}"))
            rows.append(((k, key), f"{labels[k]}.{key}", entry))
    return rows


def make_douts(
    dout: np.ndarray | Sequence[np.ndarray] | None,
    outs: list[np.ndarray],
    gen: np.random.Generator,
) -> list[np.ndarray]:
    if dout is None:
        return [gen.standard_normal(o.shape) for o in outs]
    many = isinstance(dout, tuple | list) and len(outs) > 1
    douts = [np.array(d, dtype=np.float64) for d in (dout if many else [dout])]
    if len(douts) != len(outs):
        raise LearnerError(f"forward returned {len(outs)} outputs, dout has {len(douts)}")
    for o, d in zip(outs, douts, strict=True):
        if o.shape != d.shape:
            raise LearnerError(f"forward output has shape {o.shape}, expected {d.shape}")
    return douts


def failed(
    inputs: list[Any], labels: list[str], diff: list[int], tol: float, h: float, message: str
) -> LayerCheckResult:
    rows = leaf_grads(inputs, labels, diff, None)
    checks = tuple(InputCheck(name, False, message=message) for _, name, _ in rows)
    return LayerCheckResult(False, checks, tol, h, error=message)
