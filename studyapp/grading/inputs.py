"""Making a case's inputs: sizes drawn from its `dims`, arrays from generator expressions.

Expressions are short NumPy-flavoured calls written in exercise.toml, such as
`normal(N, D)`, `labels(C, N)`, `mask(0.7, N, T)` or `normal(N, C, loc=1000)`; dimension
names are variables. They are our own content (the catalog ships with the app) and are
evaluated with only the generator functions and NumPy in scope. Inside a dict argument
(`conv_param = {stride = 2, pad = 1}`) a string starting with "=" is an expression too.
"""

from __future__ import annotations

import copy
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from studyapp.grading.catalog import Case, FunctionSpec


@dataclass(frozen=True)
class Inputs:
    """One case made concrete for one function: its arguments in order, by name, and tags."""

    case: Case
    seed: int
    dims: dict[str, int]
    values: dict[str, Any]
    args: tuple[Any, ...]
    tags: frozenset[str]

    def fresh_args(self) -> list[Any]:
        return copy.deepcopy(list(self.args))


def generators(rng: np.random.Generator) -> dict[str, Any]:
    def normal(*shape: int, scale: float = 1.0, loc: float = 0.0) -> np.ndarray:
        return loc + scale * rng.standard_normal(shape)

    def uniform(low: float, high: float, *shape: int) -> np.ndarray:
        return rng.uniform(low, high, shape)

    def ints(low: int, high: int, *shape: int) -> np.ndarray:
        return np.asarray(rng.integers(low, high, shape))

    def labels(classes: int, *shape: int) -> np.ndarray:
        return np.asarray(rng.integers(0, classes, shape))

    def mask(p_true: float, *shape: int) -> np.ndarray:
        out = rng.random(shape) < p_true
        out.reshape(-1, shape[-1] if shape else 1)[:, 0] = True  # every row keeps a True
        return out

    def positive(*shape: int, low: float = 0.5, high: float = 2.0) -> np.ndarray:
        return rng.uniform(low, high, shape)

    def boxes(n: int, size: float = 20.0) -> np.ndarray:
        corner = rng.uniform(0, size, (n, 2))
        extent = rng.uniform(1.0, size / 2, (n, 2))
        return np.concatenate([corner, corner + extent], axis=1)

    def rois(n: int, images: int, height: float, width: float) -> np.ndarray:
        index = rng.integers(0, images, (n, 1)).astype(np.float64)
        x1, y1 = rng.uniform(0, width * 0.6, (n, 1)), rng.uniform(0, height * 0.6, (n, 1))
        x2 = np.minimum(x1 + rng.uniform(1, width * 0.5, (n, 1)), width - 1)
        y2 = np.minimum(y1 + rng.uniform(1, height * 0.5, (n, 1)), height - 1)
        return np.concatenate([index, x1, y1, x2, y2], axis=1)

    def unit_rows(*shape: int) -> np.ndarray:
        x = rng.standard_normal(shape)
        return np.asarray(x / np.linalg.norm(x, axis=-1, keepdims=True))

    def distinct(n: int, *, low: float = 0.0, high: float = 1.0) -> np.ndarray:
        return np.sort(rng.permutation(np.linspace(low, high, n)))[::-1].copy()

    return {
        "normal": normal,
        "uniform": uniform,
        "ints": ints,
        "labels": labels,
        "mask": mask,
        "positive": positive,
        "boxes": boxes,
        "rois": rois,
        "unit_rows": unit_rows,
        "distinct": distinct,
        "zeros": lambda *shape: np.zeros(shape),
        "ones": lambda *shape: np.ones(shape),
        "np": np,
    }


def draw_dims(case: Case, rng: np.random.Generator) -> dict[str, int]:
    dims = {}
    for name, spec in case.dims.items():
        dims[name] = int(rng.integers(spec[0], spec[1] + 1)) if isinstance(spec, list) else spec
    return dims


def evaluate(expr: str, scope: dict[str, Any]) -> Any:
    """Our own catalog's expressions (trusted content, like a Python file), not learner input.
    Full builtins: NumPy's C code imports lazily through the calling frame's builtins. The
    scope is the globals (a copy), so lambdas and comprehensions in an expression see it too."""
    return eval(expr, dict(scope))


def _value(raw: Any, scope: dict[str, Any], top: bool) -> Any:
    if isinstance(raw, str) and (top or raw.startswith("=")):
        return evaluate(raw.removeprefix("="), scope)
    if isinstance(raw, dict):
        return {k: _value(v, scope, False) for k, v in raw.items()}
    if isinstance(raw, list):
        return tuple(_value(v, scope, False) for v in raw)
    return raw


def make_inputs(case: Case, spec: FunctionSpec, seed: int) -> Inputs:
    """The case's values for `spec`'s arguments, from a generator seeded with `seed`."""
    rng = np.random.default_rng(seed)
    dims = draw_dims(case, rng)
    scope: dict[str, Any] = {**generators(rng), **dims}
    values: dict[str, Any] = {}
    for name, raw in case.values.items():
        values[name] = _value(raw, scope, True)
        scope[name] = values[name]
    missing = [a for a in spec.args if a not in values]
    if missing:
        raise ValueError(f"case {case.name!r} gives no value for {missing} of {spec.name}")
    args = tuple(values[a] for a in spec.args)
    return Inputs(case, seed, dims, values, args, _tags(dims, args))


def _tags(dims: dict[str, int], args: tuple[Any, ...]) -> frozenset[str]:
    """What kind of input this is, so a failure that only some cases show can be named."""
    tags = set()
    arrays = [a for a in args if isinstance(a, np.ndarray) and a.dtype.kind == "f"]
    first = arrays[0] if arrays else None
    if dims.get("N") == 1 or (first is not None and first.ndim >= 2 and first.shape[0] == 1):
        tags.add("batch1")
    for arg in args:
        if isinstance(arg, dict):
            if arg.get("stride", 1) > 1:
                tags.add("stride>1")
            if arg.get("pad", 0) > 0:
                tags.add("padding>0")
            if arg.get("pool_height", 0) != arg.get("pool_width", 0):
                tags.add("non-square")
            if arg.get("mode") == "test":
                tags.add("test mode")
    for array in arrays:
        if array.ndim == 4 and array.shape[2] != array.shape[3]:
            tags.add("non-square")
    return frozenset(tags)


def differentiable(value: Any) -> Any:
    """An input to differentiate, in float64; a dict of arrays (a layer's params) stays a dict,
    each of its arrays checked as its own input."""
    if isinstance(value, dict):
        return {k: np.asarray(v, dtype=np.float64) for k, v in value.items()}
    return np.asarray(value, dtype=np.float64)


TAG_WORDS = {
    "batch1": "a batch of one",
    "stride>1": "a stride above 1",
    "padding>0": "padding",
    "non-square": "non-square inputs",
    "test mode": "test mode",
}


def reference(spec: FunctionSpec) -> Callable[..., Any]:
    module_name, _, attr = spec.reference.partition(":")
    fn: Callable[..., Any] = getattr(importlib.import_module(module_name), attr)
    if not spec.reference_kwargs:
        return fn
    kwargs = spec.reference_kwargs
    return lambda *args: fn(*args, **kwargs)
