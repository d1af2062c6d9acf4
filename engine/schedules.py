"""Learning-rate schedules (lecture 3) as pure functions of the step t = 0, 1, 2, ...

`cosine(t, base_lr, total_steps)` etc. return the learning rate to use for step t; `get_schedule`
binds the hyperparameters once and returns `lr(t)`. They agree with torch.optim.lr_scheduler
(StepLR, CosineAnnealingLR, LinearLR, and LambdaLR / SequentialLR for warm-up), tested.

Linear warm-up (`warmup_steps = W > 0`): lr = base_lr * t / W for t < W, rising from 0 at t = 0
to base_lr at t = W; from then on the schedule runs on the steps since warm-up, s = t - W, so
its horizon is total_steps - W. Without warm-up s = t. Past total_steps the lr stays at its
final value (min_lr) instead of cycling.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import Any

__all__ = ["SCHEDULES", "cosine", "get_schedule", "inverse_sqrt", "linear", "step_decay"]


def _check(t: int, warmup_steps: int, total_steps: int | None = None) -> None:
    if t < 0 or warmup_steps < 0:
        raise ValueError(f"t and warmup_steps must be >= 0, got {t} and {warmup_steps}")
    if total_steps is not None and total_steps <= warmup_steps:
        raise ValueError(f"total_steps ({total_steps}) must exceed warmup_steps ({warmup_steps})")


def step_decay(
    t: int, base_lr: float, step_size: int, gamma: float = 0.1, warmup_steps: int = 0
) -> float:
    """Step decay `base_lr * gamma^(s // step_size)`: the lr shrinks by gamma every step_size steps.

    Args:
        t: step index, >= 0.
        base_lr: the initial (peak) learning rate.
        step_size: steps between decays, >= 1.
        gamma: decay factor.
        warmup_steps: length of the linear warm-up (module docstring); decays count from its end.

    Returns:
        the learning rate at step t.
    """
    _check(t, warmup_steps)
    if step_size < 1:
        raise ValueError(f"step_size must be >= 1, got {step_size}")
    if t < warmup_steps:
        return base_lr * t / warmup_steps
    return base_lr * gamma ** ((t - warmup_steps) // step_size)


def cosine(
    t: int, base_lr: float, total_steps: int, warmup_steps: int = 0, min_lr: float = 0.0
) -> float:
    """Cosine decay `min_lr + (base_lr - min_lr) * (1 + cos(pi * s / T)) / 2`, T = total - warmup.

    Args:
        t: step index, >= 0.
        base_lr: the peak learning rate (at the end of warm-up).
        total_steps: steps including warm-up; the lr reaches min_lr at t = total_steps.
        warmup_steps: length of the linear warm-up (module docstring).
        min_lr: the final learning rate.

    Returns:
        the learning rate at step t.
    """
    progress = _decay_progress(t, warmup_steps, total_steps)
    if progress is None:
        return base_lr * t / warmup_steps
    return min_lr + (base_lr - min_lr) * 0.5 * (1.0 + math.cos(math.pi * progress))


def linear(
    t: int, base_lr: float, total_steps: int, warmup_steps: int = 0, min_lr: float = 0.0
) -> float:
    """Linear decay `base_lr + (min_lr - base_lr) * s / T`, T = total_steps - warmup_steps.

    Args:
        t: step index, >= 0.
        base_lr: the peak learning rate (at the end of warm-up).
        total_steps: steps including warm-up; the lr reaches min_lr at t = total_steps.
        warmup_steps: length of the linear warm-up (module docstring).
        min_lr: the final learning rate.

    Returns:
        the learning rate at step t.
    """
    progress = _decay_progress(t, warmup_steps, total_steps)
    if progress is None:
        return base_lr * t / warmup_steps
    return base_lr + (min_lr - base_lr) * progress


def inverse_sqrt(t: int, base_lr: float, warmup_steps: int = 0) -> float:
    """Inverse square root decay `base_lr / sqrt(t)` (the slide's alpha_0 / sqrt(t)).

    With warm-up W this is the Transformer / fairseq form `base_lr * sqrt(W / t)` for t >= W,
    which continues the warm-up ramp at t = W. Unlike the other schedules it decays in t itself,
    not in t - W. Step 0 (without warm-up) uses t = 1, so the lr starts at base_lr.

    Args:
        t: step index, >= 0.
        base_lr: the peak learning rate.
        warmup_steps: length of the linear warm-up (module docstring).

    Returns:
        the learning rate at step t.
    """
    _check(t, warmup_steps)
    if t < warmup_steps:
        return base_lr * t / warmup_steps
    return base_lr * math.sqrt(max(warmup_steps, 1) / max(t, 1))


SCHEDULES: dict[str, Callable[..., float]] = {
    "step": step_decay,
    "cosine": cosine,
    "linear": linear,
    "inverse_sqrt": inverse_sqrt,
}


def get_schedule(name: str, **kwargs: Any) -> Callable[[int], float]:
    """Bind a schedule's hyperparameters: `get_schedule("cosine", base_lr=0.1, total_steps=100)(t)`.

    Args:
        name: a key of SCHEDULES ("step", "cosine", "linear", "inverse_sqrt").
        **kwargs: the schedule's arguments other than t.

    Returns:
        lr(t), the learning rate at step t.
    """
    if name not in SCHEDULES:
        raise ValueError(f"unknown schedule {name!r}; choose from {sorted(SCHEDULES)}")
    return partial(SCHEDULES[name], **kwargs)


def _decay_progress(t: int, warmup_steps: int, total_steps: int) -> float | None:
    """Fraction of the decay phase done at step t (clamped to 1), or None during warm-up."""
    _check(t, warmup_steps, total_steps)
    if t < warmup_steps:
        return None
    return min(t - warmup_steps, total_steps - warmup_steps) / (total_steps - warmup_steps)
