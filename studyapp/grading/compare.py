"""Comparing a learner's array with the reference's, and saying what is wrong in a way a
learner can act on: the wrong shape and how it differs, NaN or infinity and where it first
appears, a constant factor (x2, xN: the batch size), a transpose, a mistake learners really
make (named per exercise), or the worst entry with both values."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from studyapp.grading.catalog import Mistake
from studyapp.grading.inputs import evaluate


@dataclass(frozen=True)
class Mismatch:
    message: str
    details: tuple[str, ...] = ()


def _fmt(value: float) -> str:
    return f"{value:.6g}"


def _index(ix: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(i) for i in ix) + ")" if ix else "()"


def as_array(value: Any) -> np.ndarray | None:
    try:
        array = np.asarray(value)
    except Exception:
        return None
    if array.dtype.kind not in "biuf":
        return None
    return array


def compare(
    name: str,
    actual: Any,
    expected: Any,
    tol: float,
    *,
    factors: Mapping[str, float] | None = None,
    mistakes: Iterable[tuple[Mistake, Callable[[], Any]]] = (),
    exact: bool = False,
) -> Mismatch | None:
    """None when `actual` matches `expected` (relative error at most `tol`, in float64);
    otherwise the diagnosis. `factors` names the sizes a constant factor may be ("N": 5);
    `mistakes` are recognised wrong answers with a thunk computing each."""
    if actual is None:
        return Mismatch(f"{name} is None: did you forget to return it?")
    if isinstance(expected, Mapping):
        return _compare_dict(name, actual, expected, tol, factors, mistakes, exact)
    got, want = as_array(actual), np.asarray(expected)
    if got is None:
        return Mismatch(f"{name} is a {type(actual).__name__}, not a numeric array")
    if got.shape != want.shape:
        return _named(name, got, mistakes) or _shape(name, got, want)
    if exact or want.dtype.kind in "biu":
        if np.array_equal(got, want):
            return None
        return _named(name, got, mistakes) or _worst(name, got.astype(float), want.astype(float))
    got, want = got.astype(np.float64), want.astype(np.float64)
    bad = ~np.isfinite(got) & np.isfinite(want)
    if bad.any():
        ix = tuple(int(i) for i in np.argwhere(bad)[0])
        found = _named(name, got, mistakes)
        what = "NaN" if np.isnan(got[ix]) else "infinity"
        message = found.message if found else f"{name} holds {what}, first at index {_index(ix)}"
        details = (
            f"{int(bad.sum())} of {got.size} entries are not finite; the expected value "
            f"at {_index(ix)} is {_fmt(want[ix])}",
        )
        return Mismatch(message, details)
    error = rel_error(got, want)
    if error <= tol:
        return None
    return (
        _named(name, got, mistakes)
        or _factor(name, got, want, factors or {})
        or _transposed(name, got, want)
        or _worst(name, got, want, error, tol)
    )


def _compare_dict(
    name: str,
    actual: Any,
    expected: Mapping[str, Any],
    tol: float,
    factors: Mapping[str, float] | None,
    mistakes: Iterable[tuple[Mistake, Callable[[], Any]]],
    exact: bool,
) -> Mismatch | None:
    """A dict of arrays (the gradients of a params dict), key by key; a mistake's value is a
    dict with the same keys."""
    if not isinstance(actual, Mapping):
        keys = ", ".join(map(repr, expected))
        return Mismatch(f"{name} is a {type(actual).__name__}, not a dict with the keys {keys}")
    missing = [k for k in expected if k not in actual]
    if missing:
        return Mismatch(f"{name} has no entry {', '.join(map(repr, missing))}")
    mistakes = list(mistakes)
    for key, value in expected.items():

        def entry(compute: Callable[[], Any], key: str = key) -> Callable[[], Any]:
            return lambda: compute()[key]

        problem = compare(
            f"{name}['{key}']",
            actual[key],
            value,
            tol,
            factors=factors,
            mistakes=[(m, entry(c)) for m, c in mistakes],
            exact=exact,
        )
        if problem is not None:
            return problem
    return None


def rel_error(got: np.ndarray, want: np.ndarray) -> float:
    """CS231n's relative error, with a floor of a thousandth of the array's scale so entries
    that are 0 in both (or cancel) do not blow up, and never below CS231n's own 1e-8: a
    gradient that is 0 in theory (a key bias under softmax) is rounding noise in both."""
    if got.size == 0:
        return 0.0
    floor = max(float(np.max(np.abs(want))) * 1e-3, 1e-8)
    return float(np.max(np.abs(got - want) / np.maximum(np.abs(got) + np.abs(want), floor)))


def _shape(name: str, got: np.ndarray, want: np.ndarray) -> Mismatch:
    message = f"{name} has shape {got.shape} but must have shape {want.shape}"
    details = []
    if got.size == want.size:
        details.append("it has the right number of entries: check the reshape (keepdims?)")
        if got.ndim == 2 and got.shape == want.shape[::-1]:
            details.append("it looks transposed")
        if got.squeeze().shape == want.squeeze().shape:
            details.append(
                f"an axis of length 1 is {'extra' if got.ndim > want.ndim else 'missing'}"
            )
    elif got.ndim == want.ndim - 1 or got.ndim + 1 == want.ndim:
        details.append("one axis too few or too many: summed over the wrong axis, or keepdims?")
    return Mismatch(message, tuple(details))


def _named(
    name: str, got: np.ndarray, mistakes: Iterable[tuple[Mistake, Callable[[], Any]]]
) -> Mismatch | None:
    for mistake, compute in mistakes:
        try:
            with np.errstate(all="ignore"):  # a mistake may overflow on purpose (logits of 1e3)
                wrong = np.asarray(compute(), dtype=np.float64)
        except Exception:
            continue
        if wrong.shape == got.shape and np.allclose(
            got, wrong, rtol=1e-6, atol=1e-9, equal_nan=True
        ):
            return Mismatch(mistake.says)
    return None


def _factor(
    name: str, got: np.ndarray, want: np.ndarray, sizes: Mapping[str, float]
) -> Mismatch | None:
    if want.size == 1:  # a loss: any ratio is "constant", so only a telling one is named
        k = float(got.reshape(-1)[0] / want.reshape(-1)[0]) if want.reshape(-1)[0] else 0.0
        explain = _explain(k, sizes) if np.isfinite(k) and k else ""
        return (
            Mismatch(f"{name} is off by a constant factor: ×{_fmt(k)}{explain}")
            if explain
            else None
        )
    significant = np.abs(want) > 1e-6 * max(float(np.max(np.abs(want))), 1e-12)
    if significant.sum() < 2 or (
        np.any(got[~significant] != 0)
        and np.max(np.abs(got[~significant])) > 1e-6 * np.max(np.abs(got))
    ):
        return None
    ratios = got[significant] / want[significant]
    k = float(np.median(ratios))
    if not np.isfinite(k) or abs(k) < 1e-12 or np.max(np.abs(ratios - k)) > 1e-6 * abs(k):
        return None
    return Mismatch(f"{name} is off by a constant factor: ×{_fmt(k)}{_explain(k, sizes)}")


def _explain(k: float, sizes: Mapping[str, float]) -> str:
    for label, size in sizes.items():
        if size > 1 and np.isclose(k, size):
            return (
                f" (= {label}): the mean over the batch is missing, or a sum where a mean belongs"
            )
        if size > 1 and np.isclose(k, 1 / size):
            return f" (= 1/{label}): divided by {label} where no mean belongs"
    words = {
        2.0: " (twice too large: counted twice, or a factor 0.5 missing?)",
        0.5: " (half too small: a factor 2 missing?)",
        -1.0: " (the sign is flipped)",
    }
    for value, text in words.items():
        if np.isclose(k, value):
            return text
    return ""


def _transposed(name: str, got: np.ndarray, want: np.ndarray) -> Mismatch | None:
    if got.ndim == 2 and got.shape[0] == got.shape[1] and np.allclose(got, want.T, rtol=1e-6):
        return Mismatch(f"{name} equals the expected result transposed")
    return None


def _worst(
    name: str, got: np.ndarray, want: np.ndarray, error: float | None = None, tol: float = 0.0
) -> Mismatch:
    diff = np.abs(got - want)
    ix = (
        tuple(int(i) for i in np.unravel_index(int(np.argmax(diff)), diff.shape))
        if diff.size
        else ()
    )
    wrong = int(np.sum(~np.isclose(got, want, rtol=max(tol, 1e-9), atol=1e-12)))
    head = (
        f"{name} is wrong: relative error {error:.2e} (tolerance {tol:g})"
        if error
        else f"{name} is wrong"
    )
    details = (
        f"worst at index {_index(ix)}: expected {_fmt(want[ix])}, got {_fmt(got[ix])}",
        f"{wrong} of {got.size} entries differ",
    )
    return Mismatch(head, details)


def mistake_thunks(
    mistakes: Iterable[Mistake], function: str, output: int, scope: dict[str, Any]
) -> list[tuple[Mistake, Callable[[], Any]]]:
    """The exercise's known mistakes for one output of one function, ready to compute."""

    def thunk(expr: str) -> Callable[[], Any]:
        return lambda: evaluate(expr, {"np": np, **scope})

    return [(m, thunk(m.expr)) for m in mistakes if m.function == function and m.output == output]
