"""Affine layers and elementwise activations (lectures 2 and 4).

Every layer is a pair `X_forward(...) -> (out, cache)` / `X_backward(dout, cache) -> grads`.
Gradient conventions at the kinks follow PyTorch: ReLU'(0) = 0, LeakyReLU'(0) = negative_slope.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = [
    "affine_backward",
    "affine_forward",
    "gelu_backward",
    "gelu_forward",
    "leaky_relu_backward",
    "leaky_relu_forward",
    "relu_backward",
    "relu_forward",
    "sigmoid",
    "sigmoid_backward",
    "sigmoid_forward",
    "tanh_backward",
    "tanh_forward",
]

# NumPy has no erf and SciPy is not a dependency; math.erf is accurate to ~1 ulp, and frompyfunc
# applies it elementwise inside NumPy's C loop.
_erf_object = np.frompyfunc(math.erf, 1, 1)
_SQRT_2 = math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_GELU_TANH_C = math.sqrt(2.0 / math.pi)
_GELU_TANH_A = 0.044715


def _erf(x: np.ndarray) -> np.ndarray:
    return np.asarray(_erf_object(x), dtype=np.float64)


def affine_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, Any]:
    """Fully-connected layer `out = x_flat @ w + b`.

    Args:
        x: (N, d1, ..., dk) input batch; each example is flattened to D = d1 * ... * dk values.
        w: (D, M) weights.
        b: (M,) biases.

    Returns:
        out: (N, M) outputs.
        cache: (x, w, b) for `affine_backward`.
    """
    x_flat = x.reshape(x.shape[0], -1)  # (N, D)
    out = x_flat @ w + b
    return out, (x, w, b)


def affine_backward(dout: np.ndarray, cache: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward pass of `affine_forward`.

    Args:
        dout: (N, M) upstream gradient.
        cache: (x, w, b) from `affine_forward`.

    Returns:
        dx: (N, d1, ..., dk) gradient in x's original shape.
        dw: (D, M) gradient of the weights.
        db: (M,) gradient of the biases (b is broadcast over the batch, so its gradient sums it).
    """
    x, w, _ = cache
    x_flat = x.reshape(x.shape[0], -1)  # (N, D)
    dx = (dout @ w.T).reshape(x.shape)  # (N, D) -> (N, d1, ..., dk)
    dw = x_flat.T @ dout
    db = dout.sum(axis=0)
    return dx, dw, db


def relu_forward(x: np.ndarray) -> tuple[np.ndarray, Any]:
    """Rectified linear unit `max(0, x)`.

    Args:
        x: input of any shape.

    Returns:
        out: same shape as x.
        cache: x.
    """
    return np.maximum(0.0, x), x


def relu_backward(dout: np.ndarray, cache: Any) -> np.ndarray:
    """Backward pass of `relu_forward` (the max gate routes the gradient to the winner).

    Args:
        dout: upstream gradient, same shape as x.
        cache: x from `relu_forward`.

    Returns:
        dx: same shape as x; 0 where x <= 0 (PyTorch's choice at the kink x = 0).
    """
    x = cache
    dx: np.ndarray = dout * (x > 0)
    return dx


def leaky_relu_forward(x: np.ndarray, negative_slope: float = 0.01) -> tuple[np.ndarray, Any]:
    """Leaky ReLU `x if x > 0 else negative_slope * x`.

    Args:
        x: input of any shape.
        negative_slope: slope used for x <= 0.

    Returns:
        out: same shape as x.
        cache: (x, negative_slope).
    """
    out = np.where(x > 0, x, negative_slope * x)
    return out, (x, negative_slope)


def leaky_relu_backward(dout: np.ndarray, cache: Any) -> np.ndarray:
    """Backward pass of `leaky_relu_forward`.

    Args:
        dout: upstream gradient, same shape as x.
        cache: (x, negative_slope) from `leaky_relu_forward`.

    Returns:
        dx: same shape as x; the slope at x = 0 is negative_slope, as in PyTorch.
    """
    x, negative_slope = cache
    return np.where(x > 0, dout, negative_slope * dout)


def sigmoid_forward(x: np.ndarray) -> tuple[np.ndarray, Any]:
    """Logistic sigmoid `1 / (1 + exp(-x))`, stable for any |x|.

    Args:
        x: input of any shape.

    Returns:
        out: same shape as x, in [0, 1].
        cache: (out, e) with e = exp(-|x|), reused by the backward pass.
    """
    out, e = _stable_sigmoid(x)
    return out, (out, e)


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic sigmoid `1 / (1 + exp(-x))`, elementwise, any shape, stable for any |x|."""
    return _stable_sigmoid(x)[0]


def _stable_sigmoid(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # exp(-|x|) never overflows, so x = +-1000 gives no warning; each sign gets its own stable form.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e)), e


def sigmoid_backward(dout: np.ndarray, cache: Any) -> np.ndarray:
    """Backward pass of `sigmoid_forward`.

    Args:
        dout: upstream gradient, same shape as x.
        cache: (out, e) from `sigmoid_forward`.

    Returns:
        dx: dout * sigmoid(x) * (1 - sigmoid(x)), same shape as x.
    """
    _, e = cache
    # e / (1 + e)^2 equals s * (1 - s) without the cancellation in 1 - s when s is close to 1.
    dx: np.ndarray = dout * e / (1.0 + e) ** 2
    return dx


def tanh_forward(x: np.ndarray) -> tuple[np.ndarray, Any]:
    """Hyperbolic tangent.

    Args:
        x: input of any shape.

    Returns:
        out: same shape as x, in [-1, 1].
        cache: x.
    """
    return np.tanh(x), x


def tanh_backward(dout: np.ndarray, cache: Any) -> np.ndarray:
    """Backward pass of `tanh_forward`.

    Args:
        dout: upstream gradient, same shape as x.
        cache: x from `tanh_forward`.

    Returns:
        dx: dout * (1 - tanh(x)^2), same shape as x.
    """
    x = cache
    # 1 - tanh^2 = sech^2 = 4e / (1 + e)^2 with e = exp(-2|x|): no cancellation, no overflow.
    e = np.exp(-2.0 * np.abs(x))
    dx: np.ndarray = dout * 4.0 * e / (1.0 + e) ** 2
    return dx


def gelu_forward(x: np.ndarray, approximate: str = "none") -> tuple[np.ndarray, Any]:
    """Gaussian error linear unit `x * Phi(x)`, exactly or with the tanh approximation.

    Args:
        x: input of any shape.
        approximate: "none" for x * Phi(x) with the normal CDF Phi, or "tanh" for
            0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 x^3))) (PyTorch's two modes).

    Returns:
        out: same shape as x.
        cache: (x, approximate).
    """
    if approximate == "none":
        out = 0.5 * x * (1.0 + _erf(x / _SQRT_2))
    elif approximate == "tanh":
        out = 0.5 * x * (1.0 + np.tanh(_GELU_TANH_C * (x + _GELU_TANH_A * x**3)))
    else:
        raise ValueError(f"approximate must be 'none' or 'tanh', got {approximate!r}")
    return out, (x, approximate)


def gelu_backward(dout: np.ndarray, cache: Any) -> np.ndarray:
    """Backward pass of `gelu_forward`.

    Args:
        dout: upstream gradient, same shape as x.
        cache: (x, approximate) from `gelu_forward`.

    Returns:
        dx: same shape as x. Exact mode: dout * (Phi(x) + x * phi(x)) with the normal pdf phi.
    """
    x, approximate = cache
    if approximate == "none":
        cdf = 0.5 * (1.0 + _erf(x / _SQRT_2))
        pdf = _INV_SQRT_2PI * np.exp(-0.5 * x**2)
        dx_exact: np.ndarray = dout * (cdf + x * pdf)
        return dx_exact
    t = np.tanh(_GELU_TANH_C * (x + _GELU_TANH_A * x**3))
    dinner = _GELU_TANH_C * (1.0 + 3.0 * _GELU_TANH_A * x**2)
    dx: np.ndarray = dout * (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t**2) * dinner)
    return dx
