"""The stages a feed-forward classifier is a sequence of, each calling its layer through a slot.

A stage knows its parameter names and shapes, how to initialise them, its output shape and
FLOPs, and how to run its slot's forward and backward. A classifier is then one forward loop
and one backward loop over its stages (engine.models.classifiers).

Parameter names follow CS231n's FullyConnectedNet: W1, b1, gamma1, beta1, ... Batch norm's
running statistics live in the same dict as "running_mean1" / "running_var1" (not trained).
FLOPs count multiply-adds of the affine and conv products (2 FLOPs each), the usual MFU
convention; elementwise work is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

import numpy as np

from engine.layers.init import kaiming_normal

__all__ = ["Affine", "BatchNorm", "Context", "Conv", "Dropout", "MaxPool", "ReLU", "Stage"]

Params = dict[str, np.ndarray]
Fns = dict[str, Callable[..., Any]]
BN_EPS = 1e-5
BN_MOMENTUM = 0.9  # CS231n's: running = 0.9 * running + 0.1 * batch (torch's momentum=0.1)


def _pair(result: Any) -> tuple[np.ndarray, Any]:
    """A forward slot's (out, cache); a learner's function may return anything."""
    out, cache = result
    return out, cache


@dataclass(frozen=True)
class Context:
    """One forward pass: train (batch statistics, dropout on) or test; seed: base seed of the
    dropout masks (dropout stage k uses seed + k; None draws fresh masks)."""

    train: bool
    seed: int | None = None

    @property
    def mode(self) -> str:
        return "train" if self.train else "test"


class Stage(Protocol):
    """What a classifier needs from each of its stages."""

    slots: ClassVar[tuple[str, ...]]

    def init(self, rng: np.random.Generator) -> Params: ...

    def out_shape(self, shape: tuple[int, ...]) -> tuple[int, ...]: ...

    def flops(self, shape: tuple[int, ...]) -> int: ...

    def forward(
        self, x: np.ndarray, params: Params, fns: Fns, ctx: Context
    ) -> tuple[np.ndarray, Any]: ...

    def backward(self, dout: np.ndarray, cache: Any, fns: Fns) -> tuple[np.ndarray, Params]: ...


@dataclass(frozen=True)
class Affine:
    """x (N, ...) flattened -> (N, d_out); params W{index} (d_in, d_out), b{index} (d_out,).
    init_scale multiplies the Kaiming weights (0.01 on the last layer: initial loss log C)."""

    index: int
    d_in: int
    d_out: int
    init_scale: float = 1.0
    slots: ClassVar[tuple[str, ...]] = ("affine_forward", "affine_backward")

    def init(self, rng: np.random.Generator) -> Params:
        w = kaiming_normal(self.d_in, self.d_out, rng=rng) * self.init_scale
        return {f"W{self.index}": w, f"b{self.index}": np.zeros(self.d_out)}

    def out_shape(self, shape: tuple[int, ...]) -> tuple[int, ...]:
        return (self.d_out,)

    def flops(self, shape: tuple[int, ...]) -> int:
        return 2 * self.d_in * self.d_out

    def forward(self, x: np.ndarray, params: Params, fns: Fns, ctx: Context) -> tuple[Any, Any]:
        i = self.index
        return _pair(fns["affine_forward"](x, params[f"W{i}"], params[f"b{i}"]))

    def backward(self, dout: np.ndarray, cache: Any, fns: Fns) -> tuple[np.ndarray, Params]:
        dx, dw, db = fns["affine_backward"](dout, cache)
        return dx, {f"W{self.index}": dw, f"b{self.index}": db}


@dataclass(frozen=True)
class Conv:
    """x (N, C, H, W) -> (N, F, H', W'); params W{index} (F, C, k, k), b{index} (F,)."""

    index: int
    channels: int
    filters: int
    kernel: int = 3
    pad: int = 1
    stride: int = 1
    slots: ClassVar[tuple[str, ...]] = ("conv_forward", "conv_backward")

    @property
    def conv_param(self) -> dict[str, int]:
        return {"stride": self.stride, "pad": self.pad}

    def init(self, rng: np.random.Generator) -> Params:
        shape = (self.filters, self.channels, self.kernel, self.kernel)
        return {
            f"W{self.index}": kaiming_normal(shape, rng=rng),
            f"b{self.index}": np.zeros(shape[0]),
        }

    def out_shape(self, shape: tuple[int, ...]) -> tuple[int, ...]:
        size = [(d + 2 * self.pad - self.kernel) // self.stride + 1 for d in shape[1:]]
        return (self.filters, *size)

    def flops(self, shape: tuple[int, ...]) -> int:
        _, ho, wo = self.out_shape(shape)
        return 2 * self.channels * self.kernel**2 * self.filters * ho * wo

    def forward(self, x: np.ndarray, params: Params, fns: Fns, ctx: Context) -> tuple[Any, Any]:
        i = self.index
        return _pair(fns["conv_forward"](x, params[f"W{i}"], params[f"b{i}"], self.conv_param))

    def backward(self, dout: np.ndarray, cache: Any, fns: Fns) -> tuple[np.ndarray, Params]:
        dx, dw, db = fns["conv_backward"](dout, cache)
        return dx, {f"W{self.index}": dw, f"b{self.index}": db}


@dataclass(frozen=True)
class ReLU:
    """Elementwise max(0, x); no parameters."""

    slots: ClassVar[tuple[str, ...]] = ("relu_forward", "relu_backward")

    def init(self, rng: np.random.Generator) -> Params:
        return {}

    def out_shape(self, shape: tuple[int, ...]) -> tuple[int, ...]:
        return shape

    def flops(self, shape: tuple[int, ...]) -> int:
        return 0

    def forward(self, x: np.ndarray, params: Params, fns: Fns, ctx: Context) -> tuple[Any, Any]:
        return _pair(fns["relu_forward"](x))

    def backward(self, dout: np.ndarray, cache: Any, fns: Fns) -> tuple[np.ndarray, Params]:
        return fns["relu_backward"](dout, cache), {}


@dataclass(frozen=True)
class MaxPool:
    """x (N, C, H, W) -> (N, C, H // size, W // size), windows size x size at stride size."""

    size: int = 2
    slots: ClassVar[tuple[str, ...]] = ("max_pool_forward", "max_pool_backward")

    @property
    def pool_param(self) -> dict[str, int]:
        return {"pool_height": self.size, "pool_width": self.size, "stride": self.size}

    def init(self, rng: np.random.Generator) -> Params:
        return {}

    def out_shape(self, shape: tuple[int, ...]) -> tuple[int, ...]:
        return (shape[0], *(d // self.size for d in shape[1:]))

    def flops(self, shape: tuple[int, ...]) -> int:
        return 0

    def forward(self, x: np.ndarray, params: Params, fns: Fns, ctx: Context) -> tuple[Any, Any]:
        return _pair(fns["max_pool_forward"](x, self.pool_param))

    def backward(self, dout: np.ndarray, cache: Any, fns: Fns) -> tuple[np.ndarray, Params]:
        return fns["max_pool_backward"](dout, cache), {}


@dataclass(frozen=True)
class BatchNorm:
    """Batch norm over (N, dim): gamma{index}, beta{index}, running_mean{index}, running_var{index}.

    In train mode the updated running statistics are written back into params (as CS231n's
    FullyConnectedNet keeps them in its bn_params); they get no gradient.
    """

    index: int
    dim: int
    slots: ClassVar[tuple[str, ...]] = ("batchnorm_forward", "batchnorm_backward")

    def init(self, rng: np.random.Generator) -> Params:
        i, ones, zeros = self.index, np.ones(self.dim), np.zeros(self.dim)
        return {
            f"gamma{i}": ones,
            f"beta{i}": zeros,
            f"running_mean{i}": zeros.copy(),
            f"running_var{i}": ones.copy(),
        }

    def out_shape(self, shape: tuple[int, ...]) -> tuple[int, ...]:
        return shape

    def flops(self, shape: tuple[int, ...]) -> int:
        return 0

    def forward(self, x: np.ndarray, params: Params, fns: Fns, ctx: Context) -> tuple[Any, Any]:
        i = self.index
        bn_param: dict[str, Any] = {
            "mode": ctx.mode,
            "eps": BN_EPS,
            "momentum": BN_MOMENTUM,
            "running_mean": params[f"running_mean{i}"],
            "running_var": params[f"running_var{i}"],
        }
        out = fns["batchnorm_forward"](x, params[f"gamma{i}"], params[f"beta{i}"], bn_param)
        if ctx.train:
            params[f"running_mean{i}"] = bn_param["running_mean"]
            params[f"running_var{i}"] = bn_param["running_var"]
        return _pair(out)

    def backward(self, dout: np.ndarray, cache: Any, fns: Fns) -> tuple[np.ndarray, Params]:
        dx, dgamma, dbeta = fns["batchnorm_backward"](dout, cache)
        return dx, {f"gamma{self.index}": dgamma, f"beta{self.index}": dbeta}


@dataclass(frozen=True)
class Dropout:
    """Inverted dropout with drop probability p; index k offsets the mask seed (seed + k)."""

    p: float
    index: int
    slots: ClassVar[tuple[str, ...]] = ("dropout_forward", "dropout_backward")

    def dropout_param(self, ctx: Context) -> dict[str, Any]:
        """The dropout_param this stage passes to dropout_forward in a pass with ctx."""
        seed = None if ctx.seed is None else ctx.seed + self.index
        return {"p": self.p, "mode": ctx.mode, "seed": seed}

    def init(self, rng: np.random.Generator) -> Params:
        return {}

    def out_shape(self, shape: tuple[int, ...]) -> tuple[int, ...]:
        return shape

    def flops(self, shape: tuple[int, ...]) -> int:
        return 0

    def forward(self, x: np.ndarray, params: Params, fns: Fns, ctx: Context) -> tuple[Any, Any]:
        return _pair(fns["dropout_forward"](x, self.dropout_param(ctx)))

    def backward(self, dout: np.ndarray, cache: Any, fns: Fns) -> tuple[np.ndarray, Params]:
        return fns["dropout_backward"](dout, cache), {}
