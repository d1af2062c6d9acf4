"""Shared fixtures for the engine tests: torch (imported lazily), seeded RNG, closeness checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

TOL = 1e-9


@pytest.fixture(scope="session")
def torch() -> Any:
    """PyTorch, imported only by the tests that compare against it (CI installs the CPU build);
    without the `torch` extra those tests are skipped, with that reason."""
    _torch = pytest.importorskip("torch", reason="PyTorch is not installed (the torch extra)")

    _torch.set_default_dtype(_torch.float64)
    return _torch


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(231)


def scaled_error(actual: Any, expected: Any) -> float:
    """Max |a - e| relative to the array's scale, so entries that cancel to ~0 do not blow up."""
    a = np.asarray(actual, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    assert a.shape == e.shape, f"shape {a.shape} != expected {e.shape}"
    if a.size == 0:
        return 0.0
    scale = max(np.max(np.abs(e)), np.max(np.abs(a)), 1e-300)
    return float(np.max(np.abs(a - e)) / scale)


def assert_close(actual: Any, expected: Any, tol: float = TOL, what: str = "") -> None:
    err = scaled_error(actual, expected)
    assert err < tol, f"{what or 'value'}: scaled error {err:.3e} >= {tol:.0e}"


@pytest.fixture
def close() -> Callable[..., None]:
    return assert_close


def to_numpy(t: Any) -> np.ndarray:
    return t.detach().cpu().numpy()


def leaves(torch: Any, *arrays: np.ndarray) -> list[Any]:
    """Tensors that record gradients, one per array (float64, as the arrays are)."""
    return [torch.tensor(a, requires_grad=True) for a in arrays]
