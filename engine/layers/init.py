"""Weight initialisation rules (lecture 6).

The notes (lecture 6): weights drawn at the wrong scale make activations explode or vanish with
depth; Kaiming initialisation multiplies a standard normal by sqrt(2 / D_in) so a deep ReLU
net keeps a steady activation scale. Xavier (Glorot) uses sqrt(2 / (D_in + D_out)).

Shapes: a fully connected weight is (D_in, D_out), used as x @ W as in the notes and CS231n
(note PyTorch's nn.Linear stores (out, in)); a conv weight is (F, C, HH, WW), whose fan-in is
C * HH * WW and fan-out F * HH * WW. Every function takes either (D_in, D_out) or a full shape
tuple as its first argument.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "fan_in",
    "fan_out",
    "kaiming_normal",
    "kaiming_uniform",
    "xavier_normal",
    "xavier_uniform",
]


def fan_in(shape: tuple[int, ...]) -> int:
    """Number of inputs feeding each output unit.

    Inputs:
    - shape: (D_in, D_out) for a fully connected weight, or (F, C, HH, WW) for a conv weight
      (any (F, C, *kernel) works)

    Returns D_in, or C * HH * WW.
    """
    if len(shape) == 2:
        return int(shape[0])
    if len(shape) >= 3:
        return int(np.prod(shape[1:]))
    raise ValueError(f"fan_in needs a (D_in, D_out) or (F, C, HH, WW) shape, got {shape}")


def fan_out(shape: tuple[int, ...]) -> int:
    """Number of outputs each input unit feeds.

    Inputs:
    - shape: (D_in, D_out) or (F, C, HH, WW), as for fan_in

    Returns D_out, or F * HH * WW.
    """
    if len(shape) == 2:
        return int(shape[1])
    if len(shape) >= 3:
        return int(shape[0] * np.prod(shape[2:]))
    raise ValueError(f"fan_out needs a (D_in, D_out) or (F, C, HH, WW) shape, got {shape}")


def _shape(D_in: int | tuple[int, ...], D_out: int | None) -> tuple[int, ...]:
    """The weight shape from (D_in, D_out) or from a shape tuple passed as D_in."""
    if D_out is None:
        if isinstance(D_in, int | np.integer):
            raise ValueError("give both D_in and D_out, or a full shape tuple")
        return tuple(int(d) for d in D_in)
    if not isinstance(D_in, int | np.integer) or not isinstance(D_out, int | np.integer):
        raise TypeError("D_in and D_out must be ints (pass a shape tuple alone, rng by keyword)")
    return (int(D_in), int(D_out))


def _generator(rng: np.random.Generator | None) -> np.random.Generator:
    return np.random.default_rng() if rng is None else rng


def kaiming_normal(
    D_in: int | tuple[int, ...], D_out: int | None = None, rng: np.random.Generator | None = None
) -> np.ndarray:
    """Kaiming (He) normal init for ReLU nets: N(0, std^2) with std = sqrt(2 / fan_in).

    Inputs:
    - D_in, D_out: weight shape (D_in, D_out); or a full shape tuple as D_in, D_out omitted
      (e.g. (F, C, HH, WW), fan_in = C * HH * WW)
    - rng: numpy Generator (a fresh unseeded one when None)

    Returns the weight array of that shape.
    """
    shape = _shape(D_in, D_out)
    w: np.ndarray = _generator(rng).standard_normal(shape) * np.sqrt(2.0 / fan_in(shape))
    return w


def kaiming_uniform(
    D_in: int | tuple[int, ...], D_out: int | None = None, rng: np.random.Generator | None = None
) -> np.ndarray:
    """Kaiming uniform init: U(-a, a) with a = sqrt(6 / fan_in), i.e. std = sqrt(2 / fan_in).

    Inputs and output as kaiming_normal.
    """
    shape = _shape(D_in, D_out)
    bound = np.sqrt(6.0 / fan_in(shape))  # var of U(-a, a) is a^2 / 3
    return _generator(rng).uniform(-bound, bound, size=shape)


def xavier_normal(
    D_in: int | tuple[int, ...], D_out: int | None = None, rng: np.random.Generator | None = None
) -> np.ndarray:
    """Xavier (Glorot) normal init: N(0, std^2) with std = sqrt(2 / (fan_in + fan_out)).

    Inputs and output as kaiming_normal.
    """
    shape = _shape(D_in, D_out)
    std = np.sqrt(2.0 / (fan_in(shape) + fan_out(shape)))
    w: np.ndarray = _generator(rng).standard_normal(shape) * std
    return w


def xavier_uniform(
    D_in: int | tuple[int, ...], D_out: int | None = None, rng: np.random.Generator | None = None
) -> np.ndarray:
    """Xavier (Glorot) uniform init: U(-a, a) with a = sqrt(6 / (fan_in + fan_out)), i.e.
    std = sqrt(2 / (fan_in + fan_out)).

    Inputs and output as kaiming_normal.
    """
    shape = _shape(D_in, D_out)
    bound = np.sqrt(6.0 / (fan_in(shape) + fan_out(shape)))
    return _generator(rng).uniform(-bound, bound, size=shape)
